/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
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

export type InstancesDisksSnapshotsQueryVariables = Exact<{
  regionId?: string | number | null | undefined;
  instances?: number | null | undefined;
}>;


export type InstancesDisksSnapshotsQuery = { instances: { totalCount: number, hasNextPage: boolean, nodes: Array<{ id: string, name: string | null, status: InstanceStatus | null, instanceType: string | null, disks: { nodes: Array<{ id: string, type: DiskType | null, category: DiskCategory | null, size: number | null, status: DiskStatus | null, snapshots: { totalCount: number, nodes: Array<{ id: string, status: SnapshotStatus | null, progress: number | null, creationTime: string | null }> } | null }> } | null }> } | null };

export type RegionQueryVariables = Exact<{
  id: string | number;
}>;


export type RegionQuery = { region: { id: string, localName: string | null, zones: Array<{ id: string, region: { id: string } }> | null } | null };

export type RegionsAndZonesQueryVariables = Exact<{ [key: string]: never; }>;


export type RegionsAndZonesQuery = { regions: Array<{ id: string, localName: string | null, zones: Array<{ id: string, localName: string | null, availableResourceCreation: Array<string>, availableDiskCategories: Array<string> }> | null }> };


export const InstancesDisksSnapshotsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"InstancesDisksSnapshots"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"regionId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"instances"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"instances"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"regionId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"regionId"}}},{"kind":"Argument","name":{"kind":"Name","value":"page"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"size"},"value":{"kind":"Variable","name":{"kind":"Name","value":"instances"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"instanceType"}},{"kind":"Field","name":{"kind":"Name","value":"disks"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"size"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"snapshots"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"progress"}},{"kind":"Field","name":{"kind":"Name","value":"creationTime"}}]}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<InstancesDisksSnapshotsQuery, InstancesDisksSnapshotsQueryVariables>;
export const RegionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Region"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"region"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"localName"}},{"kind":"Field","name":{"kind":"Name","value":"zones"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"region"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]} as unknown as DocumentNode<RegionQuery, RegionQueryVariables>;
export const RegionsAndZonesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RegionsAndZones"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"regions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"localName"}},{"kind":"Field","name":{"kind":"Name","value":"zones"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"localName"}},{"kind":"Field","name":{"kind":"Name","value":"availableResourceCreation"}},{"kind":"Field","name":{"kind":"Name","value":"availableDiskCategories"}}]}}]}}]}}]} as unknown as DocumentNode<RegionsAndZonesQuery, RegionsAndZonesQueryVariables>;