import {
  attachedInstanceOf,
  type DiskItem,
  diskListing,
  disksOfInstance,
  MAX_DISKS_PER_INSTANCE,
} from '../loaders/disks.js';
import { instanceListing } from '../loaders/instances.js';
import { pageOfCollected } from '../loaders/pages.js';
import { DescribeDisks } from '../spec/actions/disk-reads.js';
import { builder } from './builder.js';
import { upstreamCost } from './cost.js';
import { decidedBy } from './deciding-pages.js';
import { defineOpenEnum, openEnumFields } from './enums.js';
import { present } from './errors.js';
import { ChargeType, InstanceRef } from './instance.js';
import { defineListingFilter } from './listing-filter.js';
import { operationLocksField } from './operation-lock.js';
import { relationScope, withCursorScope } from './page-cursor.js';
import { resolvePageRequest } from './page-request.js';
import { pageArgument, pageObject, relationFieldCost } from './pagination.js';
import { defineResourceQueries } from './resource-queries.js';
import { tagsField } from './tag.js';
import { nonEmpty, optionalText } from './wire-values.js';

export const DiskStatus = defineOpenEnum('DiskStatus', {
  description: 'The state of a disk (the disk status table).',
  values: {
    In_use: 'attached to an instance',
    Available: 'attached to no instance; a portable disk can be attached',
    Attaching: 'being attached (AttachDisk)',
    Detaching: 'being detached (DetachDisk)',
    Creating: 'being created (CreateDisk)',
    ReIniting: 'being re-initialized to its first state (ReInitDisk)',
  },
});

export const DiskType = defineOpenEnum('DiskType', {
  description: 'What a disk is to its instance (Type).',
  values: {
    system: 'the system disk, holding the operating system',
    data: 'a data disk',
  },
});

export const DiskCategory = defineOpenEnum('DiskCategory', {
  description: 'The kind of storage behind a disk (Category).',
  values: {
    cloud: 'basic cloud disk',
    cloud_efficiency: 'ultra cloud disk (today’s API)',
    cloud_ssd: 'SSD cloud disk (today’s API)',
    cloud_essd: 'enhanced SSD (ESSD) cloud disk (today’s API)',
    ephemeral: 'ephemeral (local) disk',
    ephemeral_ssd: 'ephemeral (local) SSD',
  },
});

/** The Disk type; its relations are added below and by snapshot.ts (and other domain files). */
export const DiskRef = builder.objectRef<DiskItem>('Disk');

DiskRef.implement({
  description:
    'A block storage device: a cloud disk or an ephemeral disk, the system disk of an instance or a data disk (DiskItemType).',
  fields: (t) => ({
    id: t.id({
      description: 'The ID of the disk (DiskId).',
      resolve: (disk) => present(disk.DiskId, 'DiskId of a disk'),
    }),
    name: t.string({
      nullable: true,
      description: 'The display name of the disk (DiskName).',
      resolve: (disk) => optionalText(disk.DiskName),
    }),
    description: t.string({
      nullable: true,
      description: 'The description of the disk (Description).',
      resolve: (disk) => optionalText(disk.Description),
    }),
    regionId: t.id({
      description: 'The ID of the region the disk belongs to (RegionId).',
      resolve: (disk) => optionalText(disk.RegionId) ?? disk.regionId,
    }),
    zoneId: t.id({
      nullable: true,
      description: 'The ID of the zone the disk belongs to (ZoneId).',
      resolve: (disk) => optionalText(disk.ZoneId),
    }),
    ...openEnumFields(t, 'type', DiskType, {
      description: 'What the disk is to its instance (Type): system or data.',
      read: (disk) => nonEmpty(disk.Type)?.toLowerCase(),
    }),
    ...openEnumFields(t, 'category', DiskCategory, {
      description:
        'The category of the disk (Category): cloud (basic cloud disk), ephemeral or ephemeral_ssd, and today cloud_efficiency, cloud_ssd and cloud_essd.',
      read: (disk) => nonEmpty(disk.Category),
    }),
    size: t.int({
      nullable: true,
      description: 'The size of the disk, in GiB (Size).',
      resolve: (disk) => disk.Size ?? null,
    }),
    imageId: t.id({
      nullable: true,
      description:
        'The ID of the image the disk was created from (ImageId); null unless it was created from an image. It never changes.',
      resolve: (disk) => optionalText(disk.ImageId),
    }),
    sourceSnapshotId: t.id({
      nullable: true,
      description:
        'The ID of the snapshot the disk was created from (SourceSnapshotId); null unless it was created from a snapshot. It never changes.',
      resolve: (disk) => optionalText(disk.SourceSnapshotId),
    }),
    productCode: t.string({
      nullable: true,
      description: 'The product of the image marketplace the disk comes from (ProductCode).',
      resolve: (disk) => optionalText(disk.ProductCode),
    }),
    portable: t.boolean({
      nullable: true,
      description:
        'Whether the disk can be attached and detached on its own, within its zone (Portable). False for ephemeral disks, basic cloud system disks and prepaid basic cloud disks; it cannot be changed.',
      resolve: (disk) => disk.Portable ?? null,
    }),
    ...openEnumFields(t, 'status', DiskStatus, {
      description:
        'The status of the disk (Status): In_use, Available, Attaching, Detaching, Creating or ReIniting.',
      read: (disk) => nonEmpty(disk.Status),
    }),
    operationLocks: operationLocksField(t, 'disk', (disk) => disk.OperationLocks ?? []),
    instanceId: t.id({
      nullable: true,
      description:
        'The ID of the instance the disk is attached to (InstanceId); null when it is attached to none.',
      resolve: (disk) => attachedInstanceOf(disk) ?? null,
    }),
    device: t.string({
      nullable: true,
      description:
        'The device name of the disk on its instance, such as /dev/xvdb (Device); null when not attached.',
      resolve: (disk) => optionalText(disk.Device),
    }),
    deleteWithInstance: t.boolean({
      nullable: true,
      description: 'Whether the disk is released with its instance (DeleteWithInstance).',
      resolve: (disk) => disk.DeleteWithInstance ?? null,
    }),
    deleteAutoSnapshot: t.boolean({
      nullable: true,
      description:
        'Whether the automatic snapshots of the disk are deleted with it (DeleteAutoSnapshot); manual snapshots are always kept.',
      resolve: (disk) => disk.DeleteAutoSnapshot ?? null,
    }),
    enableAutoSnapshot: t.boolean({
      nullable: true,
      description: 'Whether automatic snapshot policies apply to the disk (EnableAutoSnapshot).',
      resolve: (disk) => disk.EnableAutoSnapshot ?? null,
    }),
    enableAutomatedSnapshotPolicy: t.boolean({
      nullable: true,
      description:
        'Whether an automatic snapshot policy is applied to the disk (EnableAutomatedSnapshotPolicy, today’s API).',
      resolve: (disk) => disk.EnableAutomatedSnapshotPolicy ?? null,
    }),
    autoSnapshotPolicyId: t.id({
      nullable: true,
      description:
        'The ID of the automatic snapshot policy applied to the disk (AutoSnapshotPolicyId, today’s API).',
      resolve: (disk) => optionalText(disk.AutoSnapshotPolicyId),
    }),
    encrypted: t.boolean({
      nullable: true,
      description: 'Whether the disk is encrypted (Encrypted, today’s API).',
      resolve: (disk) => disk.Encrypted ?? null,
    }),
    kmsKeyId: t.string({
      nullable: true,
      description: 'The KMS key that encrypts the disk (KMSKeyId, today’s API).',
      resolve: (disk) => optionalText(disk.KMSKeyId),
    }),
    ...openEnumFields(t, 'diskChargeType', ChargeType, {
      description: 'How the disk is billed (DiskChargeType): PrePaid or PostPaid.',
      read: (disk) => nonEmpty(disk.DiskChargeType),
    }),
    performanceLevel: t.string({
      nullable: true,
      description: 'The performance level of an ESSD disk, PL0 to PL3 (PerformanceLevel, today’s API).',
      resolve: (disk) => optionalText(disk.PerformanceLevel),
    }),
    iops: t.int({
      nullable: true,
      description: 'The read and write operations per second the disk allows (IOPS, today’s API).',
      resolve: (disk) => disk.IOPS ?? null,
    }),
    serialNumber: t.string({
      nullable: true,
      description: 'The serial number of the disk (SerialNumber).',
      resolve: (disk) => optionalText(disk.SerialNumber),
    }),
    creationTime: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the disk was created (CreationTime).',
      resolve: (disk) => optionalText(disk.CreationTime),
    }),
    attachedTime: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the disk was attached (AttachedTime); only while it is In_use.',
      resolve: (disk) => optionalText(disk.AttachedTime),
    }),
    detachedTime: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the disk was detached (DetachedTime); only while it is Available.',
      resolve: (disk) => optionalText(disk.DetachedTime),
    }),
    expiredTime: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When a prepaid disk expires (ExpiredTime).',
      resolve: (disk) => optionalText(disk.ExpiredTime),
    }),
    resourceGroupId: t.id({
      nullable: true,
      description: 'The ID of the resource group of the disk (ResourceGroupId).',
      resolve: (disk) => optionalText(disk.ResourceGroupId),
    }),
    tags: tagsField(t, 'disk', (disk) => disk.Tags ?? []),
  }),
});

export const DiskPage = pageObject('Disk', DiskRef, 'A page of disks (DescribeDisks).');

export const diskFilters = defineListingFilter(DescribeDisks, {
  name: 'DiskFilter',
  description: 'Which disks to list (the filters of DescribeDisks); every filter given must match.',
  fields: {
    ids: {
      param: 'DiskIds',
      description:
        'Only these disks (DiskIds): at most 10 ids in the 2014 API, 100 today. An empty list matches nothing.',
    },
    zoneId: { param: 'ZoneId', description: 'Only disks in this zone (ZoneId).' },
    instanceId: 'InstanceId',
    type: {
      param: 'DiskType',
      type: DiskType,
      description: 'Only system or only data disks (DiskType); both when omitted.',
    },
    category: {
      param: 'Category',
      type: DiskCategory,
      description: 'Only disks of this category (Category); every category when omitted.',
    },
    status: {
      param: 'Status',
      type: DiskStatus,
      description: 'Only disks in this status (Status); every status when omitted.',
    },
    sourceSnapshotId: 'SnapshotId',
    name: { param: 'DiskName', description: 'Only disks of this display name (DiskName).' },
    portable: 'Portable',
    deleteWithInstance: 'DeleteWithInstance',
    deleteAutoSnapshot: 'DeleteAutoSnapshot',
    enableAutoSnapshot: 'EnableAutoSnapshot',
    autoSnapshotPolicyId: 'AutoSnapshotPolicyId',
    encrypted: 'Encrypted',
    resourceGroupId: 'ResourceGroupId',
    tags: { param: 'Tag', description: 'Only disks that carry every one of these tags (Tag.N), at most 20.' },
  },
});

export const DiskFilter = diskFilters.type;
export const diskFilter = diskFilters.mapping;

builder.objectFields(DiskRef, (t) => ({
  instance: t.field({
    type: InstanceRef,
    nullable: true,
    description:
      'The instance the disk is attached to (InstanceId); null when it is attached to none (Available), or on an ECS failure, with an error at this path.',
    extensions: upstreamCost({ calls: 'byId' }),
    resolve: (disk, _args, { loaders }) => {
      const instanceId = attachedInstanceOf(disk);
      return instanceId
        ? loaders.byId(instanceListing).load({ regionId: disk.regionId, id: instanceId })
        : null;
    },
  }),
}));

builder.objectFields(InstanceRef, (t) => ({
  disks: t.field({
    type: DiskPage,
    // Nullable so that a failed listing of one instance's disks leaves the other instances standing.
    nullable: true,
    description:
      'The disks attached to the instance (DescribeDisks with InstanceId), a page at a time. The disks of every instance of a list are fetched together. Null, with an error at this path, when ECS fails to list them.',
    args: { page: t.arg(pageArgument) },
    extensions: {
      ...relationFieldCost('disksOfInstance', { maxChildren: MAX_DISKS_PER_INSTANCE }),
      ...decidedBy(disksOfInstance),
    },
    resolve: async (instance, args, context) => {
      const id = present(instance.InstanceId, 'InstanceId');
      const scope = relationScope('Instance.disks', instance.regionId, id);
      const request = resolvePageRequest(args.page, context, 'page', scope);
      const collected = await context.loaders
        .related(disksOfInstance)
        .load({ regionId: instance.regionId, id });
      return withCursorScope(pageOfCollected(collected, request), scope);
    },
  }),
}));

defineResourceQueries({
  singular: 'disk',
  plural: 'disks',
  idName: 'DiskId',
  listing: diskListing,
  ref: DiskRef,
  page: DiskPage,
  filter: diskFilters,
});
