import * as $Ecs from '@alicloud/ecs20140526';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';
import { REGION, startSimulator } from './integration-support.js';
import { ecsClient as ecsClientFor, popClient as popClientFor } from './sdk-support.js';

/**
 * Every image action through both official SDKs against the whole simulator (manual
 * clock): @alicloud/pop-core signs with signature v1, @alicloud/ecs20140526 with
 * ACS3-HMAC-SHA256. Each makes an image, renames it, shares it, copies it to another
 * region (cancelling one copy, letting another finish), and deletes what it made; and
 * reads a documented refusal.
 */

const OTHER_REGION = 'cn-shanghai';
const PEERS = ['1234567890123456', '1234567890123457'];
const SETTLE_MS = 60_000;

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator();
});
afterAll(() => simulator.close());

const ecsClient = (regionId = REGION) => ecsClientFor(simulator, regionId);
const popClient = () => popClientFor(simulator);
beforeEach(() => simulator.domain.reset());

/** A completed system-disk snapshot of the seed. */
async function systemSnapshot(): Promise<string> {
  const body = (await popClient().request('DescribeSnapshots', { RegionId: REGION, PageSize: 50 })) as {
    Snapshots: { Snapshot: { SnapshotId: string; SourceDiskType: string; Status: string }[] };
  };
  return body.Snapshots.Snapshot.find(
    (each) => each.SourceDiskType.toLowerCase() === 'system' && each.Status === 'accomplished',
  )!.SnapshotId;
}

interface PopImage {
  ImageId: string;
  ImageName: string;
  Status: string;
  Progress: string;
}

async function popImage(imageId: string, regionId = REGION): Promise<PopImage | undefined> {
  const body = (await popClient().request('DescribeImages', {
    RegionId: regionId,
    ImageId: imageId,
    Status: 'Creating,Available',
  })) as { Images: { Image: PopImage[] } };
  return body.Images.Image[0];
}

describe('@alicloud/pop-core (signature v1) and the image actions', () => {
  it('creates, modifies, shares, copies, cancels a copy and deletes', async () => {
    const client = popClient();
    const { ImageId: imageId } = (await client.request('CreateImage', {
      RegionId: REGION,
      SnapshotId: await systemSnapshot(),
      ImageName: 'pop-image',
      ClientToken: 'pop-create',
    })) as { ImageId: string };
    expect(await popImage(imageId)).toMatchObject({ ImageName: 'pop-image', Status: 'Creating' });
    simulator.advance(SETTLE_MS);
    await client.request('ModifyImageAttribute', { RegionId: REGION, ImageId: imageId, ImageName: 'pop-2' });
    expect(await popImage(imageId)).toMatchObject({ ImageName: 'pop-2', Status: 'Available' });

    await client.request('ModifyImageSharePermission', {
      RegionId: REGION,
      ImageId: imageId,
      'AddAccount.1': PEERS[0],
      'AddAccount.2': PEERS[1],
    });
    const shared = (await client.request('DescribeImageSharePermission', {
      RegionId: REGION,
      ImageId: imageId,
    })) as { TotalCount: number; Accounts: { Account: { AliyunId: string }[] } };
    expect(shared.TotalCount).toBe(2);
    expect(shared.Accounts.Account.map((account) => account.AliyunId)).toEqual(PEERS);
    await client.request('ModifyImageSharePermission', {
      RegionId: REGION,
      ImageId: imageId,
      'RemoveAccount.1': PEERS[0],
      'RemoveAccount.2': PEERS[1],
    });

    const { ImageId: cancelled } = (await client.request('CopyImage', {
      RegionId: REGION,
      ImageId: imageId,
      DestinationRegionId: OTHER_REGION,
    })) as { ImageId: string };
    expect(await popImage(cancelled, OTHER_REGION)).toMatchObject({ Status: 'Creating', Progress: '0%' });
    await client.request('CancelCopyImage', { RegionId: OTHER_REGION, ImageId: cancelled });
    expect(await popImage(cancelled, OTHER_REGION)).toBeUndefined();
    const { ImageId: copied } = (await client.request('CopyImage', {
      RegionId: REGION,
      ImageId: imageId,
      DestinationRegionId: OTHER_REGION,
      DestinationImageName: 'pop-copy',
    })) as { ImageId: string };
    simulator.advance(SETTLE_MS);
    expect(await popImage(copied, OTHER_REGION)).toMatchObject({
      ImageName: 'pop-copy',
      Status: 'Available',
    });

    await client.request('DeleteImage', { RegionId: OTHER_REGION, ImageId: copied });
    await client.request('DeleteImage', { RegionId: REGION, ImageId: imageId });
    expect(await popImage(imageId)).toBeUndefined();
  });

  it('reads IncorrectDestinationRegion for a copy to its own region', async () => {
    const { ImageId } = (await popClient().request('CreateImage', {
      RegionId: REGION,
      SnapshotId: await systemSnapshot(),
    })) as { ImageId: string };
    simulator.advance(SETTLE_MS);
    // pop-core keeps the code and body of a refusal, not its HTTP status.
    await expect(
      popClient().request('CopyImage', { RegionId: REGION, ImageId, DestinationRegionId: REGION }),
    ).rejects.toMatchObject({
      code: 'IncorrectDestinationRegion',
      data: { Message: 'The destination region is not equal the target region.' },
    });
  });
});

describe('@alicloud/ecs20140526 (ACS3-HMAC-SHA256) and the image actions', () => {
  it('creates, modifies, shares, copies, cancels a copy and deletes', async () => {
    const client = ecsClient();
    const imageId = (
      await client.createImage(
        new $Ecs.CreateImageRequest({
          regionId: REGION,
          snapshotId: await systemSnapshot(),
          imageName: 'sdk-image',
          imageVersion: '1',
          clientToken: 'sdk-create',
        }),
      )
    ).body?.imageId as string;
    expect(imageId).toMatch(/^m-/);
    simulator.advance(SETTLE_MS);
    await client.modifyImageAttribute(
      new $Ecs.ModifyImageAttributeRequest({ regionId: REGION, imageId, description: 'from the sdk' }),
    );
    const described = (
      await client.describeImages(new $Ecs.DescribeImagesRequest({ regionId: REGION, imageId }))
    ).body?.images?.image?.[0];
    expect([described?.imageName, described?.description, described?.status]).toEqual([
      'sdk-image',
      'from the sdk',
      'Available',
    ]);

    await client.modifyImageSharePermission(
      new $Ecs.ModifyImageSharePermissionRequest({ regionId: REGION, imageId, addAccount: PEERS }),
    );
    const shared = (
      await client.describeImageSharePermission(
        new $Ecs.DescribeImageSharePermissionRequest({ regionId: REGION, imageId, pageSize: 1 }),
      )
    ).body;
    expect([shared?.totalCount, shared?.pageSize, shared?.accounts?.account?.map((a) => a.aliyunId)]).toEqual(
      [2, 1, [PEERS[0]]],
    );
    await client.modifyImageSharePermission(
      new $Ecs.ModifyImageSharePermissionRequest({ regionId: REGION, imageId, removeAccount: PEERS }),
    );

    const cancelled = (
      await client.copyImage(
        new $Ecs.CopyImageRequest({ regionId: REGION, imageId, destinationRegionId: OTHER_REGION }),
      )
    ).body?.imageId as string;
    await ecsClient(OTHER_REGION).cancelCopyImage(
      new $Ecs.CancelCopyImageRequest({ regionId: OTHER_REGION, imageId: cancelled }),
    );
    const copied = (
      await client.copyImage(
        new $Ecs.CopyImageRequest({
          regionId: REGION,
          imageId,
          destinationRegionId: OTHER_REGION,
          destinationDescription: 'copied by the sdk',
        }),
      )
    ).body?.imageId as string;
    simulator.advance(SETTLE_MS);
    const there = (
      await ecsClient(OTHER_REGION).describeImages(
        new $Ecs.DescribeImagesRequest({ regionId: OTHER_REGION, imageOwnerAlias: 'self' }),
      )
    ).body?.images?.image?.map((image) => [image.imageId, image.description, image.progress]);
    expect(there).toEqual([[copied, 'copied by the sdk', '100%']]);

    await ecsClient(OTHER_REGION).deleteImage(
      new $Ecs.DeleteImageRequest({ regionId: OTHER_REGION, imageId: copied }),
    );
    await client.deleteImage(new $Ecs.DeleteImageRequest({ regionId: REGION, imageId, force: true }));
    const gone = (await client.describeImages(new $Ecs.DescribeImagesRequest({ regionId: REGION, imageId })))
      .body?.images?.image;
    expect(gone ?? []).toEqual([]);
  });

  it('reads InvalidAccount.NotFound, 404, for an account id that names no account', async () => {
    const client = ecsClient();
    const imageId = (
      await client.createImage(
        new $Ecs.CreateImageRequest({ regionId: REGION, snapshotId: await systemSnapshot() }),
      )
    ).body?.imageId;
    simulator.advance(SETTLE_MS);
    const error = await client
      .modifyImageSharePermission(
        new $Ecs.ModifyImageSharePermissionRequest({ regionId: REGION, imageId, addAccount: ['nobody'] }),
      )
      .then(
        () => undefined,
        (failure: { code?: string; statusCode?: number }) => failure,
      );
    expect([error?.code, error?.statusCode]).toEqual(['InvalidAccount.NotFound', 404]);
  });
});
