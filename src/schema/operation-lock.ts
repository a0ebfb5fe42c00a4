import { builder, type GatewayTypes } from './builder.js';
import { defineOpenEnum, openEnumFields } from './enums.js';
import { nonEmpty, optionalText } from './wire-values.js';

/** A lock as ECS lists it: OperationLocksType's LockReason (and, today, LockMsg). */
export interface OperationLockItem {
  readonly LockReason?: string | undefined;
  readonly LockMsg?: string | undefined;
}

export const LockReason = defineOpenEnum('LockReason', {
  description: 'Why a resource is locked (OperationLocksType LockReason).',
  values: {
    financial: 'locked because the account is in arrears',
    security: 'locked for security reasons',
  },
});

export const OperationLockRef = builder.objectRef<OperationLockItem>('OperationLock').implement({
  description:
    'A lock on a resource (OperationLocksType): while it holds, ECS refuses some operations on the resource.',
  fields: (t) => ({
    ...openEnumFields(t, 'lockReason', LockReason, {
      description: 'Why the resource is locked (LockReason): financial or security.',
      read: (lock) => nonEmpty(lock.LockReason),
    }),
    lockMessage: t.string({
      nullable: true,
      description: 'What ECS says of the lock, when it says something (LockMsg, today’s API).',
      resolve: (lock) => optionalText(lock.LockMsg),
    }),
  }),
});

/** The `operationLocks` field of a lockable resource. */
export function operationLocksField<Parent>(
  t: PothosSchemaTypes.ObjectFieldBuilder<GatewayTypes, Parent>,
  what: string,
  read: (parent: Parent) => readonly OperationLockItem[],
) {
  return t.field({
    type: [OperationLockRef],
    description: `Why the ${what} is locked (OperationLocks); empty when no lock holds.`,
    resolve: (parent) => read(parent),
  });
}
