import { type IMAGE_STATUSES, type ImageItem, imageListing } from '../loaders/images.js';
import { DescribeImages } from '../spec/actions/images.js';
import { builder } from './builder.js';
import { upstreamCost } from './cost.js';
import { defineOpenEnum, openEnumFields } from './enums.js';
import { present } from './errors.js';
import { InstanceRef } from './instance.js';
import { defineListingFilter } from './listing-filter.js';
import { listingScope, withCursorScope } from './page-cursor.js';
import { resolvePageRequest } from './page-request.js';
import { pageArgument, pageObject } from './pagination.js';
import { regionIdArgument, requestedRegion } from './region-argument.js';
import { tagsField } from './tag.js';
import { integerOf, optionalText, percent } from './wire-values.js';

type DiskDeviceMappingItem = ImageItem['DiskDeviceMappings'][number];

const STATUS_MEANINGS: Record<(typeof IMAGE_STATUSES)[number], string> = {
  Creating: 'the image is being created.',
  Waiting: 'the image waits in a queue of tasks.',
  Available: 'the image can be used.',
  UnAvailable: 'the image cannot be used.',
  CreateFailed: 'the image could not be created.',
  Deprecated: 'the image is retired; instances that run it keep running.',
};

export const ImageStatus = defineOpenEnum('ImageStatus', {
  description: 'The state of an image (Status).',
  values: STATUS_MEANINGS,
});

export const ImageOwnerAlias = defineOpenEnum('ImageOwnerAlias', {
  description: 'Who provides an image (ImageOwnerAlias).',
  values: {
    system: 'a public system image provided by Alibaba Cloud.',
    self: 'a custom image of the account.',
    others: 'an image another account shares with this one.',
    marketplace: 'an image of the image market; subscribe to it before creating instances from it.',
  },
});

export const ImageArchitecture = defineOpenEnum('ImageArchitecture', {
  description: 'The processor architecture of an image system (Architecture).',
  values: { i386: '32-bit x86.', x86_64: '64-bit x86.', arm64: '64-bit ARM.' },
});

export const ImageOsType = defineOpenEnum('ImageOsType', {
  description: 'The kind of operating system of an image (OSType).',
  values: { linux: 'a Linux (or other Unix-like) system.', windows: 'a Windows system.' },
});

export const ImageUsage = defineOpenEnum('ImageUsage', {
  description: 'Whether instances run an image (Usage).',
  values: { instance: 'at least one instance runs the image.', none: 'no instance runs the image.' },
});

export const ImageDiskType = defineOpenEnum('ImageDiskType', {
  description: 'Which disk of an image a device mapping describes (Type).',
  values: { system: 'the system disk.', data: 'a data disk.' },
});

const DiskDeviceMappingRef = builder.objectRef<DiskDeviceMappingItem>('ImageDiskDeviceMapping').implement({
  description:
    'A disk of an image and the snapshot it is made from (DiskDeviceMapping): an instance created from the image gets one disk per mapping.',
  fields: (t) => ({
    snapshotId: t.id({
      nullable: true,
      description: 'The ID of the snapshot the disk is created from (SnapshotId); null when there is none.',
      resolve: (mapping) => mapping.SnapshotId || null,
    }),
    size: t.int({
      nullable: true,
      description: 'The size of the created disk in GiB (Size).',
      resolve: (mapping) => integerOf(mapping.Size, 'DiskDeviceMapping Size'),
    }),
    device: t.string({
      nullable: true,
      description: 'The device of the created disk (Device), such as /dev/xvdb.',
      resolve: (mapping) => mapping.Device || null,
    }),
    ...openEnumFields(t, 'type', ImageDiskType, {
      description: 'Whether the mapping is of the system disk or a data disk (Type).',
      read: (mapping) => mapping.Type || undefined,
    }),
  }),
});

export const ImageRef = builder.objectRef<ImageItem>('Image');

ImageRef.implement({
  description:
    'An image (ImageType): the system, and possibly data, disks an instance is created from. Public system images, the account’s custom images, images shared with it and image-market images.',
  fields: (t) => ({
    id: t.id({
      description: 'The ID of the image (ImageId).',
      resolve: (image) => present(image.ImageId, 'ImageId of an image'),
    }),
    name: t.string({
      nullable: true,
      description: 'The name of the image (ImageName).',
      resolve: (image) => image.ImageName || null,
    }),
    version: t.string({
      nullable: true,
      description: 'The version of the image (ImageVersion).',
      resolve: (image) => image.ImageVersion || null,
    }),
    description: t.string({
      nullable: true,
      description: 'The description of the image (Description).',
      resolve: (image) => image.Description || null,
    }),
    ...openEnumFields(t, 'architecture', ImageArchitecture, {
      description: 'The platform of the image system (Architecture): i386 or x86_64, and arm64 today.',
      read: (image) => image.Architecture || undefined,
    }),
    size: t.int({
      nullable: true,
      description: 'The size of the image in GiB (Size).',
      resolve: (image) => image.Size ?? null,
    }),
    ...openEnumFields(t, 'ownerAlias', ImageOwnerAlias, {
      description: 'Who provides the image (ImageOwnerAlias): system, self, others or marketplace.',
      read: (image) => image.ImageOwnerAlias || undefined,
    }),
    osName: t.string({
      nullable: true,
      description: 'The display name of the operating system (OSName), such as Ubuntu 12.04 64 bits.',
      resolve: (image) => image.OSName || null,
    }),
    ...openEnumFields(t, 'osType', ImageOsType, {
      description: 'The kind of operating system (OSType): linux or windows.',
      read: (image) => image.OSType || undefined,
    }),
    platform: t.string({
      nullable: true,
      description: 'The operating system distribution (Platform), such as Ubuntu or Windows Server 2012.',
      resolve: (image) => image.Platform || null,
    }),
    diskDeviceMappings: t.field({
      type: [DiskDeviceMappingRef],
      description: 'The disks of the image and the snapshots they are made from (DiskDeviceMappings).',
      resolve: (image) => image.DiskDeviceMappings,
    }),
    productCode: t.string({
      nullable: true,
      description: 'The product code of the image on the image market (ProductCode); null for other images.',
      resolve: (image) => image.ProductCode || null,
    }),
    isSubscribed: t.boolean({
      nullable: true,
      description:
        'Whether the account has subscribed to the terms of service of the image-market product of ProductCode (IsSubscribed).',
      resolve: (image) => image.IsSubscribed ?? null,
    }),
    isSupportIoOptimized: t.boolean({
      nullable: true,
      description: 'Whether the image can run on I/O optimized instances (IsSupportIoOptimized).',
      resolve: (image) => image.IsSupportIoOptimized ?? null,
    }),
    progress: t.int({
      nullable: true,
      description: 'How far the image’s creation has come, in percent from 0 to 100 (Progress).',
      resolve: (image) => percent(image.Progress),
    }),
    ...openEnumFields(t, 'status', ImageStatus, {
      description:
        'The state of the image (Status): UnAvailable, Available, Creating or CreateFailed, and today Waiting and Deprecated.',
      read: (image) => image.Status || undefined,
    }),
    ...openEnumFields(t, 'usage', ImageUsage, {
      description: 'Whether any instance runs the image (Usage).',
      read: (image) => image.Usage || undefined,
    }),
    creationTime: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the image was created (CreationTime), in UTC.',
      resolve: (image) => optionalText(image.CreationTime),
    }),
    resourceGroupId: t.id({
      nullable: true,
      description: 'The resource group the image belongs to (ResourceGroupId).',
      resolve: (image) => image.ResourceGroupId || null,
    }),
    tags: tagsField(t, 'image', (item) => item.Tags ?? []),
  }),
});

export const ImagePage = pageObject('Image', ImageRef, 'A page of images, in the order ECS lists them.');

export const imageFilters = defineListingFilter(DescribeImages, {
  name: 'ImageFilter',
  description:
    'Which images to list (the filters of DescribeImages). When empty: system, self and shared images, Available ones only, as ECS does.',
  fields: {
    ids: {
      param: 'ImageId',
      joined: { separator: ',', noun: 'id', max: 'ids' },
      description:
        'Only these images (ImageId, sent comma-separated): 1 to the API id limit, 10 under ECS_API_LIMITS=2014, 100 under current.',
    },
    snapshotId: 'SnapshotId',
    name: 'ImageName',
    ownerAlias: {
      param: 'ImageOwnerAlias',
      type: ImageOwnerAlias,
      description: 'Only images of this provider (ImageOwnerAlias); system, self and others when omitted.',
    },
    statuses: {
      param: 'Status',
      type: ImageStatus,
      joined: { separator: ',', noun: 'status' },
      description: 'Only images in these states (Status, sent comma-separated); Available only when omitted.',
    },
    osType: { param: 'OSType', type: ImageOsType, description: 'Only linux or windows images (OSType).' },
    architecture: {
      param: 'Architecture',
      type: ImageArchitecture,
      description: 'Only images for this architecture (Architecture).',
    },
    instanceType: {
      param: 'InstanceType',
      description: 'Only images that can run on this instance type (InstanceType), such as ecs.t1.small.',
    },
    usage: {
      param: 'Usage',
      type: ImageUsage,
      description: 'Only images that instances run (instance) or that none runs (none) (Usage).',
    },
    resourceGroupId: {
      param: 'ResourceGroupId',
      description: 'Only images of this resource group (ResourceGroupId).',
    },
    tags: { param: 'Tag', description: 'Only images that carry all of these tags (Tag.N), at most 20.' },
  },
});

builder.queryFields((t) => ({
  image: t.field({
    type: ImageRef,
    nullable: true,
    description:
      'One image by ID, in any state (DescribeImages); null when the account cannot use such an image in the region.',
    args: {
      id: t.arg.id({ required: true, description: 'The ID of the image (ImageId).' }),
      regionId: regionIdArgument(t),
    },
    extensions: upstreamCost({ calls: 'byId' }),
    resolve: (_root, args, context) =>
      context.loaders
        .byId(imageListing)
        .load({ regionId: requestedRegion(args.regionId, context), id: String(args.id) }),
  }),
  images: t.field({
    type: ImagePage,
    // Nullable so that one region's failure leaves the rest of the answer standing.
    nullable: true,
    description: 'The images the account can use in a region, a page at a time (DescribeImages).',
    args: {
      regionId: regionIdArgument(t),
      filter: t.arg({ type: imageFilters.type, required: false, description: 'Which images to list.' }),
      page: t.arg(pageArgument),
    },
    extensions: imageFilters.extensions,
    resolve: async (_root, args, context) => {
      const regionId = requestedRegion(args.regionId, context);
      const filter = args.filter ? imageFilters.mapping.toInput(args.filter) : undefined;
      const scope = listingScope(context.limits.name, imageListing.name, regionId, filter);
      const request = resolvePageRequest(args.page, context, 'images(page)', scope);
      return withCursorScope(await context.loaders.page(imageListing, { regionId, filter }, request), scope);
    },
  }),
}));

builder.objectFields(InstanceRef, (t) => ({
  image: t.field({
    type: ImageRef,
    nullable: true,
    description:
      'The image the instance runs (ImageId), looked up in batches by ID with every other image of the answer (DescribeImages). Null when the account can no longer use the image, or, with an error at this path, when ECS fails to list it.',
    extensions: upstreamCost({ calls: 'byId' }),
    resolve: (instance, _args, { loaders }) => {
      const imageId = optionalText(instance.ImageId);
      return imageId === null
        ? null
        : loaders.byId(imageListing).load({ regionId: instance.regionId, id: imageId });
    },
  }),
}));
