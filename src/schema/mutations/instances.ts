import type { AnyAction } from '../../ecs/action.js';
import {
  CreateInstance,
  DeleteInstance,
  JoinSecurityGroup,
  LeaveSecurityGroup,
  ModifyInstanceAttribute,
  RebootInstance,
  StartInstance,
  StopInstance,
} from '../../ecs/actions/instances.js';
import { instanceListing } from '../../loaders/instances.js';
import { InstanceRef } from '../instance.js';
import { affectedResource, deletedResource } from './affected.js';
import { defineMutation, type MutationDone } from './define-mutation.js';

function theInstance<A extends AnyAction>(
  _action: A,
  description: string,
  id: (done: MutationDone<A>) => string | undefined = (done) =>
    (done.input as { readonly InstanceId?: string }).InstanceId,
) {
  return affectedResource<A, typeof instanceListing.action, (typeof InstanceRef)['$inferType']>({
    field: 'instance',
    type: InstanceRef,
    listing: instanceListing,
    description,
    id,
  });
}

defineMutation({
  name: 'createInstance',
  action: CreateInstance,
  ...theInstance(
    CreateInstance,
    'The instance created; it starts out Stopped.',
    (done) => done.result.InstanceId,
  ),
});

defineMutation({
  name: 'startInstance',
  action: StartInstance,
  ...theInstance(StartInstance, 'The instance, Starting until it is Running.'),
});

defineMutation({
  name: 'stopInstance',
  action: StopInstance,
  ...theInstance(StopInstance, 'The instance, Stopping until it is Stopped.'),
});

defineMutation({
  name: 'rebootInstance',
  action: RebootInstance,
  ...theInstance(RebootInstance, 'The instance, Stopping and Starting until it is Running again.'),
});

defineMutation({
  name: 'modifyInstanceAttribute',
  action: ModifyInstanceAttribute,
  ...theInstance(ModifyInstanceAttribute, 'The instance with its new attributes.'),
});

defineMutation({
  name: 'deleteInstance',
  action: DeleteInstance,
  ...deletedResource(DeleteInstance, {
    field: 'instanceId',
    description: 'The instance released, with the disks that were to go with it.',
    id: (done) => done.input.InstanceId,
  }),
});

defineMutation({
  name: 'joinSecurityGroup',
  action: JoinSecurityGroup,
  ...theInstance(JoinSecurityGroup, 'The instance, now in the security group.'),
});

defineMutation({
  name: 'leaveSecurityGroup',
  action: LeaveSecurityGroup,
  ...theInstance(LeaveSecurityGroup, 'The instance, no longer in the security group.'),
});
