import type { Params, Reach, ReachWorld, Unreachable } from './reach.js';

/**
 * The image actions' documented errors (CreateImage, ModifyImageAttribute, DeleteImage,
 * CopyImage, CancelCopyImage, ModifyImageSharePermission, DescribeImageSharePermission).
 * DescribeImages' own rows belong to the scenarios of the existing actions.
 */

const OTHER_REGION = 'cn-shanghai';
const PEER = '1234567890123456';
/** Longer than any image creation or copy of the seed takes on the manual clock. */
const SETTLE_MS = 60_000;

interface SnapshotItem {
  SnapshotId: string;
  SourceDiskType: string;
  Status: string;
}

async function snapshots(world: ReachWorld): Promise<SnapshotItem[]> {
  const body = await world.ok('DescribeSnapshots', { PageSize: '50' });
  return (body.Snapshots as { Snapshot: SnapshotItem[] }).Snapshot;
}

/** A completed snapshot of a system (or data) disk of the seed. */
async function snapshotOf(world: ReachWorld, type: 'system' | 'data'): Promise<string> {
  const found = (await snapshots(world)).find(
    (each) => each.SourceDiskType.toLowerCase() === type && each.Status === 'accomplished',
  );
  if (!found) throw new Error(`the seed has no completed ${type}-disk snapshot`);
  return found.SnapshotId;
}

/** A custom image, Available unless `settle` is false. */
async function image(world: ReachWorld, params: Params = {}, settle = true): Promise<string> {
  const body = await world.ok('CreateImage', { SnapshotId: await snapshotOf(world, 'system'), ...params });
  if (settle) world.advance(SETTLE_MS);
  return String(body.ImageId);
}

/** An Available image and a copy of it still in progress in OTHER_REGION. */
async function copying(world: ReachWorld): Promise<{ source: string; copy: string }> {
  const source = await image(world);
  const { ImageId } = await world.ok('CopyImage', { ImageId: source, DestinationRegionId: OTHER_REGION });
  return { source, copy: String(ImageId) };
}

async function seededInstance(world: ReachWorld): Promise<string> {
  const [instanceId] = (await world.seeded()).instanceIds;
  if (!instanceId) throw new Error('the seed has no instance');
  return instanceId;
}

async function seededGroup(world: ReachWorld): Promise<string> {
  const [groupId] = (await world.seeded()).securityGroupIds;
  if (!groupId) throw new Error('the seed has no security group');
  return groupId;
}

/** 16-digit account ids, distinct for distinct n. */
const account = (n: number) => `2${String(n).padStart(15, '0')}`;

export const reach: Reach[] = [
  // CreateImage
  { action: 'CreateImage', code: 'MissingParameter', params: {} },
  {
    action: 'CreateImage',
    code: 'InvalidRegionId.NotFound',
    params: async (world) => ({ RegionId: 'xx-nowhere-1', SnapshotId: await snapshotOf(world, 'system') }),
  },
  { action: 'CreateImage', code: 'InvalidSnapshotId.NotFound', params: { SnapshotId: 's-missing' } },
  {
    action: 'CreateImage',
    code: 'InvalidImageName.Malformed',
    params: async (world) => ({
      SnapshotId: await snapshotOf(world, 'system'),
      ImageName: '1-starts-with-digit',
    }),
  },
  {
    action: 'CreateImage',
    code: 'InvalidDescription.Malformed',
    params: async (world) => ({ SnapshotId: await snapshotOf(world, 'system'), Description: 'http://x' }),
  },
  {
    action: 'CreateImage',
    code: 'InvalidImageVersion.Malformed',
    params: async (world) => ({
      SnapshotId: await snapshotOf(world, 'system'),
      ImageVersion: 'v'.repeat(41),
    }),
  },
  {
    action: 'CreateImage',
    code: 'InvalidSnapshotId.NotReady',
    params: async (world) => {
      await world.ok('CreateImage', { InstanceId: await seededInstance(world) });
      const taken = (await snapshots(world)).find((each) => each.Status === 'progressing');
      return { SnapshotId: String(taken?.SnapshotId) };
    },
  },
  {
    // Two rows share code and status: a data-disk snapshot answers "not from system disk";
    // a failed one "not allowed" (test/simulator/images.test.ts produces both).
    action: 'CreateImage',
    code: 'OperationDenied',
    params: async (world) => ({ SnapshotId: await snapshotOf(world, 'data') }),
  },
  {
    action: 'CreateImage',
    code: 'QuotaExceed.Image',
    params: async (world) => {
      const snapshotId = await snapshotOf(world, 'system');
      const held = (
        await world.ok('DescribeImages', { ImageOwnerAlias: 'self', Status: 'Creating,Available' })
      ).TotalCount as number;
      for (let n = held; n < 30; n++) await world.ok('CreateImage', { SnapshotId: snapshotId });
      return { SnapshotId: snapshotId };
    },
  },
  {
    action: 'CreateImage',
    code: 'InvalidParamter.Conflict',
    params: async (world) => {
      const snapshotId = await snapshotOf(world, 'system');
      await world.ok('CreateImage', { SnapshotId: snapshotId, ClientToken: 'image-once' });
      return { SnapshotId: snapshotId, ClientToken: 'image-once', ImageName: 'other-name' };
    },
  },
  {
    action: 'CreateImage',
    code: 'InvalidImageName.Duplicated',
    params: async (world) => {
      await image(world, { ImageName: 'taken' }, false);
      return { SnapshotId: await snapshotOf(world, 'system'), ImageName: 'taken' };
    },
  },
  { action: 'CreateImage', code: 'InvalidInstanceId.NotFound', params: { InstanceId: 'i-missing' } },
  {
    action: 'CreateImage',
    code: 'IncorrectInstanceStatus',
    params: async (world) => {
      const instanceId = await seededInstance(world);
      const body = await world.ok('DescribeInstances', { InstanceIds: JSON.stringify([instanceId]) });
      const status = (body.Instances as { Instance: { Status: string }[] }).Instance[0]?.Status;
      // Either way the instance is then Stopping or Starting.
      await world.ok(status === 'Running' ? 'StopInstance' : 'StartInstance', { InstanceId: instanceId });
      return { InstanceId: instanceId };
    },
  },
  {
    action: 'CreateImage',
    code: 'InstanceLockedForSecurity',
    params: async (world) => {
      const instanceId = await seededInstance(world);
      const locked = await world.control('PUT', `/__simulator/instances/${instanceId}/locks`, {
        locks: ['security'],
      });
      if (locked.status !== 200) throw new Error(`locking ${instanceId} answered ${locked.status}`);
      return { InstanceId: instanceId };
    },
  },

  // ModifyImageAttribute
  { action: 'ModifyImageAttribute', code: 'InvalidImageId.NotFoud', params: { ImageId: 'm-missing' } },
  {
    action: 'ModifyImageAttribute',
    code: 'InvalidImageName.Malformed',
    params: async (world) => ({ ImageId: await image(world), ImageName: 'x' }),
  },
  {
    action: 'ModifyImageAttribute',
    code: 'InvalidDescription.Malformed',
    params: async (world) => ({ ImageId: await image(world), Description: 'https://x' }),
  },
  {
    action: 'ModifyImageAttribute',
    code: 'InvalidImageName.Duplicated',
    params: async (world) => {
      await image(world, { ImageName: 'first' }, false);
      return { ImageId: await image(world, {}, false), ImageName: 'first' };
    },
  },

  // DeleteImage
  {
    action: 'DeleteImage',
    code: 'InvalidRegionId.NotFound',
    params: { RegionId: 'xx-nowhere-1', ImageId: 'm-1' },
  },
  {
    action: 'DeleteImage',
    code: 'ImageUsingByInstance',
    params: async (world) => {
      const imageId = await image(world);
      await world.ok('CreateInstance', {
        ImageId: imageId,
        InstanceType: 'ecs.g7.large',
        SecurityGroupId: await seededGroup(world),
      });
      return { ImageId: imageId };
    },
  },
  {
    action: 'DeleteImage',
    code: 'ImageUseShared',
    params: async (world) => {
      const imageId = await image(world);
      await world.ok('ModifyImageSharePermission', { ImageId: imageId, 'AddAccount.1': PEER });
      return { ImageId: imageId };
    },
  },
  {
    action: 'DeleteImage',
    code: 'OperationDenied.ImageCopying',
    params: async (world) => ({ ImageId: (await copying(world)).source }),
  },

  // CopyImage
  {
    action: 'CopyImage',
    code: 'InvalidImageId.NotFound',
    params: { ImageId: 'm-missing', DestinationRegionId: OTHER_REGION },
  },
  {
    action: 'CopyImage',
    code: 'InvalidImageName.Malformed',
    params: async (world) => ({
      ImageId: await image(world),
      DestinationRegionId: OTHER_REGION,
      DestinationImageName: '-bad',
    }),
  },
  {
    action: 'CopyImage',
    code: 'InvalidDescription.Malformed',
    params: async (world) => ({
      ImageId: await image(world),
      DestinationRegionId: OTHER_REGION,
      DestinationDescription: 'http://x',
    }),
  },
  {
    action: 'CopyImage',
    code: 'SourceRegion.NotFound',
    params: { RegionId: 'xx-nowhere-1', ImageId: 'm-1', DestinationRegionId: OTHER_REGION },
  },
  {
    action: 'CopyImage',
    code: 'DestinationRegion.NotFound',
    params: async (world) => ({ ImageId: await image(world), DestinationRegionId: 'xx-nowhere-1' }),
  },
  {
    action: 'CopyImage',
    code: 'IncorrectImageStatus',
    params: async (world) => ({ ImageId: await image(world, {}, false), DestinationRegionId: OTHER_REGION }),
  },
  {
    action: 'CopyImage',
    code: 'InvalidImageName.Duplicated',
    params: async (world) => {
      const imageId = await image(world);
      await world.ok('CopyImage', {
        ImageId: imageId,
        DestinationRegionId: OTHER_REGION,
        DestinationImageName: 'there',
      });
      world.advance(SETTLE_MS);
      return { ImageId: imageId, DestinationRegionId: OTHER_REGION, DestinationImageName: 'there' };
    },
  },
  {
    action: 'CopyImage',
    code: 'QuotaExceed.Image',
    params: async (world) => {
      const imageId = await image(world);
      // 30 copies fill the destination; each finishes before the next starts.
      for (let n = 0; n < 30; n++) {
        await world.ok('CopyImage', { ImageId: imageId, DestinationRegionId: OTHER_REGION });
        world.advance(SETTLE_MS);
      }
      return { ImageId: imageId, DestinationRegionId: OTHER_REGION };
    },
  },
  {
    action: 'CopyImage',
    code: 'Forbidden',
    params: async (world) => {
      const body = await world.ok('DescribeImages', { ImageOwnerAlias: 'system', PageSize: '1' });
      const [system] = (body.Images as { Image: { ImageId: string }[] }).Image;
      return { ImageId: String(system?.ImageId), DestinationRegionId: OTHER_REGION };
    },
  },
  {
    action: 'CopyImage',
    code: 'OperationDenied.ImageCopying',
    params: async (world) => ({ ImageId: (await copying(world)).source, DestinationRegionId: 'cn-beijing' }),
  },
  {
    action: 'CopyImage',
    code: 'IncorrectDestinationRegion',
    params: async (world) => ({ ImageId: await image(world), DestinationRegionId: world.regionId }),
  },

  // CancelCopyImage
  {
    action: 'CancelCopyImage',
    code: 'InvalidRegionId.NotFound',
    params: { RegionId: 'xx-nowhere-1', ImageId: 'm-1' },
  },
  { action: 'CancelCopyImage', code: 'InvalidImageId.NotFound', params: { ImageId: 'm-missing' } },
  {
    // Both rows are (IncorrectImageStatus, 400): a finished copy here; an image that is no
    // copy answers "not from copied" (test/simulator/images.test.ts).
    action: 'CancelCopyImage',
    code: 'IncorrectImageStatus',
    params: async (world) => {
      const { copy } = await copying(world);
      world.advance(SETTLE_MS);
      return { RegionId: OTHER_REGION, ImageId: copy };
    },
  },

  // ModifyImageSharePermission
  {
    action: 'ModifyImageSharePermission',
    code: 'InvalidRegionId.NotFound',
    params: { RegionId: 'xx-nowhere-1', ImageId: 'm-1', 'AddAccount.1': PEER },
  },
  {
    action: 'ModifyImageSharePermission',
    code: 'InvalidImageId.NotFound',
    params: { ImageId: 'm-missing', 'AddAccount.1': PEER },
  },
  {
    action: 'ModifyImageSharePermission',
    code: 'IncorrectImageStatus',
    params: async (world) => ({ ImageId: await image(world, {}, false), 'AddAccount.1': PEER }),
  },
  {
    action: 'ModifyImageSharePermission',
    code: 'InvalidAccount.NotFound',
    params: async (world) => ({ ImageId: await image(world), 'AddAccount.1': 'nobody' }),
  },
  {
    action: 'ModifyImageSharePermission',
    code: 'QuotaExceed.ShareImage',
    params: async (world) => {
      // 30 images shared with PEER from this region, then a 31st from another region.
      const first = await image(world);
      const snapshotId = await snapshotOf(world, 'system');
      const held = (
        await world.ok('DescribeImages', { ImageOwnerAlias: 'self', Status: 'Creating,Available' })
      ).TotalCount as number;
      for (let n = held; n < 30; n++) await world.ok('CreateImage', { SnapshotId: snapshotId });
      world.advance(SETTLE_MS);
      const listed = await world.ok('DescribeImages', { ImageOwnerAlias: 'self', PageSize: '50' });
      for (const each of (listed.Images as { Image: { ImageId: string }[] }).Image)
        await world.ok('ModifyImageSharePermission', { ImageId: each.ImageId, 'AddAccount.1': PEER });
      const { ImageId } = await world.ok('CopyImage', { ImageId: first, DestinationRegionId: OTHER_REGION });
      world.advance(SETTLE_MS);
      return { RegionId: OTHER_REGION, ImageId: String(ImageId), 'AddAccount.1': PEER };
    },
  },
  {
    action: 'ModifyImageSharePermission',
    code: 'QuotaExceed.ShareImageUser',
    params: async (world) => {
      const imageId = await image(world);
      for (let call = 0; call < 5; call++) {
        const adds = Array.from({ length: 10 }, (_, n) => [`AddAccount.${n + 1}`, account(call * 10 + n)]);
        await world.ok('ModifyImageSharePermission', { ImageId: imageId, ...Object.fromEntries(adds) });
      }
      return { ImageId: imageId, 'AddAccount.1': PEER };
    },
  },
  {
    action: 'ModifyImageSharePermission',
    code: 'InvalidAccount.Forbidden',
    params: async (world) => {
      // The caller's own id: the account id the simulator gives its key.
      const { aliyunIdOf } = await import('../../../src/simulator/state/image.js');
      return { ImageId: await image(world), 'AddAccount.1': aliyunIdOf(world.simulator.accessKeyId) };
    },
  },

  // DescribeImageSharePermission
  {
    action: 'DescribeImageSharePermission',
    code: 'InvalidRegionId.NotFound',
    params: { RegionId: 'xx-nowhere-1', ImageId: 'm-1' },
  },
  {
    action: 'DescribeImageSharePermission',
    code: 'InvalidImageId.NotFound',
    params: { ImageId: 'm-missing' },
  },
];

export const unreachable: Unreachable[] = [
  {
    action: 'CreateImage',
    code: 'InvalidSnapshot.TooOld',
    reason:
      'every snapshot the simulator holds is made after 2013-07-15: the seed makes them relative to the clock, which starts in 2025; the check is there for a clock started earlier in process',
  },
  {
    action: 'CopyImage',
    code: 'QuotaExceed.Snapshot',
    reason:
      "the snapshot of a copy belongs to no disk, and the simulator's snapshot quota is per disk (CreateSnapshot's QuotaExceed.Snapshot)",
  },
  {
    action: 'CopyImage',
    code: 'RegionNotSupportCopy',
    reason: "every region of the simulator's catalog supports copying images",
  },
  {
    action: 'DescribeImageSharePermission',
    code: 'IncorrectImageStatus',
    reason:
      "the reference's table repeats CancelCopyImage's two rows (the copy is complete; the image is no copy), which no listing of an image's sharing can meet",
  },
];
