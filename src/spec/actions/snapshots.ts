import { defineAction } from '../action.js';
import { SnapshotType } from '../datatypes.js';
import { documented, tagErrors } from '../documented-errors.js';
import { PAGED_BY_TOKENS, p } from '../params.js';
import { t } from '../shape.js';
import { tagsParam } from '../value-rules.js';

export const DeleteSnapshot = defineAction({
  name: 'DeleteSnapshot',
  summary:
    'Deletes a snapshot, or cancels one still being created. ECS ignores an id that does not exist; snapshots behind a custom image stay until the image is deleted.',
  idempotency: 'none',
  changes: [{ kind: 'snapshot', ids: 'SnapshotId' }],
  params: {
    SnapshotId: p.id({ required: true, doc: 'The snapshot to delete.' }),
    Force: p.bool({
      doc: 'Today: also delete a snapshot that disks were created from (those disks can no longer be re-initialized). Default false.',
    }),
  },
  response: {},
  errors: [
    documented(
      'SnapshotCreatedImage',
      403,
      'The snapshot has been used to create user defined image(s).',
      'A custom image was created from the snapshot; delete the image first.',
    ),
    documented(
      'SnapshotCreatedDisk',
      403,
      'The snapshot has been used to create disk(s).',
      'Disks were created from the snapshot; delete with Force to go ahead.',
    ),
  ],
});

export const DescribeSnapshots = defineAction({
  name: 'DescribeSnapshots',
  summary:
    'Lists the snapshots of a region, page by page; every filter given must match (an empty SnapshotIds array matches nothing).',
  idempotency: 'read',
  reads: {
    kind: 'snapshot',
    list: 'Snapshots',
    ids: 'SnapshotIds',
    status: { field: 'Status', transitional: ['progressing'] },
  },
  params: {
    RegionId: p.string({ required: true, doc: 'The region to list.' }),
    InstanceId: p.id({ doc: 'Only snapshots of the disks of this instance.' }),
    DiskId: p.id({ doc: 'Only snapshots of this disk.' }),
    SnapshotIds: p.idList({
      max: 'ids',
      code: 'InvalidSnapshotIds.Malformed',
      httpStatus: 403,
      doc: 'Only these snapshots: a JSON array such as ["s-1", "s-2"], at most 10 ids in the 2014 API and 100 today.',
    }),
    SnapshotName: p.string({ doc: 'Only snapshots of this name.' }),
    Status: p.string({
      values: ['progressing', 'accomplished', 'failed', 'all'],
      doc: 'Only snapshots in this status: progressing, accomplished or failed; all (default).',
    }),
    SnapshotType: p.string({
      values: ['auto', 'user', 'all'],
      doc: 'Only automatic (auto) or manual (user) snapshots; all (default).',
    }),
    SourceDiskType: p.string({
      values: ['System', 'Data'],
      ignoreCase: true,
      doc: 'Only snapshots of system or data disks.',
    }),
    Usage: p.string({
      values: ['image', 'disk', 'image_disk', 'none'],
      doc: 'Only snapshots used for images, disks, both (image_disk), or neither (none).',
    }),
    Category: p.string({
      values: ['standard', 'flash', 'archive'],
      ignoreCase: true,
      doc: 'Only standard, flash (local) or archive snapshots.',
    }),
    Encrypted: p.bool({ doc: 'Only encrypted (true) or unencrypted (false) snapshots.' }),
    ResourceGroupId: p.string({ doc: 'Only snapshots in this resource group.' }),
    Tag: tagsParam('Only snapshots that carry these tags (Tag.N.Key, Tag.N.Value, N up to 20).'),
    PageNumber: p.pageNumber({ deprecated: PAGED_BY_TOKENS }),
    PageSize: p.pageSize({ deprecated: PAGED_BY_TOKENS }),
    MaxResults: p.maxResults(100),
    NextToken: p.nextToken(),
  },
  response: {
    RegionId: t.string,
    TotalCount: t.int,
    PageNumber: t.int,
    PageSize: t.int,
    NextToken: t.string,
    Snapshots: t.list('Snapshot', SnapshotType),
  },
  page: { list: 'Snapshots', tokens: { maxResults: 100 } },
  errors: [
    documented(
      'InvalidSnapshotIds.Malformed',
      403,
      'The amount of specified specified snapshot Ids exceeds the limit.',
      'SnapshotIds is not a JSON array of ids, or holds more ids than allowed.',
    ),

    ...tagErrors,
  ],
});
