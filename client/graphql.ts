/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** How a resource is billed (InstanceChargeType, DiskChargeType). */
export type ChargeType =
  /** `PostPaid`: pay as you go */
  | 'POST_PAID'
  /** `PrePaid`: subscription, paid in advance */
  | 'PRE_PAID'
  /** A value this gateway does not know yet; the sibling *Raw field has it. */
  | 'UNKNOWN';

/** The input of createSnapshots: the disks to act on, and the input of createSnapshot that applies to each (the same fields and rules). */
export type CreateSnapshotsInput = {
  /**
   * Standard (a standard snapshot) or Flash (a local snapshot, only for accounts that used it before 2020-12-14). No longer needed: ESSD snapshots are instantly available. Not with InstantAccess. (ECS parameter Category.)
   * @deprecated ESSD snapshots are instantly available by default today, at no extra cost: no parameter is needed for it.
   */
  category?: string | null | undefined;
  /** The snapshot description: 2 to 256 characters, not starting with http:// or https://. (ECS parameter Description.) */
  description?: string | null | undefined;
  /** These disks, one item each, in this order. */
  diskIds?: Array<string | number> | null | undefined;
  /** Answer the plan without acting: for each disk, DryRunPassed or the refusal the documented rules give from the state ECS describes (CreateSnapshot takes no DryRun). No write is sent. */
  dryRun?: boolean | null | undefined;
  /** Every disk this filter lists (in listing order). */
  filter?: DiskFilter | null | undefined;
  /** Every disk attached to these instances (DescribeDisks with InstanceId, one call each), in listing order. An instance that lists no disk (none such in the region) adds none. */
  instanceIds?: Array<string | number> | null | undefined;
  /**
   * Whether the snapshot is instantly available (ESSD only). Default false; no longer needed today. (ECS parameter InstantAccess.)
   * @deprecated ESSD snapshots are instantly available by default today, at no extra cost: no parameter is needed for it.
   */
  instantAccess?: boolean | null | undefined;
  /**
   * Days the instant access lasts, 1 to 65535, when InstantAccess is true; RetentionDays by default. (ECS parameter InstantAccessRetentionDays.)
   * @deprecated ESSD snapshots are instantly available by default today, at no extra cost: no parameter is needed for it.
   */
  instantAccessRetentionDays?: number | null | undefined;
  /** The most disks to act on: a selection of more is refused (ValidationError, code TooManyItems) before any write. At most, and by default, GATEWAY_MAX_BULK_ITEMS; a lower one also lowers the call estimate. */
  maxItems?: number | null | undefined;
  /** The region of the resources; the gateway’s configured region (ALIBABA_CLOUD_REGION_ID) when absent. */
  regionId?: string | number | null | undefined;
  /** The resource group of the snapshot. (ECS parameter ResourceGroupId.) */
  resourceGroupId?: string | number | null | undefined;
  /** Days to keep the snapshot, 1 to 65536; it is released when they pass. Kept until deleted when absent. (ECS parameter RetentionDays.) */
  retentionDays?: number | null | undefined;
  /** The snapshot name: 2 to 128 characters, starting with a letter, then letters, digits, ":", "_", "." or "-"; not starting with http://, https:// or auto (kept for automatic snapshots). (ECS parameter SnapshotName.) */
  snapshotName?: string | null | undefined;
  /** Where to store the snapshot, as an ARN (local storage such as CloudBox); the region when absent. (ECS parameter StorageLocationArn.) */
  storageLocationArn?: string | null | undefined;
  /** Tags for the snapshot, at most 20. (ECS parameter Tag.) */
  tags?: Array<NewTagInput> | null | undefined;
};

/** The kind of storage behind a disk (Category). */
export type DiskCategory =
  /** `cloud`: basic cloud disk */
  | 'CLOUD'
  /** `cloud_efficiency`: ultra cloud disk (today’s API) */
  | 'CLOUD_EFFICIENCY'
  /** `cloud_essd`: enhanced SSD (ESSD) cloud disk (today’s API) */
  | 'CLOUD_ESSD'
  /** `cloud_ssd`: SSD cloud disk (today’s API) */
  | 'CLOUD_SSD'
  /** `ephemeral`: ephemeral (local) disk */
  | 'EPHEMERAL'
  /** `ephemeral_ssd`: ephemeral (local) SSD */
  | 'EPHEMERAL_SSD'
  /** A value this gateway does not know yet; the sibling *Raw field has it. */
  | 'UNKNOWN';

/** Which disks to list (the filters of DescribeDisks); every filter given must match. */
export type DiskFilter = {
  /** Only disks this automatic snapshot policy applies to (AutoSnapshotPolicyId). */
  autoSnapshotPolicyId?: string | number | null | undefined;
  /** Only disks of this category (Category); every category when omitted. */
  category?: DiskCategory | null | undefined;
  /** Only disks whose automatic snapshots are (true) or are not (false) deleted with them (DeleteAutoSnapshot). */
  deleteAutoSnapshot?: boolean | null | undefined;
  /** Only disks that are (true) or are not (false) released with their instance (DeleteWithInstance). */
  deleteWithInstance?: boolean | null | undefined;
  /**
   * Only disks that do (true) or do not (false) take automatic snapshots (EnableAutoSnapshot).
   * @deprecated Automatic snapshots are on for every disk today: filter by autoSnapshotPolicyId to find the disks a policy applies to.
   */
  enableAutoSnapshot?: boolean | null | undefined;
  /** Only encrypted (true) or unencrypted (false) disks (Encrypted). */
  encrypted?: boolean | null | undefined;
  /** Only these disks (DiskIds): at most 10 ids in the 2014 API, 100 today. An empty list matches nothing. */
  ids?: Array<string | number> | null | undefined;
  /** Only disks attached to this instance (InstanceId). */
  instanceId?: string | number | null | undefined;
  /** Only disks of this display name (DiskName). */
  name?: string | null | undefined;
  /** Only disks that can (true) or cannot (false) be attached and detached on their own (Portable). */
  portable?: boolean | null | undefined;
  /** Only disks in this resource group (ResourceGroupId). */
  resourceGroupId?: string | number | null | undefined;
  /** Only disks created from this snapshot (SnapshotId). */
  sourceSnapshotId?: string | number | null | undefined;
  /** Only disks in this status (Status); every status when omitted. */
  status?: DiskStatus | null | undefined;
  /** Only disks that carry every one of these tags (Tag.N), at most 20. */
  tags?: Array<TagInput> | null | undefined;
  /** Only system or only data disks (DiskType); both when omitted. */
  type?: DiskType | null | undefined;
  /** Only disks in this zone (ZoneId). */
  zoneId?: string | number | null | undefined;
};

/** The state of a disk (the disk status table). */
export type DiskStatus =
  /** `Attaching`: being attached (AttachDisk) */
  | 'ATTACHING'
  /** `Available`: attached to no instance; a portable disk can be attached */
  | 'AVAILABLE'
  /** `Creating`: being created (CreateDisk) */
  | 'CREATING'
  /** `Detaching`: being detached (DetachDisk) */
  | 'DETACHING'
  /** `In_use`: attached to an instance */
  | 'IN_USE'
  /** `ReIniting`: being re-initialized to its first state (ReInitDisk) */
  | 'RE_INITING'
  /** A value this gateway does not know yet; the sibling *Raw field has it. */
  | 'UNKNOWN';

/** What a disk is to its instance (Type). */
export type DiskType =
  /** `data`: a data disk */
  | 'DATA'
  /** `system`: the system disk, holding the operating system */
  | 'SYSTEM'
  /** A value this gateway does not know yet; the sibling *Raw field has it. */
  | 'UNKNOWN';

/** Which instances to list (the filters of DescribeInstances); every filter given must match. */
export type InstanceFilter = {
  /** Only these instances (InstanceIds): at most 10 ids in the 2014 API, 100 today. An empty list matches nothing. */
  ids?: Array<string | number> | null | undefined;
  /** Only instances running this image (ImageId). */
  imageId?: string | number | null | undefined;
  /** Only classic-network instances with these intranet IP addresses (InnerIpAddresses). */
  innerIpAddresses?: Array<string> | null | undefined;
  /** Only instances billed so (InstanceChargeType): PrePaid or PostPaid. */
  instanceChargeType?: ChargeType | null | undefined;
  /** Only instances on this network type (InstanceNetworkType): classic or vpc. */
  instanceNetworkType?: InstanceNetworkType | null | undefined;
  /** Only instances of this type (InstanceType). */
  instanceType?: string | null | undefined;
  /** Only instances of this type family (InstanceTypeFamily). */
  instanceTypeFamily?: string | null | undefined;
  /** Only instances of this display name (InstanceName; today * is a wildcard). */
  name?: string | null | undefined;
  /** Only VPC instances with these private IP addresses (PrivateIpAddresses). */
  privateIpAddresses?: Array<string> | null | undefined;
  /** Only classic-network instances with these public IP addresses (PublicIpAddresses). */
  publicIpAddresses?: Array<string> | null | undefined;
  /** Only instances in this resource group (ResourceGroupId). */
  resourceGroupId?: string | number | null | undefined;
  /** Only instances in this security group (SecurityGroupId). */
  securityGroupId?: string | number | null | undefined;
  /** Only instances in this status (Status): Pending, Running, Starting, Stopping or Stopped. */
  status?: InstanceStatus | null | undefined;
  /** Only instances that carry every one of these tags (Tag.N), at most 20. */
  tags?: Array<TagInput> | null | undefined;
  /** Only instances on this VSwitch (VSwitchId). */
  vSwitchId?: string | number | null | undefined;
  /** Only instances in this VPC (VpcId). */
  vpcId?: string | number | null | undefined;
  /** Only instances in this zone (ZoneId). */
  zoneId?: string | number | null | undefined;
};

/** The network an instance is on (InstanceNetworkType). */
export type InstanceNetworkType =
  /** `classic`: the classic network */
  | 'CLASSIC'
  /** A value this gateway does not know yet; the sibling *Raw field has it. */
  | 'UNKNOWN'
  /** `vpc`: a virtual private cloud (VPC) */
  | 'VPC';

/** The state of an instance in its life cycle (the instance status table). */
export type InstanceStatus =
  /** `Deleted`: released by DeleteInstance */
  | 'DELETED'
  /** `Pending`: being created */
  | 'PENDING'
  /** `Running`: running */
  | 'RUNNING'
  /** `Starting`: starting after StartInstance or RebootInstance */
  | 'STARTING'
  /** `Stopped`: stopped; created instances start Stopped */
  | 'STOPPED'
  /** `Stopping`: stopping after StopInstance or RebootInstance */
  | 'STOPPING'
  /** A value this gateway does not know yet; the sibling *Raw field has it. */
  | 'UNKNOWN';

/** A tag to put on the resource the mutation creates (Tag.N.Key, Tag.N.Value); without a value, the tag’s value is empty. */
export type NewTagInput = {
  /** The tag key: 1 to 128 characters, not starting with aliyun or acs:, without http:// or https://. (ECS parameter Key.) */
  key: string;
  /** The tag value: up to 128 characters, not starting with acs:, without http:// or https://. (ECS parameter Value.) */
  value?: string | null | undefined;
};

/** The state of a snapshot (Status). */
export type SnapshotStatus =
  /** `accomplished`: created and complete */
  | 'ACCOMPLISHED'
  /** `failed`: creation failed */
  | 'FAILED'
  /** `progressing`: being created; see progress */
  | 'PROGRESSING'
  /** A value this gateway does not know yet; the sibling *Raw field has it. */
  | 'UNKNOWN';

/** The input of stopInstances: the instances to act on, and the input of stopInstance that applies to each (the same fields and rules). */
export type StopInstancesInput = {
  /** Answer the plan without acting: for each instance, DryRunPassed or the refusal StopInstance would meet. Under today's API, ECS's own dry run (one StopInstance with DryRun=true each); under the 2014 API, the documented rules over the state ECS describes, and no write is sent. */
  dryRun?: boolean | null | undefined;
  /** Every instance this filter lists (in listing order). */
  filter?: InstanceFilter | null | undefined;
  /** Whether to force the instance off, like pulling the power: data not yet written to disk may be lost. Default false. (ECS parameter ForceStop.) */
  forceStop?: boolean | null | undefined;
  /** These instances, one item each, in this order. */
  ids?: Array<string | number> | null | undefined;
  /** The most instances to act on: a selection of more is refused (ValidationError, code TooManyItems) before any write. At most, and by default, GATEWAY_MAX_BULK_ITEMS; a lower one also lowers the call estimate. */
  maxItems?: number | null | undefined;
  /** The region of the resources; the gateway’s configured region (ALIBABA_CLOUD_REGION_ID) when absent. */
  regionId?: string | number | null | undefined;
};

/** A tag a listed resource must carry (Tag.N.Key, Tag.N.Value). Without a value, any value of the key matches. */
export type TagInput = {
  /** The tag key: 1 to 128 characters, not starting with aliyun or acs:, without http:// or https://. */
  key: string;
  /** The tag value: up to 128 characters, not starting with acs:, without http:// or https://. */
  value?: string | null | undefined;
};

export type BulkSnapshotsPlanMutationVariables = Exact<{
  input: CreateSnapshotsInput;
}>;


export type BulkSnapshotsPlanMutation = { createSnapshots:
    | { __typename: 'CreateSnapshotsPayload', dryRun: boolean, items: Array<{ diskId: string, result:
          | { __typename: 'CreateSnapshotPayload' }
          | { __typename: 'DryRunPassed', action: string }
          | { __typename: 'EcsBusinessError', code: string, httpStatus: number | null, message: string }
          | { __typename: 'EcsIdempotencyError', code: string, httpStatus: number | null, message: string }
          | { __typename: 'EcsIncorrectStateError', code: string, httpStatus: number | null, message: string }
          | { __typename: 'EcsLockedError', code: string, httpStatus: number | null, message: string }
          | { __typename: 'EcsNotFoundError', code: string, httpStatus: number | null, message: string }
          | { __typename: 'EcsQuotaError', code: string, httpStatus: number | null, message: string }
          | { __typename: 'OutcomeUnknownError' }
          | { __typename: 'ValidationError' }
         | null }> }
    | { __typename: 'ValidationError', field: string, rule: string, code: string }
   };

export type BulkSnapshotsMutationVariables = Exact<{
  input: CreateSnapshotsInput;
}>;


export type BulkSnapshotsMutation = { createSnapshots:
    | { __typename: 'CreateSnapshotsPayload', items: Array<{ diskId: string, result:
          | { __typename: 'CreateSnapshotPayload', requestId: string | null, snapshot: { id: string, status: SnapshotStatus | null, progress: number | null } | null }
          | { __typename: 'DryRunPassed' }
          | { __typename: 'EcsBusinessError', message: string, code: string, httpStatus: number | null }
          | { __typename: 'EcsIdempotencyError', message: string, code: string, httpStatus: number | null }
          | { __typename: 'EcsIncorrectStateError', message: string, code: string, httpStatus: number | null }
          | { __typename: 'EcsLockedError', message: string, code: string, httpStatus: number | null }
          | { __typename: 'EcsNotFoundError', message: string, code: string, httpStatus: number | null }
          | { __typename: 'EcsQuotaError', message: string, code: string, httpStatus: number | null }
          | { __typename: 'OutcomeUnknownError', message: string, code: string, resourceIds: Array<string> }
          | { __typename: 'ValidationError', message: string }
         | null }> }
    | { __typename: 'ValidationError', field: string, rule: string, code: string }
   };

export type BulkStopInstancesMutationVariables = Exact<{
  input: StopInstancesInput;
}>;


export type BulkStopInstancesMutation = { stopInstances:
    | { __typename: 'StopInstancesPayload', dryRun: boolean, items: Array<{ instanceId: string, result:
          | { __typename: 'DryRunPassed', action: string }
          | { __typename: 'EcsBusinessError', code: string, httpStatus: number | null, message: string }
          | { __typename: 'EcsIncorrectStateError', code: string, httpStatus: number | null, message: string }
          | { __typename: 'EcsLockedError', code: string, httpStatus: number | null, message: string }
          | { __typename: 'EcsNotFoundError', code: string, httpStatus: number | null, message: string }
          | { __typename: 'OutcomeUnknownError' }
          | { __typename: 'StopInstancePayload', instance: { id: string, status: InstanceStatus | null } | null }
          | { __typename: 'ValidationError' }
         | null }> }
    | { __typename: 'ValidationError', field: string, rule: string, code: string }
   };

export type InstancesDisksSnapshotsQueryVariables = Exact<{
  regionId?: string | number | null | undefined;
  instances?: number | null | undefined;
}>;


export type InstancesDisksSnapshotsQuery = { instances: { totalCount: number, hasNextPage: boolean, nodes: Array<{ id: string, name: string | null, status: InstanceStatus | null, instanceType: string | null, disks: { nodes: Array<{ id: string, type: DiskType | null, category: DiskCategory | null, size: number | null, status: DiskStatus | null, snapshots: { totalCount: number, nodes: Array<{ id: string, status: SnapshotStatus | null, progress: number | null, creationTime: string | null }> } | null }> } | null }> } | null };

export type QuickStartInstancesQueryVariables = Exact<{
  regionId?: string | number | null | undefined;
}>;


export type QuickStartInstancesQuery = { instances: { nodes: Array<{ id: string, name: string | null, status: InstanceStatus | null, disks: { nodes: Array<{ id: string, type: DiskType | null, status: DiskStatus | null }> } | null }> } | null };

export type QuickStartSnapshotsMutationVariables = Exact<{
  input: CreateSnapshotsInput;
}>;


export type QuickStartSnapshotsMutation = { createSnapshots:
    | { __typename: 'CreateSnapshotsPayload', dryRun: boolean, items: Array<{ diskId: string, result:
          | { __typename: 'CreateSnapshotPayload', snapshot: { id: string, status: SnapshotStatus | null, progress: number | null } | null }
          | { __typename: 'DryRunPassed', action: string }
          | { __typename: 'EcsBusinessError', code: string, httpStatus: number | null, message: string }
          | { __typename: 'EcsIdempotencyError', code: string, httpStatus: number | null, message: string }
          | { __typename: 'EcsIncorrectStateError', code: string, httpStatus: number | null, message: string }
          | { __typename: 'EcsLockedError', code: string, httpStatus: number | null, message: string }
          | { __typename: 'EcsNotFoundError', code: string, httpStatus: number | null, message: string }
          | { __typename: 'EcsQuotaError', code: string, httpStatus: number | null, message: string }
          | { __typename: 'OutcomeUnknownError', code: string, resourceIds: Array<string> }
          | { __typename: 'ValidationError' }
         | null }> }
    | { __typename: 'ValidationError', field: string, rule: string, code: string }
   };

export type QuickStartSnapshotProgressSubscriptionVariables = Exact<{
  ids: Array<string | number> | string | number;
  regionId?: string | number | null | undefined;
}>;


export type QuickStartSnapshotProgressSubscription = { snapshotProgress: { id: string, sourceDiskId: string | null, status: SnapshotStatus | null, progress: number | null, available: boolean | null } };

export type RegionQueryVariables = Exact<{
  id: string | number;
}>;


export type RegionQuery = { region: { id: string, localName: string | null, zones: Array<{ id: string, region: { id: string } }> | null } | null };

export type RegionsAndZonesQueryVariables = Exact<{ [key: string]: never; }>;


export type RegionsAndZonesQuery = { regions: Array<{ id: string, localName: string | null, zones: Array<{ id: string, localName: string | null, availableResourceCreation: Array<string>, availableDiskCategories: Array<string> }> | null }> };

export type WatchSnapshotProgressSubscriptionVariables = Exact<{
  ids: Array<string | number> | string | number;
  regionId?: string | number | null | undefined;
}>;


export type WatchSnapshotProgressSubscription = { snapshotProgress: { id: string, status: SnapshotStatus | null, progress: number | null, sourceDiskId: string | null } };

export type WatchInstanceStatusSubscriptionVariables = Exact<{
  ids: Array<string | number> | string | number;
  regionId?: string | number | null | undefined;
  until?: Array<InstanceStatus> | InstanceStatus | null | undefined;
}>;


export type WatchInstanceStatusSubscription = { instanceStatus: { id: string, status: InstanceStatus | null, disks: { nodes: Array<{ id: string, status: DiskStatus | null }> } | null } };


export const BulkSnapshotsPlanDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"BulkSnapshotsPlan"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateSnapshotsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createSnapshots"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CreateSnapshotsPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dryRun"}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"diskId"}},{"kind":"Field","name":{"kind":"Name","value":"result"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DryRunPassed"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"action"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"EcsActionError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"httpStatus"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<BulkSnapshotsPlanMutation, BulkSnapshotsPlanMutationVariables>;
export const BulkSnapshotsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"BulkSnapshots"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateSnapshotsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createSnapshots"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CreateSnapshotsPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"diskId"}},{"kind":"Field","name":{"kind":"Name","value":"result"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CreateSnapshotPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requestId"}},{"kind":"Field","name":{"kind":"Name","value":"snapshot"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"progress"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MutationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"EcsActionError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"httpStatus"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OutcomeUnknownError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"resourceIds"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<BulkSnapshotsMutation, BulkSnapshotsMutationVariables>;
export const BulkStopInstancesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"BulkStopInstances"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"StopInstancesInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stopInstances"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"StopInstancesPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dryRun"}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"instanceId"}},{"kind":"Field","name":{"kind":"Name","value":"result"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"StopInstancePayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"instance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"EcsActionError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"httpStatus"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DryRunPassed"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"action"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<BulkStopInstancesMutation, BulkStopInstancesMutationVariables>;
export const InstancesDisksSnapshotsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"InstancesDisksSnapshots"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"regionId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"instances"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"instances"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"regionId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"regionId"}}},{"kind":"Argument","name":{"kind":"Name","value":"page"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"size"},"value":{"kind":"Variable","name":{"kind":"Name","value":"instances"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"instanceType"}},{"kind":"Field","name":{"kind":"Name","value":"disks"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"size"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"snapshots"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"progress"}},{"kind":"Field","name":{"kind":"Name","value":"creationTime"}}]}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<InstancesDisksSnapshotsQuery, InstancesDisksSnapshotsQueryVariables>;
export const QuickStartInstancesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"QuickStartInstances"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"regionId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"instances"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"regionId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"regionId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"disks"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<QuickStartInstancesQuery, QuickStartInstancesQueryVariables>;
export const QuickStartSnapshotsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"QuickStartSnapshots"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateSnapshotsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createSnapshots"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CreateSnapshotsPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dryRun"}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"diskId"}},{"kind":"Field","name":{"kind":"Name","value":"result"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DryRunPassed"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"action"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CreateSnapshotPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"snapshot"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"progress"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"EcsActionError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"httpStatus"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OutcomeUnknownError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"resourceIds"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<QuickStartSnapshotsMutation, QuickStartSnapshotsMutationVariables>;
export const QuickStartSnapshotProgressDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"QuickStartSnapshotProgress"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ids"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"regionId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"snapshotProgress"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ids"}}},{"kind":"Argument","name":{"kind":"Name","value":"regionId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"regionId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"sourceDiskId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"progress"}},{"kind":"Field","name":{"kind":"Name","value":"available"}}]}}]}}]} as unknown as DocumentNode<QuickStartSnapshotProgressSubscription, QuickStartSnapshotProgressSubscriptionVariables>;
export const RegionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Region"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"region"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"localName"}},{"kind":"Field","name":{"kind":"Name","value":"zones"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"region"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]} as unknown as DocumentNode<RegionQuery, RegionQueryVariables>;
export const RegionsAndZonesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RegionsAndZones"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"regions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"localName"}},{"kind":"Field","name":{"kind":"Name","value":"zones"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"localName"}},{"kind":"Field","name":{"kind":"Name","value":"availableResourceCreation"}},{"kind":"Field","name":{"kind":"Name","value":"availableDiskCategories"}}]}}]}}]}}]} as unknown as DocumentNode<RegionsAndZonesQuery, RegionsAndZonesQueryVariables>;
export const WatchSnapshotProgressDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"WatchSnapshotProgress"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ids"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"regionId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"snapshotProgress"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ids"}}},{"kind":"Argument","name":{"kind":"Name","value":"regionId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"regionId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"progress"}},{"kind":"Field","name":{"kind":"Name","value":"sourceDiskId"}}]}}]}}]} as unknown as DocumentNode<WatchSnapshotProgressSubscription, WatchSnapshotProgressSubscriptionVariables>;
export const WatchInstanceStatusDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"WatchInstanceStatus"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ids"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"regionId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"until"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"InstanceStatus"}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"instanceStatus"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ids"}}},{"kind":"Argument","name":{"kind":"Name","value":"regionId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"regionId"}}},{"kind":"Argument","name":{"kind":"Name","value":"until"},"value":{"kind":"Variable","name":{"kind":"Name","value":"until"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"disks"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]}}]} as unknown as DocumentNode<WatchInstanceStatusSubscription, WatchInstanceStatusSubscriptionVariables>;