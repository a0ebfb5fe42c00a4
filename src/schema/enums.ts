import type { EnumRef } from '@pothos/core';
import { builder, type GatewayTypes } from './builder.js';

/** The internal value of UNKNOWN; no ECS wire value looks like it. */
const UNKNOWN = '#unknown';

/** ECS's value to a GraphQL enum name: `cloud_efficiency` → `CLOUD_EFFICIENCY`, `PendingCreate` → `PENDING_CREATE`. */
export function enumName(wire: string): string {
  return wire
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase();
}

/**
 * An enum over ECS values that a newer API may extend: the documented values, plus
 * UNKNOWN for anything else, so a new status never fails a query. Expose it with
 * `openEnumFields`, which adds the raw string beside it.
 */
export interface OpenEnum {
  readonly ref: EnumRef<GatewayTypes, string, string>;
  readonly known: ReadonlySet<string>;
  /** A wire value to the enum's internal value: itself when documented, else UNKNOWN. */
  read(wire: string): string;
}

export function defineOpenEnum(
  name: string,
  options: { readonly description: string; readonly values: Readonly<Record<string, string>> },
): OpenEnum {
  const known = new Set(Object.keys(options.values));
  const values = Object.fromEntries([
    ...Object.entries(options.values).map(([wire, description]) => [
      enumName(wire),
      { value: wire, description: `\`${wire}\`: ${description}` },
    ]),
    [
      'UNKNOWN',
      {
        value: UNKNOWN,
        description: 'A value this gateway does not know yet; the sibling *Raw field has it.',
      },
    ],
  ]);
  const ref = builder.enumType(name, { description: options.description, values }) as EnumRef<
    GatewayTypes,
    string,
    string
  >;
  return { ref, known, read: (wire) => (known.has(wire) ? wire : UNKNOWN) };
}

/**
 * The two fields of an open enum on an object: `<field>` (the enum, UNKNOWN for a
 * new value) and `<field>Raw` (the string ECS sent). Both are null when ECS sent none.
 */
export function openEnumFields<Parent, const Field extends string>(
  t: PothosSchemaTypes.ObjectFieldBuilder<GatewayTypes, Parent>,
  field: Field,
  openEnum: OpenEnum,
  options: { readonly description: string; readonly read: (parent: Parent) => string | undefined },
) {
  return {
    [field]: t.field({
      type: openEnum.ref,
      nullable: true,
      description: options.description,
      resolve: (parent) => {
        const wire = options.read(parent);
        return wire === undefined ? null : openEnum.read(wire);
      },
    }),
    [`${field}Raw`]: t.string({
      nullable: true,
      description: `${options.description} Exactly as ECS returned it, including values newer than this gateway.`,
      resolve: (parent) => options.read(parent) ?? null,
    }),
  } as Record<Field | `${Field}Raw`, PothosSchemaTypes.FieldRef<GatewayTypes, unknown, 'Object'>>;
}
