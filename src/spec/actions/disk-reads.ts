import { defineAction } from '../action.js';
import { DiskItemType } from '../datatypes.js';
import { documented, tagErrors } from '../documented-errors.js';
import { PAGED_BY_TOKENS, p } from '../params.js';
import { t } from '../shape.js';
import { tagsParam } from '../value-rules.js';

export const DescribeDisks = defineAction({
  name: 'DescribeDisks',
  summary:
    'Lists the disks of a region, page by page; every filter given must match (an empty DiskIds array matches nothing).',
  idempotency: 'read',
  reads: {
    kind: 'disk',
    list: 'Disks',
    ids: 'DiskIds',
    status: { field: 'Status', transitional: ['Creating', 'Attaching', 'Detaching', 'ReIniting'] },
  },
  params: {
    RegionId: p.string({ required: true, doc: 'The region to list.' }),
    ZoneId: p.string({ doc: 'Only disks in this zone; all zones when absent.' }),
    DiskIds: p.idList({
      max: 'ids',
      code: 'InvalidDiskIds.Malformed',
      httpStatus: 403,
      doc: 'Only these disks: a JSON array such as ["d-1", "d-2"], at most 10 ids in the 2014 API and 100 today.',
    }),
    InstanceId: p.id({ doc: 'Only disks attached to this instance.' }),
    DiskType: p.string({
      values: ['all', 'system', 'data'],
      code: 'InvalidDiskType.ValueNotSupported',
      doc: 'all (default), system or data.',
    }),
    Category: p.string({
      values: ['all', 'cloud', 'cloud_efficiency', 'cloud_ssd', 'cloud_essd', 'ephemeral', 'ephemeral_ssd'],
      code: 'InvalidCategory.ValueNotSupported',
      doc: 'Only disks of this category; all (default).',
    }),
    Status: p.string({
      values: ['In_use', 'Available', 'Attaching', 'Detaching', 'Creating', 'ReIniting', 'All'],
      code: 'InvalidStatus.ValueNotSupported',
      doc: 'Only disks in this status: In_use, Available, Attaching, Detaching, Creating, ReIniting; All (default).',
    }),
    SnapshotId: p.id({ doc: 'Only disks created from this snapshot.' }),
    DiskName: p.string({ doc: 'Only disks of this name.' }),
    Portable: p.bool({
      doc: 'Only disks that can (true) or cannot (false) be attached and detached on their own.',
    }),
    DeleteWithInstance: p.bool({
      doc: 'Only disks that are (true) or are not (false) released with their instance.',
    }),
    DeleteAutoSnapshot: p.bool({
      doc: 'Only disks whose automatic snapshots are (true) or are not (false) deleted with them.',
    }),
    EnableAutoSnapshot: p.bool({
      doc: 'Only disks that do (true) or do not (false) take automatic snapshots.',
      deprecated:
        'Automatic snapshots are on for every disk today: filter by autoSnapshotPolicyId to find the disks a policy applies to.',
    }),
    AutoSnapshotPolicyId: p.id({ doc: 'Only disks this automatic snapshot policy applies to.' }),
    Encrypted: p.bool({ doc: 'Only encrypted (true) or unencrypted (false) disks.' }),
    ResourceGroupId: p.string({ doc: 'Only disks in this resource group.' }),
    Tag: tagsParam('Only disks that carry these tags (Tag.N.Key, Tag.N.Value, N up to 20).'),
    PageNumber: p.pageNumber({ deprecated: PAGED_BY_TOKENS }),
    PageSize: p.pageSize({ deprecated: PAGED_BY_TOKENS }),
    MaxResults: p.maxResults(500),
    NextToken: p.nextToken(),
  },
  response: {
    RegionId: t.string,
    TotalCount: t.int,
    PageNumber: t.int,
    PageSize: t.int,
    NextToken: t.string,
    Disks: t.list('Disk', DiskItemType),
  },
  page: { list: 'Disks', tokens: { maxResults: 500, minResults: 10 } },
  errors: [
    documented(
      'InvalidDiskType.ValueNotSupported',
      400,
      'The specified disk type is not supported.',
      'DiskType is not all, system or data.',
    ),
    documented(
      'InvalidCategory.ValueNotSupported',
      400,
      'The specified disk category is not supported.',
      'The Category is not supported or not authorized.',
    ),
    documented(
      'InvalidStatus.ValueNotSupported',
      400,
      'The specified disk status is not supported.',
      'The Status is not a disk status.',
    ),
    documented(
      'InvalidDiskIds.Malformed',
      403,
      'The amount of specified disk Ids exceeds the limit.',
      'DiskIds is not a JSON array of ids, or holds more ids than allowed.',
    ),

    ...tagErrors,
  ],
});
