import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';
import { aliyunIdOf } from '../../src/simulator/state/image.js';
import { API_LIMITS } from '../../src/spec/limits.js';
import { REGION, signedGet, startSimulator } from './integration-support.js';

/**
 * The image actions over the wire (signed JSON GETs to the whole simulator, manual
 * clock): each action's success, its effect on the state, and each documented error the
 * state or the parameters can produce, with code and HTTP status.
 */

const OTHER_REGION = 'cn-shanghai';
const PEER = '1234567890123456';
/** Long enough for any image of the seed to be created or copied (snapshot up to 20 s, image 5 s). */
const SETTLE_MS = 60_000;

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator();
});
afterAll(() => simulator.close());
beforeEach(() => simulator.domain.reset());

type Body = Record<string, unknown> & { Code?: string; Message?: string };

async function ask(action: string, params: Record<string, string>) {
  const answer = await signedGet(simulator, { Action: action, Format: 'JSON', RegionId: REGION, ...params });
  return { status: answer.status, body: JSON.parse(answer.body) as Body };
}

async function ok(action: string, params: Record<string, string>): Promise<Body> {
  const { status, body } = await ask(action, params);
  expect(status, `${action}: ${JSON.stringify(body)}`).toBe(200);
  return body;
}

async function refused(action: string, params: Record<string, string>) {
  const { status, body } = await ask(action, params);
  return [body.Code, status] as const;
}

interface ImageItem {
  ImageId: string;
  ImageName: string;
  Description: string;
  Status: string;
  Progress: string;
  ImageOwnerAlias: string;
  Usage: string;
  DiskDeviceMappings: { DiskDeviceMapping: { SnapshotId: string }[] };
}

async function image(imageId: string, regionId = REGION): Promise<ImageItem | undefined> {
  const body = await ok('DescribeImages', {
    RegionId: regionId,
    ImageId: imageId,
    Status: 'Creating,Available,CreateFailed',
  });
  return (body.Images as { Image: ImageItem[] }).Image[0];
}

interface SnapshotItem {
  SnapshotId: string;
  SourceDiskType: string;
  Status: string;
  Usage: string;
}

async function snapshots(regionId = REGION): Promise<SnapshotItem[]> {
  const body = await ok('DescribeSnapshots', { RegionId: regionId, PageSize: '50' });
  return (body.Snapshots as { Snapshot: SnapshotItem[] }).Snapshot;
}

/** A completed system-disk snapshot of the seed, not yet behind an image. */
async function systemSnapshot(): Promise<string> {
  const found = (await snapshots()).find(
    (each) =>
      each.SourceDiskType.toLowerCase() === 'system' &&
      each.Status === 'accomplished' &&
      each.Usage === 'none',
  );
  if (!found) throw new Error('the seed has no free completed system-disk snapshot');
  return found.SnapshotId;
}

/** An Available custom image made now. */
async function newImage(params: Record<string, string> = {}): Promise<string> {
  const { ImageId } = await ok('CreateImage', { SnapshotId: await systemSnapshot(), ...params });
  simulator.advance(SETTLE_MS);
  return String(ImageId);
}

async function seededInstance(): Promise<string> {
  const body = await ok('DescribeInstances', {});
  return (body.Instances as { Instance: { InstanceId: string }[] }).Instance[0]!.InstanceId;
}

describe('CreateImage over the wire', () => {
  it('makes an image from a system-disk snapshot: Creating with progress, then Available', async () => {
    const snapshotId = await systemSnapshot();
    const { ImageId } = await ok('CreateImage', {
      SnapshotId: snapshotId,
      ImageName: 'web-base',
      ImageVersion: '2.1',
      Description: 'the web tier',
    });
    expect(ImageId).toMatch(/^m-/);
    expect(await image(String(ImageId))).toMatchObject({
      ImageName: 'web-base',
      Description: 'the web tier',
      ImageOwnerAlias: 'self',
      Status: 'Creating',
      Progress: '0%',
      DiskDeviceMappings: { DiskDeviceMapping: [{ SnapshotId: snapshotId }] },
    });
    simulator.advance(2_500);
    expect(await image(String(ImageId))).toMatchObject({ Status: 'Creating', Progress: '50%' });
    simulator.advance(2_500);
    expect(await image(String(ImageId))).toMatchObject({ Status: 'Available', Progress: '100%' });
    // The snapshot now stands behind an image.
    expect(await refused('DeleteSnapshot', { SnapshotId: snapshotId })).toEqual([
      'SnapshotCreatedImage',
      403,
    ]);
  });

  it("makes an image from an instance's system disk by a new snapshot, today's way", async () => {
    const before = (await snapshots()).length;
    const { ImageId } = await ok('CreateImage', { InstanceId: await seededInstance() });
    const after = await snapshots();
    expect(after).toHaveLength(before + 1);
    const taken = after.find((each) => each.Status === 'progressing')!;
    const made = await image(String(ImageId));
    expect(made?.DiskDeviceMappings.DiskDeviceMapping[0]?.SnapshotId).toBe(taken.SnapshotId);
    expect(made?.Status).toBe('Creating');
    simulator.advance(SETTLE_MS);
    expect((await image(String(ImageId)))?.Status).toBe('Available');
  });

  it('acts once for a ClientToken and answers InvalidParamter.Conflict, 403, for other parameters with it', async () => {
    const snapshotId = await systemSnapshot();
    const first = await ok('CreateImage', { SnapshotId: snapshotId, ClientToken: 'img-once' });
    const again = await ok('CreateImage', { SnapshotId: snapshotId, ClientToken: 'img-once' });
    expect(again.ImageId).toBe(first.ImageId);
    expect(
      await refused('CreateImage', { SnapshotId: snapshotId, ClientToken: 'img-once', ImageName: 'other' }),
    ).toEqual(['InvalidParamter.Conflict', 403]);
  });

  it('reads AddAccount.N across gaps, and refuses an empty entry by its N with nothing shared', async () => {
    const imageId = await newImage();
    const sharedIds = async () =>
      (
        (await ok('DescribeImageSharePermission', { ImageId: imageId })).Accounts as {
          Account: { AliyunId: string }[];
        }
      ).Account.map((account) => account.AliyunId);
    const { body } = await ask('ModifyImageSharePermission', {
      ImageId: imageId,
      'AddAccount.1': PEER,
      'AddAccount.2': '',
    });
    expect(body).toMatchObject({
      Code: 'InvalidParameter',
      Message: expect.stringContaining('"AddAccount.2"'),
    });
    expect(await sharedIds()).toEqual([]);
    await ok('ModifyImageSharePermission', {
      ImageId: imageId,
      'AddAccount.7': '1000000000000007',
      'AddAccount.3': '1000000000000003',
      'AddAccount.12': '1000000000000012',
    });
    expect(await sharedIds()).toEqual(['1000000000000003', '1000000000000007']);
  });

  it('answers each documented refusal the state or the parameters produce', async () => {
    const snapshotId = await systemSnapshot();
    const dataSnapshot = (await snapshots()).find((each) => each.SourceDiskType.toLowerCase() === 'data')!;
    expect(await refused('CreateImage', {})).toEqual(['MissingParameter', 400]);
    expect(await refused('CreateImage', { RegionId: 'xx-nowhere', SnapshotId: snapshotId })).toEqual([
      'InvalidRegionId.NotFound',
      404,
    ]);
    expect(await refused('CreateImage', { SnapshotId: 's-missing' })).toEqual([
      'InvalidSnapshotId.NotFound',
      404,
    ]);
    expect(await refused('CreateImage', { SnapshotId: snapshotId, ImageName: '1abc' })).toEqual([
      'InvalidImageName.Malformed',
      400,
    ]);
    expect(await refused('CreateImage', { SnapshotId: snapshotId, Description: 'http://x' })).toEqual([
      'InvalidDescription.Malformed',
      400,
    ]);
    expect(await refused('CreateImage', { SnapshotId: snapshotId, ImageVersion: 'v'.repeat(41) })).toEqual([
      'InvalidImageVersion.Malformed',
      400,
    ]);
    const denied = await ask('CreateImage', { SnapshotId: dataSnapshot.SnapshotId });
    expect([denied.body.Code, denied.status, denied.body.Message]).toEqual([
      'OperationDenied',
      403,
      'The specified snapshot is not from system disk.',
    ]);
    expect(await refused('CreateImage', { InstanceId: 'i-missing' })).toEqual([
      'InvalidInstanceId.NotFound',
      404,
    ]);
    await ok('CreateImage', { SnapshotId: snapshotId, ImageName: 'taken' });
    expect(await refused('CreateImage', { SnapshotId: snapshotId, ImageName: 'taken' })).toEqual([
      'InvalidImageName.Duplicated',
      400,
    ]);
  });

  it('refuses a snapshot in progress, then a failed one', async () => {
    const instanceId = await seededInstance();
    await ok('CreateImage', { InstanceId: instanceId });
    const taken = (await snapshots()).find((each) => each.Status === 'progressing')!;
    expect(await refused('CreateImage', { SnapshotId: taken.SnapshotId })).toEqual([
      'InvalidSnapshotId.NotReady',
      403,
    ]);
    const failed = await fetch(`${simulator.url}/__simulator/snapshots/${taken.SnapshotId}/fail`, {
      method: 'POST',
    });
    expect(failed.status).toBe(200);
    const denied = await ask('CreateImage', { SnapshotId: taken.SnapshotId });
    expect([denied.body.Code, denied.status, denied.body.Message]).toEqual([
      'OperationDenied',
      403,
      'The specified snapshot is not allowed to create image.',
    ]);
  });

  it('refuses an instance that is neither Running nor Stopped', async () => {
    const instanceId = await seededInstance();
    const { Instances } = await ok('DescribeInstances', { InstanceIds: JSON.stringify([instanceId]) });
    const status = (Instances as { Instance: { Status: string }[] }).Instance[0]!.Status;
    await ok(status === 'Running' ? 'StopInstance' : 'StartInstance', { InstanceId: instanceId });
    expect(await refused('CreateImage', { InstanceId: instanceId })).toEqual([
      'IncorrectInstanceStatus',
      403,
    ]);
  });

  it('holds at most 30 custom images in a region (QuotaExceed.Image, 403)', async () => {
    const snapshotId = await systemSnapshot();
    const held = (await ok('DescribeImages', { ImageOwnerAlias: 'self', Status: 'Creating,Available' }))
      .TotalCount as number;
    for (let n = held; n < 30; n++) await ok('CreateImage', { SnapshotId: snapshotId });
    expect(await refused('CreateImage', { SnapshotId: snapshotId })).toEqual(['QuotaExceed.Image', 403]);
  });
});

describe('ModifyImageAttribute and DeleteImage over the wire', () => {
  it('renames and redescribes an image; refuses an unknown one and a name in use', async () => {
    const imageId = await newImage({ ImageName: 'first' });
    const other = await newImage({ ImageName: 'second' });
    await ok('ModifyImageAttribute', { ImageId: imageId, ImageName: 'renamed', Description: 'new words' });
    expect(await image(imageId)).toMatchObject({ ImageName: 'renamed', Description: 'new words' });
    // Its own name again is no duplicate.
    await ok('ModifyImageAttribute', { ImageId: imageId, ImageName: 'renamed' });
    expect(await refused('ModifyImageAttribute', { ImageId: other, ImageName: 'renamed' })).toEqual([
      'InvalidImageName.Duplicated',
      400,
    ]);
    expect(await refused('ModifyImageAttribute', { ImageId: 'm-missing', ImageName: 'x1' })).toEqual([
      'InvalidImageId.NotFoud',
      403,
    ]);
    expect(await refused('ModifyImageAttribute', { ImageId: imageId, ImageName: 'x' })).toEqual([
      'InvalidImageName.Malformed',
      400,
    ]);
    expect(await refused('ModifyImageAttribute', { ImageId: imageId, Description: 'y' })).toEqual([
      'InvalidDescription.Malformed',
      400,
    ]);
  });

  it('deletes an image, ignores an unknown one, and refuses one in use unless Force', async () => {
    const imageId = await newImage();
    await ok('DeleteImage', { ImageId: 'm-missing' });
    const { InstanceId } = await ok('CreateInstance', {
      ImageId: imageId,
      InstanceType: 'ecs.g7.large',
      SecurityGroupId: await seededGroup(),
    });
    expect(InstanceId).toMatch(/^i-/);
    expect(await refused('DeleteImage', { ImageId: imageId })).toEqual(['ImageUsingByInstance', 403]);
    expect(await image(imageId)).toBeDefined();
    await ok('DeleteImage', { ImageId: imageId, Force: 'true' });
    expect(await image(imageId)).toBeUndefined();
    expect(await refused('DeleteImage', { RegionId: 'xx-nowhere', ImageId: imageId })).toEqual([
      'InvalidRegionId.NotFound',
      404,
    ]);
  });

  it('refuses to delete a shared image until the sharing ends', async () => {
    const imageId = await newImage();
    await ok('ModifyImageSharePermission', { ImageId: imageId, 'AddAccount.1': PEER });
    expect(await refused('DeleteImage', { ImageId: imageId })).toEqual(['ImageUseShared', 403]);
    await ok('ModifyImageSharePermission', { ImageId: imageId, 'RemoveAccount.1': PEER });
    await ok('DeleteImage', { ImageId: imageId });
    expect(await image(imageId)).toBeUndefined();
  });
});

async function seededGroup(): Promise<string> {
  const body = await ok('DescribeSecurityGroups', {});
  return (body.SecurityGroups as { SecurityGroup: { SecurityGroupId: string }[] }).SecurityGroup[0]!
    .SecurityGroupId;
}

describe('CopyImage and CancelCopyImage over the wire', () => {
  it('copies an image to another region: Creating there with progress, then Available, with its own snapshot', async () => {
    const imageId = await newImage({ ImageName: 'golden' });
    const { ImageId: copyId } = await ok('CopyImage', {
      ImageId: imageId,
      DestinationRegionId: OTHER_REGION,
      DestinationDescription: 'for shanghai',
    });
    const copy = await image(String(copyId), OTHER_REGION);
    expect(copy).toMatchObject({
      ImageName: 'golden',
      Description: 'for shanghai',
      Status: 'Creating',
      Progress: '0%',
    });
    const [snapshot] = await snapshots(OTHER_REGION);
    expect(copy?.DiskDeviceMappings.DiskDeviceMapping[0]?.SnapshotId).toBe(snapshot?.SnapshotId);
    // The copy is not in the source region, and neither image can go while the copy runs.
    expect(await image(String(copyId))).toBeUndefined();
    expect(await refused('DeleteImage', { ImageId: imageId })).toEqual(['OperationDenied.ImageCopying', 403]);
    expect(await refused('DeleteImage', { RegionId: OTHER_REGION, ImageId: String(copyId) })).toEqual([
      'OperationDenied.ImageCopying',
      403,
    ]);
    expect(await refused('CopyImage', { ImageId: imageId, DestinationRegionId: 'cn-beijing' })).toEqual([
      'OperationDenied.ImageCopying',
      403,
    ]);
    simulator.advance(SETTLE_MS);
    expect(await image(String(copyId), OTHER_REGION)).toMatchObject({
      Status: 'Available',
      Progress: '100%',
    });
    expect(await refused('CancelCopyImage', { RegionId: OTHER_REGION, ImageId: String(copyId) })).toEqual([
      'IncorrectImageStatus',
      400,
    ]);
  });

  it('cancels a copy in progress: the copy and its snapshot are removed', async () => {
    const imageId = await newImage();
    const { ImageId: copyId } = await ok('CopyImage', {
      ImageId: imageId,
      DestinationRegionId: OTHER_REGION,
    });
    simulator.advance(1_000);
    await ok('CancelCopyImage', { RegionId: OTHER_REGION, ImageId: String(copyId) });
    expect(await image(String(copyId), OTHER_REGION)).toBeUndefined();
    expect(await snapshots(OTHER_REGION)).toEqual([]);
    // The source is free again.
    await ok('DeleteImage', { ImageId: imageId });
  });

  it('answers each documented refusal the state or the parameters produce', async () => {
    const imageId = await newImage({ ImageName: 'dup' });
    const creating = String((await ok('CreateImage', { SnapshotId: await systemSnapshot() })).ImageId);
    const systemImage = String(
      ((await ok('DescribeImages', { ImageOwnerAlias: 'system' })).Images as { Image: { ImageId: string }[] })
        .Image[0]!.ImageId,
    );
    const copy = (params: Record<string, string>) =>
      refused('CopyImage', { ImageId: imageId, DestinationRegionId: OTHER_REGION, ...params });
    expect(await copy({ ImageId: 'm-missing' })).toEqual(['InvalidImageId.NotFound', 403]);
    expect(await copy({ ImageId: systemImage })).toEqual(['Forbidden', 400]);
    expect(await copy({ RegionId: 'xx-nowhere' })).toEqual(['SourceRegion.NotFound', 400]);
    expect(await copy({ DestinationRegionId: 'xx-nowhere' })).toEqual(['DestinationRegion.NotFound', 400]);
    expect(await copy({ DestinationRegionId: REGION })).toEqual(['IncorrectDestinationRegion', 403]);
    expect(await copy({ ImageId: creating })).toEqual(['IncorrectImageStatus', 400]);
    expect(await copy({ DestinationImageName: '-bad' })).toEqual(['InvalidImageName.Malformed', 400]);
    expect(await copy({ DestinationDescription: 'https://x' })).toEqual([
      'InvalidDescription.Malformed',
      400,
    ]);
    await ok('CopyImage', {
      ImageId: imageId,
      DestinationRegionId: OTHER_REGION,
      DestinationImageName: 'there',
    });
    simulator.advance(SETTLE_MS);
    expect(await copy({ DestinationImageName: 'there' })).toEqual(['InvalidImageName.Duplicated', 400]);
    expect(await refused('CancelCopyImage', { RegionId: 'xx-nowhere', ImageId: imageId })).toEqual([
      'InvalidRegionId.NotFound',
      400,
    ]);
    expect(await refused('CancelCopyImage', { ImageId: 'm-missing' })).toEqual([
      'InvalidImageId.NotFound',
      400,
    ]);
    const notCopy = await ask('CancelCopyImage', { ImageId: imageId });
    expect([notCopy.body.Code, notCopy.status, notCopy.body.Message]).toEqual([
      'IncorrectImageStatus',
      400,
      'The image is not from copied.',
    ]);
  });
});

describe('image sharing over the wire', () => {
  it('adds and removes accounts, and lists them page by page', async () => {
    const imageId = await newImage();
    const ids = Array.from({ length: 12 }, (_, n) => `10000000000000${String(n).padStart(2, '0')}`);
    await ok('ModifyImageSharePermission', {
      ImageId: imageId,
      ...Object.fromEntries(ids.slice(0, 10).map((id, n) => [`AddAccount.${n + 1}`, id])),
    });
    simulator.advance(1_000);
    await ok('ModifyImageSharePermission', {
      ImageId: imageId,
      'AddAccount.1': ids[10]!,
      'AddAccount.2': ids[11]!,
      'RemoveAccount.1': ids[0]!,
      // N above 10 is ignored, as the reference says.
      'RemoveAccount.11': ids[1]!,
    });
    const first = await ok('DescribeImageSharePermission', { ImageId: imageId });
    expect(first).toMatchObject({
      RegionId: REGION,
      ImageId: imageId,
      TotalCount: 11,
      PageNumber: 1,
      PageSize: 10,
    });
    const accounts = (first.Accounts as { Account: { AliyunId: string; SharedTime: string }[] }).Account;
    expect(accounts.map((account) => account.AliyunId)).toEqual(ids.slice(1, 11));
    expect(first.ShareGroups).toEqual({ ShareGroup: [] });
    const second = await ok('DescribeImageSharePermission', { ImageId: imageId, PageNumber: '2' });
    expect((second.Accounts as { Account: { AliyunId: string }[] }).Account.map((a) => a.AliyunId)).toEqual([
      ids[11],
    ]);
  });

  it('answers each documented refusal the state or the parameters produce', async () => {
    const imageId = await newImage();
    const creating = String((await ok('CreateImage', { SnapshotId: await systemSnapshot() })).ImageId);
    const share = (params: Record<string, string>) =>
      refused('ModifyImageSharePermission', { ImageId: imageId, ...params });
    expect(await share({ RegionId: 'xx-nowhere' })).toEqual(['InvalidRegionId.NotFound', 400]);
    expect(await share({ ImageId: 'm-missing' })).toEqual(['InvalidImageId.NotFound', 403]);
    expect(await share({ ImageId: creating, 'AddAccount.1': PEER })).toEqual(['IncorrectImageStatus', 400]);
    expect(await share({ 'AddAccount.1': 'nobody' })).toEqual(['InvalidAccount.NotFound', 404]);
    expect(await share({ 'AddAccount.1': aliyunIdOf(simulator.accessKeyId) })).toEqual([
      'InvalidAccount.Forbidden',
      404,
    ]);
    for (let call = 0; call < 5; call++)
      await ok('ModifyImageSharePermission', {
        ImageId: imageId,
        ...Object.fromEntries(
          Array.from({ length: 10 }, (_, n) => [
            `AddAccount.${n + 1}`,
            `2${String(call * 10 + n).padStart(15, '0')}`,
          ]),
        ),
      });
    expect(await share({ 'AddAccount.1': PEER })).toEqual(['QuotaExceed.ShareImageUser', 403]);
    const { body } = await ask('DescribeImageSharePermission', { ImageId: imageId });
    expect(body.TotalCount).toBe(50);
    expect(
      await refused('DescribeImageSharePermission', { RegionId: 'xx-nowhere', ImageId: imageId }),
    ).toEqual(['InvalidRegionId.NotFound', 404]);
    expect(await refused('DescribeImageSharePermission', { ImageId: 'm-missing' })).toEqual([
      'InvalidImageId.NotFound',
      404,
    ]);
  });

  it('lets an account receive at most 30 shared images (QuotaExceed.ShareImage, 403)', async () => {
    const snapshotId = await systemSnapshot();
    const made: string[] = [];
    const held = (await ok('DescribeImages', { ImageOwnerAlias: 'self' })).TotalCount as number;
    for (let n = held; n < 30; n++)
      made.push(String((await ok('CreateImage', { SnapshotId: snapshotId })).ImageId));
    simulator.advance(SETTLE_MS);
    const own = (await ok('DescribeImages', { ImageOwnerAlias: 'self', PageSize: '50' })).Images as {
      Image: { ImageId: string }[];
    };
    for (const each of own.Image)
      await ok('ModifyImageSharePermission', { ImageId: each.ImageId, 'AddAccount.1': PEER });
    const { ImageId: copyId } = await ok('CopyImage', {
      ImageId: made[0]!,
      DestinationRegionId: OTHER_REGION,
    });
    simulator.advance(SETTLE_MS);
    expect(
      await refused('ModifyImageSharePermission', {
        RegionId: OTHER_REGION,
        ImageId: String(copyId),
        'AddAccount.1': PEER,
      }),
    ).toEqual(['QuotaExceed.ShareImage', 403]);
  });
});

describe('DryRun under today’s API', () => {
  it('checks a CreateImage by instance without taking a snapshot or making an image', async () => {
    const current = await startSimulator({ limits: API_LIMITS.current });
    try {
      const call = async (action: string, params: Record<string, string>) => {
        const answer = await signedGet(current, {
          Action: action,
          Format: 'JSON',
          RegionId: REGION,
          ...params,
        });
        return { status: answer.status, body: JSON.parse(answer.body) as Body };
      };
      const count = async (action: string, list: string, params: Record<string, string>) =>
        ((await call(action, { PageSize: '100', ...params })).body[list] as Record<string, unknown[]>)[
          list.slice(0, -1)
        ]!.length;
      const snapshots = () => count('DescribeSnapshots', 'Snapshots', {});
      const images = () =>
        count('DescribeImages', 'Images', { Status: 'Creating,Available', ImageOwnerAlias: 'self' });
      const instances = (await call('DescribeInstances', {})).body.Instances as {
        Instance: { InstanceId: string }[];
      };
      const before = [await snapshots(), await images()];
      const dry = await call('CreateImage', {
        InstanceId: instances.Instance[0]!.InstanceId,
        DryRun: 'true',
      });
      expect([dry.body.Code, dry.status]).toEqual(['DryRunOperation', 400]);
      expect([await snapshots(), await images()]).toEqual(before);
      expect(before[1]).toBeGreaterThan(0);
    } finally {
      await current.close();
    }
  });
});
