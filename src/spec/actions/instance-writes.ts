import { defineAction } from '../action.js';
import {
  diskError,
  documented,
  incorrectInstanceStatus,
  instanceLockedForSecurity,
  instanceNotFound,
  internalError,
  securityGroupNotFound,
} from '../documented-errors.js';
import { dryRunParam } from '../dry-run.js';
import {
  forceStop,
  hostNameParam,
  instanceDescription,
  instanceId,
  instanceName,
  instanceSecurityGroupId,
} from '../instance-common.js';
import { p } from '../params.js';
import { password } from '../value-rules.js';

export const StartInstance = defineAction({
  name: 'StartInstance',
  summary: 'Starts a Stopped instance; it goes through Starting to Running.',
  idempotency: 'none',
  changes: [{ kind: 'instance', ids: 'InstanceId' }],
  params: { InstanceId: instanceId, DryRun: dryRunParam() },
  response: {},
  errors: [
    instanceNotFound,
    documented(
      'IncorrectInstanceStatus',
      403,
      'The current state of the instance does not support this operation.',
      'The instance is not Stopped.',
    ),
    instanceLockedForSecurity,
    documented(
      'InsufficientBalance',
      403,
      'Your account does not have enough balance.',
      'The account balance is too low to start the instance.',
    ),
    internalError,
    documented(
      'InstanceNotReady',
      403,
      'The specified instance is not ready for use',
      'The instance is still being created.',
    ),
    diskError,
  ],
});

export const StopInstance = defineAction({
  name: 'StopInstance',
  summary: 'Stops a Running instance; it goes through Stopping to Stopped.',
  idempotency: 'none',
  changes: [{ kind: 'instance', ids: 'InstanceId' }],
  params: { InstanceId: instanceId, ForceStop: forceStop, DryRun: dryRunParam() },
  response: {},
  errors: [instanceNotFound, incorrectInstanceStatus, instanceLockedForSecurity],
});

export const RebootInstance = defineAction({
  name: 'RebootInstance',
  summary: 'Restarts a Running instance; it goes to Starting, then Running.',
  idempotency: 'none',
  changes: [{ kind: 'instance', ids: 'InstanceId' }],
  params: { InstanceId: instanceId, ForceStop: forceStop, DryRun: dryRunParam() },
  response: {},
  errors: [instanceNotFound, incorrectInstanceStatus, instanceLockedForSecurity, diskError],
});

export const ModifyInstanceAttribute = defineAction({
  name: 'ModifyInstanceAttribute',
  summary:
    'Changes the name, description, password or host name of an instance; only the given attributes change. A new password takes effect after a restart.',
  idempotency: 'none',
  changes: [{ kind: 'instance', ids: 'InstanceId' }],
  params: {
    InstanceId: instanceId,
    InstanceName: instanceName,
    Description: instanceDescription,
    Password: p.string({
      minLength: 8,
      maxLength: 30,
      check: password,
      code: 'InvalidHostPassword.Malformed',
      doc: 'The new password: 8 to 30 characters with three of upper case, lower case, digits and special characters. Not for Starting or Deleted instances, nor locked ones.',
    }),
    HostName: hostNameParam,
  },
  response: {},
  errors: [
    instanceNotFound,
    documented(
      'InvalidInstanceName.Malformed',
      400,
      'The specified parameter "InstanceName" is not valid.',
      'The InstanceName breaks the resource name rule.',
    ),
    documented(
      'InvalidDescription.Malformed',
      400,
      'The specified parameter "Description" is not valid.',
      'The Description breaks the description rule.',
    ),
    documented(
      'InvalidHostPassword.Malformed',
      400,
      'The specified parameter "Password" is not valid.',
      'The Password breaks the password rule.',
    ),
    documented(
      'InvalidHostName.Malformed',
      400,
      'The specified parameter "HostName" is not valid.',
      'The HostName breaks the host name rule.',
    ),
    incorrectInstanceStatus,
    instanceLockedForSecurity,
  ],
});

export const DeleteInstance = defineAction({
  name: 'DeleteInstance',
  summary:
    'Releases a Stopped instance with its DeleteWithInstance disks; the data cannot be recovered. Locked instances lose all their disks.',
  idempotency: 'none',
  // Its disks are released or detached with it, their automatic snapshots may go, and
  // its image may no longer be in use.
  changes: [
    { kind: 'instance', ids: 'InstanceId' },
    { kind: 'disk' },
    { kind: 'snapshot' },
    { kind: 'image' },
  ],
  params: { InstanceId: instanceId, DryRun: dryRunParam() },
  response: {},
  errors: [
    // Not in the 2014 table, but every other instance action documents it and ECS answers it today.
    instanceNotFound,
    incorrectInstanceStatus,
    documented(
      'ChargeTypeViolation',
      403,
      'The operation is not permitted due to charge type of the instance.',
      'A PrePaid (subscription) instance cannot be deleted.',
    ),
    internalError,
    documented(
      'DependencyViolation.SLBConfiguring',
      400,
      'Specified operation is denied as the instance is being used by another product.',
      'A load balancer that uses the instance is being configured.',
    ),
  ],
});

export const JoinSecurityGroup = defineAction({
  name: 'JoinSecurityGroup',
  summary:
    'Adds a Running or Stopped instance to a security group: at most 5 groups an instance, 1,000 instances a group.',
  idempotency: 'none',
  // A security group lists none of its instances, so only the instance changes.
  changes: [{ kind: 'instance', ids: 'InstanceId' }],
  params: { InstanceId: instanceId, SecurityGroupId: instanceSecurityGroupId },
  response: {},
  errors: [
    instanceNotFound,
    securityGroupNotFound,
    documented(
      'InstanceSecurityGroupLimitExceeded',
      400,
      'Exceeding the allowed number of security groups that an instance can be in.',
      'The instance is in as many security groups as it may (5).',
    ),
    incorrectInstanceStatus,
    instanceLockedForSecurity,
    documented(
      'SecurityGroupInstanceLimitExceeded',
      403,
      'Exceeding the allowed number of instances of a security group.',
      'The security group holds as many instances as it may (1,000).',
    ),
    documented(
      'InvalidInstanceId.Mismatch',
      403,
      'Specified instance and security group are not in the same VPC.',
      'The instance and the security group are not in the same VPC (or only one of them is in a VPC).',
    ),
    documented(
      'InvalidInstanceId.AlreadyExists',
      403,
      'The specified instance is already in the specified security group.',
      'The instance is already in the security group.',
    ),
  ],
});

export const LeaveSecurityGroup = defineAction({
  name: 'LeaveSecurityGroup',
  summary:
    'Removes a Running or Stopped instance from one of its security groups; an instance keeps at least one.',
  idempotency: 'none',
  changes: [{ kind: 'instance', ids: 'InstanceId' }],
  params: { InstanceId: instanceId, SecurityGroupId: instanceSecurityGroupId },
  response: {},
  errors: [
    instanceNotFound,
    securityGroupNotFound,
    documented(
      'InstanceLastSecurityGroup',
      403,
      'The SecurityGroup is the only one for the Instance.',
      'The security group is the only one of the instance.',
    ),
    incorrectInstanceStatus,
    instanceLockedForSecurity,
  ],
});
