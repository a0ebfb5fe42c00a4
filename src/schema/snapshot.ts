import { attachedInstanceOf, diskListing, MAX_DISKS_PER_INSTANCE } from '../loaders/disks.js';
import { instanceSnapshotsPlan } from '../loaders/instance-snapshots.js';
import { pageOfCollected } from '../loaders/pages.js';
import { type SnapshotItem, snapshotListing, snapshotsOfDisk } from '../loaders/snapshots.js';
import { DescribeSnapshots } from '../spec/actions/snapshots.js';
import { builder } from './builder.js';
import { upstreamCost } from './cost.js';
import { decidedBy } from './deciding-pages.js';
import { DiskRef } from './disk.js';
import { defineOpenEnum, openEnumFields } from './enums.js';
import { present } from './errors.js';
import { InstanceRef } from './instance.js';
import { defineListingFilter } from './listing-filter.js';
import { relationScope, withCursorScope } from './page-cursor.js';
import { resolvePageRequest } from './page-request.js';
import { pageArgument, pageObject, relationFieldCost } from './pagination.js';
import { defineResourceQueries } from './resource-queries.js';
import { tagsField } from './tag.js';
import { nonEmpty, optionalText, percent } from './wire-values.js';

export const SnapshotStatus = defineOpenEnum('SnapshotStatus', {
  description: 'The state of a snapshot (Status).',
  values: {
    progressing: 'being created; see progress',
    accomplished: 'created and complete',
    failed: 'creation failed',
  },
});

export const SourceDiskType = defineOpenEnum('SourceDiskType', {
  description: 'What the source disk of a snapshot was to its instance (SourceDiskType).',
  values: {
    system: 'the system disk',
    data: 'a data disk',
  },
});

export const SnapshotCreator = defineOpenEnum('SnapshotCreator', {
  description: 'Who made a snapshot (SnapshotType).',
  values: {
    auto: 'an automatic snapshot policy',
    user: 'a user, with CreateSnapshot or in the console',
  },
});

export const SnapshotUsage = defineOpenEnum('SnapshotUsage', {
  description: 'What a snapshot has been used to create (Usage).',
  values: {
    image: 'custom images',
    disk: 'disks',
    image_disk: 'custom images and disks',
    none: 'nothing yet',
  },
});

export const SnapshotCategory = defineOpenEnum('SnapshotCategory', {
  description: 'The kind of storage a snapshot is kept in (Category, today’s API).',
  values: {
    standard: 'a standard snapshot',
    flash: 'a local snapshot',
    archive: 'an archived snapshot',
  },
});

/** The Snapshot type; its relations are added below. */
export const SnapshotRef = builder.objectRef<SnapshotItem>('Snapshot');

SnapshotRef.implement({
  description:
    'A point-in-time copy of a disk, to roll the disk back or to create disks and images from (SnapshotType).',
  fields: (t) => ({
    id: t.id({
      description: 'The ID of the snapshot (SnapshotId).',
      resolve: (snapshot) => present(snapshot.SnapshotId, 'SnapshotId of a snapshot'),
    }),
    name: t.string({
      nullable: true,
      description: 'The display name of the snapshot (SnapshotName), when one was given at creation.',
      resolve: (snapshot) => optionalText(snapshot.SnapshotName),
    }),
    description: t.string({
      nullable: true,
      description: 'The description of the snapshot (Description).',
      resolve: (snapshot) => optionalText(snapshot.Description),
    }),
    regionId: t.id({
      description: 'The ID of the region the snapshot belongs to (RegionId).',
      resolve: (snapshot) => optionalText(snapshot.RegionId) ?? snapshot.regionId,
    }),
    ...openEnumFields(t, 'status', SnapshotStatus, {
      description: 'The status of the snapshot (Status): progressing, accomplished or failed.',
      read: (snapshot) => nonEmpty(snapshot.Status),
    }),
    progress: t.int({
      nullable: true,
      description: 'How far creation has come, in percent from 0 to 100 (Progress, `42%` on the wire).',
      resolve: (snapshot) => percent(snapshot.Progress),
    }),
    available: t.boolean({
      nullable: true,
      description:
        'Whether the snapshot can be used: to roll back its disk, create disks or create images (Available, today’s API).',
      resolve: (snapshot) => snapshot.Available ?? null,
    }),
    sourceDiskId: t.id({
      nullable: true,
      description:
        'The ID of the disk the snapshot was taken of (SourceDiskId); kept after that disk is released.',
      resolve: (snapshot) => optionalText(snapshot.SourceDiskId),
    }),
    sourceDiskSize: t.int({
      nullable: true,
      description: 'The size of the source disk, in GiB (SourceDiskSize).',
      resolve: (snapshot) => snapshot.SourceDiskSize ?? null,
    }),
    ...openEnumFields(t, 'sourceDiskType', SourceDiskType, {
      description: 'What the source disk was to its instance (SourceDiskType): System or Data.',
      // ECS writes it System, DATA or data depending on the version.
      read: (snapshot) => nonEmpty(snapshot.SourceDiskType)?.toLowerCase(),
    }),
    productCode: t.string({
      nullable: true,
      description: 'The product of the image marketplace the source disk came from (ProductCode).',
      resolve: (snapshot) => optionalText(snapshot.ProductCode),
    }),
    ...openEnumFields(t, 'snapshotType', SnapshotCreator, {
      description: 'Who made the snapshot (SnapshotType): auto (a policy) or user.',
      read: (snapshot) => nonEmpty(snapshot.SnapshotType),
    }),
    ...openEnumFields(t, 'usage', SnapshotUsage, {
      description: 'What the snapshot has been used to create (Usage): image, disk, image_disk or none.',
      read: (snapshot) => nonEmpty(snapshot.Usage),
    }),
    retentionDays: t.int({
      nullable: true,
      description: 'How many days the snapshot is kept (RetentionDays); null when it is kept until deleted.',
      resolve: (snapshot) => snapshot.RetentionDays ?? null,
    }),
    ...openEnumFields(t, 'category', SnapshotCategory, {
      description: 'The kind of snapshot (Category, today’s API): standard, flash or archive.',
      read: (snapshot) => nonEmpty(snapshot.Category)?.toLowerCase(),
    }),
    instantAccess: t.boolean({
      nullable: true,
      description: 'Whether the snapshot can be used as soon as it is created (InstantAccess, today’s API).',
      resolve: (snapshot) => snapshot.InstantAccess ?? null,
    }),
    instantAccessRetentionDays: t.int({
      nullable: true,
      description: 'How many days instant access lasts (InstantAccessRetentionDays, today’s API).',
      resolve: (snapshot) => snapshot.InstantAccessRetentionDays ?? null,
    }),
    encrypted: t.boolean({
      nullable: true,
      description: 'Whether the snapshot is encrypted (Encrypted, today’s API).',
      resolve: (snapshot) => snapshot.Encrypted ?? null,
    }),
    kmsKeyId: t.string({
      nullable: true,
      description: 'The KMS key that encrypts the snapshot (KMSKeyId, today’s API).',
      resolve: (snapshot) => optionalText(snapshot.KMSKeyId),
    }),
    creationTime: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the snapshot was started (CreationTime).',
      resolve: (snapshot) => optionalText(snapshot.CreationTime),
    }),
    lastModifiedTime: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the snapshot last changed (LastModifiedTime, today’s API).',
      resolve: (snapshot) => optionalText(snapshot.LastModifiedTime),
    }),
    resourceGroupId: t.id({
      nullable: true,
      description: 'The ID of the resource group of the snapshot (ResourceGroupId).',
      resolve: (snapshot) => optionalText(snapshot.ResourceGroupId),
    }),
    tags: tagsField(t, 'snapshot', (snapshot) => snapshot.Tags ?? []),
  }),
});

export const SnapshotPage = pageObject('Snapshot', SnapshotRef, 'A page of snapshots (DescribeSnapshots).');

export const snapshotFilters = defineListingFilter(DescribeSnapshots, {
  name: 'SnapshotFilter',
  description: 'Which snapshots to list (the filters of DescribeSnapshots); every filter given must match.',
  fields: {
    ids: {
      param: 'SnapshotIds',
      description:
        'Only these snapshots (SnapshotIds): at most 10 ids in the 2014 API, 100 today. An empty list matches nothing.',
    },
    instanceId: {
      param: 'InstanceId',
      description: 'Only snapshots of the disks attached to this instance (InstanceId).',
    },
    diskId: 'DiskId',
    name: { param: 'SnapshotName', description: 'Only snapshots of this display name (SnapshotName).' },
    status: {
      param: 'Status',
      type: SnapshotStatus,
      description: 'Only snapshots in this status (Status); every status when omitted.',
    },
    snapshotType: {
      param: 'SnapshotType',
      type: SnapshotCreator,
      description: 'Only automatic (auto) or only manual (user) snapshots (SnapshotType); both when omitted.',
    },
    sourceDiskType: {
      param: 'SourceDiskType',
      type: SourceDiskType,
      description: 'Only snapshots of system disks or of data disks (SourceDiskType).',
    },
    usage: {
      param: 'Usage',
      type: SnapshotUsage,
      description: 'Only snapshots used to create images, disks, both, or neither (Usage).',
    },
    category: {
      param: 'Category',
      type: SnapshotCategory,
      description: 'Only standard, flash or archive snapshots (Category).',
    },
    encrypted: 'Encrypted',
    resourceGroupId: 'ResourceGroupId',
    tags: {
      param: 'Tag',
      description: 'Only snapshots that carry every one of these tags (Tag.N), at most 20.',
    },
  },
});

builder.objectFields(SnapshotRef, (t) => ({
  sourceDisk: t.field({
    type: DiskRef,
    nullable: true,
    description:
      'The disk the snapshot was taken of (SourceDiskId); null when that disk has been released, or on an ECS failure, with an error at this path.',
    extensions: upstreamCost({ calls: 'byId' }),
    resolve: (snapshot, _args, { loaders }) => {
      const diskId = optionalText(snapshot.SourceDiskId);
      return diskId ? loaders.byId(diskListing).load({ regionId: snapshot.regionId, id: diskId }) : null;
    },
  }),
}));

builder.objectFields(DiskRef, (t) => ({
  snapshots: t.field({
    type: SnapshotPage,
    // Nullable so that a failed listing of one disk's snapshots leaves the other disks standing.
    nullable: true,
    description:
      'The snapshots of the disk (DescribeSnapshots with DiskId), a page at a time. The snapshots of every disk of a list are fetched together, one call per instance for attached disks. Null, with an error at this path, when ECS fails to list them.',
    args: { page: t.arg(pageArgument) },
    // The disks of one instance share the call listing their snapshots (InstanceId filter).
    extensions: {
      ...relationFieldCost('snapshotsOfDisk', { groupedBy: 'Instance.disks' }),
      ...decidedBy(snapshotsOfDisk),
    },
    resolve: async (disk, args, context) => {
      const id = present(disk.DiskId, 'DiskId');
      const scope = relationScope('Disk.snapshots', disk.regionId, id);
      const request = resolvePageRequest(args.page, context, 'page', scope);
      const collected = await context.loaders.related(snapshotsOfDisk).load({
        regionId: disk.regionId,
        id,
        via: attachedInstanceOf(disk),
      });
      return withCursorScope(pageOfCollected(collected, request), scope);
    },
  }),
  sourceSnapshot: t.field({
    type: SnapshotRef,
    nullable: true,
    description:
      'The snapshot the disk was created from (SourceSnapshotId); null when it was not created from one or the snapshot is gone, or on an ECS failure, with an error at this path.',
    extensions: upstreamCost({ calls: 'byId' }),
    resolve: (disk, _args, { loaders }) => {
      const snapshotId = optionalText(disk.SourceSnapshotId);
      return snapshotId
        ? loaders.byId(snapshotListing).load({ regionId: disk.regionId, id: snapshotId })
        : null;
    },
  }),
}));

builder.objectFields(InstanceRef, (t) => ({
  snapshots: t.field({
    type: SnapshotPage,
    nullable: true,
    description:
      "The snapshots of every disk attached to the instance (DescribeSnapshots with InstanceId), a page at a time. The snapshots of every instance of a list are fetched together: one call per instance, or a scan of the region grouped through the instances' disks, whichever costs fewer calls. Null, with an error at this path, when ECS fails to list them.",
    args: { page: t.arg(pageArgument) },
    // A scan maps snapshots to instances through the instances' disks.
    extensions: {
      ...relationFieldCost('instanceSnapshots', { scanLoads: { maxChildren: MAX_DISKS_PER_INSTANCE } }),
      ...decidedBy(instanceSnapshotsPlan),
    },
    resolve: async (instance, args, context) => {
      const id = present(instance.InstanceId, 'InstanceId');
      const scope = relationScope('Instance.snapshots', instance.regionId, id);
      const request = resolvePageRequest(args.page, context, 'page', scope);
      const collected = await context.loaders.instanceSnapshots().load({ regionId: instance.regionId, id });
      return withCursorScope(pageOfCollected(collected, request), scope);
    },
  }),
}));

defineResourceQueries({
  singular: 'snapshot',
  plural: 'snapshots',
  idName: 'SnapshotId',
  listing: snapshotListing,
  ref: SnapshotRef,
  page: SnapshotPage,
  filter: snapshotFilters,
});
