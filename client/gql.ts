/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query InstancesDisksSnapshots($regionId: ID, $instances: Int = 5) {\n  instances(regionId: $regionId, page: {size: $instances}) {\n    totalCount\n    hasNextPage\n    nodes {\n      id\n      name\n      status\n      instanceType\n      disks {\n        nodes {\n          id\n          type\n          category\n          size\n          status\n          snapshots {\n            totalCount\n            nodes {\n              id\n              status\n              progress\n              creationTime\n            }\n          }\n        }\n      }\n    }\n  }\n}": typeof types.InstancesDisksSnapshotsDocument,
    "query QuickStartInstances($regionId: ID) {\n  instances(regionId: $regionId) {\n    nodes {\n      id\n      name\n      status\n    }\n  }\n}\n\nquery QuickStartDisks($regionId: ID, $instanceId: ID!) {\n  disks(regionId: $regionId, filter: {instanceId: $instanceId}) {\n    nodes {\n      id\n      type\n      status\n      size\n    }\n  }\n}\n\nmutation QuickStartCreateSnapshot($input: CreateSnapshotInput!) {\n  createSnapshot(input: $input) {\n    __typename\n    ... on CreateSnapshotPayload {\n      requestId\n      snapshot {\n        id\n        status\n        progress\n      }\n    }\n    ... on ValidationError {\n      message\n      problems {\n        field\n        rule\n      }\n    }\n    ... on EcsActionError {\n      code\n      message\n      requestId\n    }\n  }\n}\n\nquery QuickStartSnapshotProgress($regionId: ID, $id: ID!) {\n  snapshot(regionId: $regionId, id: $id) {\n    id\n    status\n    progress\n    available\n  }\n}": typeof types.QuickStartInstancesDocument,
    "query Region($id: ID!) {\n  region(id: $id) {\n    id\n    localName\n    zones {\n      id\n      region {\n        id\n      }\n    }\n  }\n}": typeof types.RegionDocument,
    "query RegionsAndZones {\n  regions {\n    id\n    localName\n    zones {\n      id\n      localName\n      availableResourceCreation\n      availableDiskCategories\n    }\n  }\n}": typeof types.RegionsAndZonesDocument,
    "subscription WatchSnapshotProgress($ids: [ID!]!, $regionId: ID) {\n  snapshotProgress(ids: $ids, regionId: $regionId) {\n    id\n    status\n    progress\n    sourceDiskId\n  }\n}\n\nsubscription WatchInstanceStatus($ids: [ID!]!, $regionId: ID, $until: [InstanceStatus!]) {\n  instanceStatus(ids: $ids, regionId: $regionId, until: $until) {\n    id\n    status\n    disks {\n      nodes {\n        id\n        status\n      }\n    }\n  }\n}": typeof types.WatchSnapshotProgressDocument,
};
const documents: Documents = {
    "query InstancesDisksSnapshots($regionId: ID, $instances: Int = 5) {\n  instances(regionId: $regionId, page: {size: $instances}) {\n    totalCount\n    hasNextPage\n    nodes {\n      id\n      name\n      status\n      instanceType\n      disks {\n        nodes {\n          id\n          type\n          category\n          size\n          status\n          snapshots {\n            totalCount\n            nodes {\n              id\n              status\n              progress\n              creationTime\n            }\n          }\n        }\n      }\n    }\n  }\n}": types.InstancesDisksSnapshotsDocument,
    "query QuickStartInstances($regionId: ID) {\n  instances(regionId: $regionId) {\n    nodes {\n      id\n      name\n      status\n    }\n  }\n}\n\nquery QuickStartDisks($regionId: ID, $instanceId: ID!) {\n  disks(regionId: $regionId, filter: {instanceId: $instanceId}) {\n    nodes {\n      id\n      type\n      status\n      size\n    }\n  }\n}\n\nmutation QuickStartCreateSnapshot($input: CreateSnapshotInput!) {\n  createSnapshot(input: $input) {\n    __typename\n    ... on CreateSnapshotPayload {\n      requestId\n      snapshot {\n        id\n        status\n        progress\n      }\n    }\n    ... on ValidationError {\n      message\n      problems {\n        field\n        rule\n      }\n    }\n    ... on EcsActionError {\n      code\n      message\n      requestId\n    }\n  }\n}\n\nquery QuickStartSnapshotProgress($regionId: ID, $id: ID!) {\n  snapshot(regionId: $regionId, id: $id) {\n    id\n    status\n    progress\n    available\n  }\n}": types.QuickStartInstancesDocument,
    "query Region($id: ID!) {\n  region(id: $id) {\n    id\n    localName\n    zones {\n      id\n      region {\n        id\n      }\n    }\n  }\n}": types.RegionDocument,
    "query RegionsAndZones {\n  regions {\n    id\n    localName\n    zones {\n      id\n      localName\n      availableResourceCreation\n      availableDiskCategories\n    }\n  }\n}": types.RegionsAndZonesDocument,
    "subscription WatchSnapshotProgress($ids: [ID!]!, $regionId: ID) {\n  snapshotProgress(ids: $ids, regionId: $regionId) {\n    id\n    status\n    progress\n    sourceDiskId\n  }\n}\n\nsubscription WatchInstanceStatus($ids: [ID!]!, $regionId: ID, $until: [InstanceStatus!]) {\n  instanceStatus(ids: $ids, regionId: $regionId, until: $until) {\n    id\n    status\n    disks {\n      nodes {\n        id\n        status\n      }\n    }\n  }\n}": types.WatchSnapshotProgressDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query InstancesDisksSnapshots($regionId: ID, $instances: Int = 5) {\n  instances(regionId: $regionId, page: {size: $instances}) {\n    totalCount\n    hasNextPage\n    nodes {\n      id\n      name\n      status\n      instanceType\n      disks {\n        nodes {\n          id\n          type\n          category\n          size\n          status\n          snapshots {\n            totalCount\n            nodes {\n              id\n              status\n              progress\n              creationTime\n            }\n          }\n        }\n      }\n    }\n  }\n}"): (typeof documents)["query InstancesDisksSnapshots($regionId: ID, $instances: Int = 5) {\n  instances(regionId: $regionId, page: {size: $instances}) {\n    totalCount\n    hasNextPage\n    nodes {\n      id\n      name\n      status\n      instanceType\n      disks {\n        nodes {\n          id\n          type\n          category\n          size\n          status\n          snapshots {\n            totalCount\n            nodes {\n              id\n              status\n              progress\n              creationTime\n            }\n          }\n        }\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query QuickStartInstances($regionId: ID) {\n  instances(regionId: $regionId) {\n    nodes {\n      id\n      name\n      status\n    }\n  }\n}\n\nquery QuickStartDisks($regionId: ID, $instanceId: ID!) {\n  disks(regionId: $regionId, filter: {instanceId: $instanceId}) {\n    nodes {\n      id\n      type\n      status\n      size\n    }\n  }\n}\n\nmutation QuickStartCreateSnapshot($input: CreateSnapshotInput!) {\n  createSnapshot(input: $input) {\n    __typename\n    ... on CreateSnapshotPayload {\n      requestId\n      snapshot {\n        id\n        status\n        progress\n      }\n    }\n    ... on ValidationError {\n      message\n      problems {\n        field\n        rule\n      }\n    }\n    ... on EcsActionError {\n      code\n      message\n      requestId\n    }\n  }\n}\n\nquery QuickStartSnapshotProgress($regionId: ID, $id: ID!) {\n  snapshot(regionId: $regionId, id: $id) {\n    id\n    status\n    progress\n    available\n  }\n}"): (typeof documents)["query QuickStartInstances($regionId: ID) {\n  instances(regionId: $regionId) {\n    nodes {\n      id\n      name\n      status\n    }\n  }\n}\n\nquery QuickStartDisks($regionId: ID, $instanceId: ID!) {\n  disks(regionId: $regionId, filter: {instanceId: $instanceId}) {\n    nodes {\n      id\n      type\n      status\n      size\n    }\n  }\n}\n\nmutation QuickStartCreateSnapshot($input: CreateSnapshotInput!) {\n  createSnapshot(input: $input) {\n    __typename\n    ... on CreateSnapshotPayload {\n      requestId\n      snapshot {\n        id\n        status\n        progress\n      }\n    }\n    ... on ValidationError {\n      message\n      problems {\n        field\n        rule\n      }\n    }\n    ... on EcsActionError {\n      code\n      message\n      requestId\n    }\n  }\n}\n\nquery QuickStartSnapshotProgress($regionId: ID, $id: ID!) {\n  snapshot(regionId: $regionId, id: $id) {\n    id\n    status\n    progress\n    available\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Region($id: ID!) {\n  region(id: $id) {\n    id\n    localName\n    zones {\n      id\n      region {\n        id\n      }\n    }\n  }\n}"): (typeof documents)["query Region($id: ID!) {\n  region(id: $id) {\n    id\n    localName\n    zones {\n      id\n      region {\n        id\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query RegionsAndZones {\n  regions {\n    id\n    localName\n    zones {\n      id\n      localName\n      availableResourceCreation\n      availableDiskCategories\n    }\n  }\n}"): (typeof documents)["query RegionsAndZones {\n  regions {\n    id\n    localName\n    zones {\n      id\n      localName\n      availableResourceCreation\n      availableDiskCategories\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription WatchSnapshotProgress($ids: [ID!]!, $regionId: ID) {\n  snapshotProgress(ids: $ids, regionId: $regionId) {\n    id\n    status\n    progress\n    sourceDiskId\n  }\n}\n\nsubscription WatchInstanceStatus($ids: [ID!]!, $regionId: ID, $until: [InstanceStatus!]) {\n  instanceStatus(ids: $ids, regionId: $regionId, until: $until) {\n    id\n    status\n    disks {\n      nodes {\n        id\n        status\n      }\n    }\n  }\n}"): (typeof documents)["subscription WatchSnapshotProgress($ids: [ID!]!, $regionId: ID) {\n  snapshotProgress(ids: $ids, regionId: $regionId) {\n    id\n    status\n    progress\n    sourceDiskId\n  }\n}\n\nsubscription WatchInstanceStatus($ids: [ID!]!, $regionId: ID, $until: [InstanceStatus!]) {\n  instanceStatus(ids: $ids, regionId: $regionId, until: $until) {\n    id\n    status\n    disks {\n      nodes {\n        id\n        status\n      }\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;