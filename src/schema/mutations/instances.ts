import { type InstanceItem, instanceListing } from '../../loaders/instances.js';
import type { AnyAction } from '../../spec/action.js';
import { CreateInstance } from '../../spec/actions/create-instance.js';
import {
  DeleteInstance,
  JoinSecurityGroup,
  LeaveSecurityGroup,
  ModifyInstanceAttribute,
  RebootInstance,
  StartInstance,
  StopInstance,
} from '../../spec/actions/instance-writes.js';
import { InstanceRef } from '../instance.js';
import { affectedResource, deletedResource, describeAfter } from './affected.js';
import { defineMutation, type MutationDone } from './define-mutation.js';
import { showsAttributes } from './evidence.js';
import { type NoEvidence, noEvidence } from './lost-answer.js';

function theInstance<A extends AnyAction>(
  _action: A,
  description: string,
  afterLostAnswer:
    | { readonly shows: string; readonly holds: (item: InstanceItem, done: MutationDone<A>) => boolean }
    | NoEvidence,
  id: (done: MutationDone<A>) => string | undefined = (done) =>
    (done.input as { readonly InstanceId?: string }).InstanceId,
) {
  return affectedResource<A, typeof instanceListing.action, InstanceItem>({
    field: 'instance',
    type: InstanceRef,
    listing: instanceListing,
    description,
    id,
    afterLostAnswer,
  });
}

/** After a lost answer: the instance is in one of these statuses. */
function statusIn(...statuses: string[]) {
  return {
    shows: `the instance is ${statuses.join(' or ')}`,
    holds: (item: InstanceItem) => item.Status !== undefined && statuses.includes(item.Status),
  };
}

defineMutation({
  name: 'createInstance',
  action: CreateInstance,
  ...theInstance(
    CreateInstance,
    'The instance created; it starts out Stopped.',
    noEvidence('the new instance’s id was in the lost answer'),
    (done) => done.result?.InstanceId,
  ),
});

/** The single mutation; startInstances does it for each instance. */
export const startInstance = defineMutation({
  name: 'startInstance',
  action: StartInstance,
  ...theInstance(
    StartInstance,
    'The instance, Starting until it is Running.',
    statusIn('Starting', 'Running'),
  ),
});

/** The single mutation; stopInstances does it for each instance. */
export const stopInstance = defineMutation({
  name: 'stopInstance',
  action: StopInstance,
  ...theInstance(
    StopInstance,
    'The instance, Stopping until it is Stopped.',
    statusIn('Stopping', 'Stopped'),
  ),
});

defineMutation({
  name: 'rebootInstance',
  action: RebootInstance,
  ...theInstance(
    RebootInstance,
    'The instance, Stopping and Starting until it is Running again.',
    noEvidence(
      'a reboot ends where it began, Running, and Stopping or Starting may be another client’s doing',
    ),
  ),
});

defineMutation({
  name: 'modifyInstanceAttribute',
  action: ModifyInstanceAttribute,
  ...theInstance(ModifyInstanceAttribute, 'The instance with its new attributes.', {
    shows:
      'the instance has every attribute given (a new password cannot be read back, so with one it cannot)',
    holds: (item, done) =>
      showsAttributes(item, done.input, {
        InstanceId: 'InstanceId',
        InstanceName: 'InstanceName',
        Description: 'Description',
        HostName: 'HostName',
      }),
  }),
});

defineMutation({
  name: 'deleteInstance',
  action: DeleteInstance,
  ...deletedResource(DeleteInstance, {
    field: 'instanceId',
    description: 'The instance released, with the disks that were to go with it.',
    id: (done) => done.input.InstanceId,
    lookUp: (done, id) => describeAfter(done.context, instanceListing, done.regionId, id),
  }),
});

defineMutation({
  name: 'joinSecurityGroup',
  action: JoinSecurityGroup,
  ...theInstance(JoinSecurityGroup, 'The instance, now in the security group.', {
    shows: 'the instance is in the security group',
    holds: (item, done) => (item.SecurityGroupIds ?? []).includes(done.input.SecurityGroupId),
  }),
});

defineMutation({
  name: 'leaveSecurityGroup',
  action: LeaveSecurityGroup,
  ...theInstance(LeaveSecurityGroup, 'The instance, no longer in the security group.', {
    shows: 'the instance is no longer in the security group',
    holds: (item, done) => !(item.SecurityGroupIds ?? []).includes(done.input.SecurityGroupId),
  }),
});
