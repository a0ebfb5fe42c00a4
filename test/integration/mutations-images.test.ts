import { describe, expect, it } from 'vitest';
import {
  actionCalls,
  actionCallsSince,
  type Estate,
  mutate,
  type SimulatedGateway,
  useSimulatedEstate,
} from './mutations-harness.js';

let h: SimulatedGateway;
let world: Estate;

useSimulatedEstate((next) => ({ h, world } = next));

const callsSince = (before: Record<string, number>) => actionCallsSince(h.simulator, before);
const IMAGE = 'image { id name description status progress source: sourceSnapshot { id } }';
const SETTLE_MS = 60_000;

/** A completed snapshot of the running instance's system disk, through the read graph. */
async function systemSnapshot(): Promise<string> {
  const response = await h.run<{ snapshots: { nodes: { id: string; status: string }[] } }>(
    'query Of($disk: ID!) { snapshots(filter: { diskId: $disk }) { nodes { id status } } }',
    { disk: world.running.systemDiskId },
  );
  const done = response.data?.snapshots.nodes.find((snapshot) => snapshot.status === 'ACCOMPLISHED');
  if (!done) throw new Error(`no completed snapshot of ${world.running.systemDiskId}`);
  return done.id;
}

async function createImage(input: Record<string, unknown> = {}): Promise<string> {
  const result = await mutate(
    h,
    'createImage',
    { snapshotId: await systemSnapshot(), ...input },
    'image { id }',
  );
  h.simulator.advance(SETTLE_MS);
  return (result.image as { id: string }).id;
}

describe('image mutations', () => {
  it('createImage answers the image, Creating with its progress and its source snapshot: 1 CreateImage, 1 DescribeImages, 1 DescribeSnapshots', async () => {
    const snapshotId = await systemSnapshot();
    const before = actionCalls(h.simulator);
    const result = await mutate(h, 'createImage', { snapshotId, imageName: 'web-base' }, IMAGE);
    expect(result).toMatchObject({
      __typename: 'CreateImagePayload',
      image: { name: 'web-base', status: 'CREATING', progress: 0, source: { id: snapshotId } },
    });
    expect(callsSince(before)).toEqual({ CreateImage: 1, DescribeImages: 1, DescribeSnapshots: 1 });
  });

  it('createImage without a snapshot or an instance is a ValidationError naming both, with no call', async () => {
    const before = actionCalls(h.simulator);
    const result = await mutate(h, 'createImage', { imageName: 'nothing' });
    expect(result).toMatchObject({ __typename: 'ValidationError', code: 'MissingParameter' });
    expect(JSON.stringify(result)).toContain('input.instanceId');
    expect(callsSince(before)).toEqual({});
  });

  it('createImage from a data-disk snapshot is the documented OperationDenied, 403', async () => {
    const response = await h.run<{ snapshots: { nodes: { id: string; status: string }[] } }>(
      'query Of($disk: ID!) { snapshots(filter: { diskId: $disk }) { nodes { id status } } }',
      { disk: world.running.dataDiskId },
    );
    const data = response.data?.snapshots.nodes.find((snapshot) => snapshot.status === 'ACCOMPLISHED');
    const result = await mutate(h, 'createImage', { snapshotId: data?.id });
    expect(result).toMatchObject({ code: 'OperationDenied', httpStatus: 403 });
  });

  it('modifyImage renames the image; a name in use is the documented InvalidImageName.Duplicated, 400', async () => {
    const first = await createImage({ imageName: 'first' });
    const second = await createImage();
    const renamed = await mutate(
      h,
      'modifyImage',
      { imageId: second, imageName: 'second', description: 'words' },
      IMAGE,
    );
    expect(renamed).toMatchObject({
      image: { id: second, name: 'second', description: 'words', status: 'AVAILABLE' },
    });
    const duplicate = await mutate(h, 'modifyImage', { imageId: first, imageName: 'second' });
    expect(duplicate).toMatchObject({ code: 'InvalidImageName.Duplicated', httpStatus: 400 });
  });

  it('copyImage answers the copy in its destination region, Creating; cancelCopyImage removes it', async () => {
    const imageId = await createImage({ imageName: 'golden' });
    const before = actionCalls(h.simulator);
    const copied = await mutate(
      h,
      'copyImage',
      { imageId, destinationRegionId: 'cn-shanghai' },
      'image { id name status progress regionId }',
    );
    expect(copied).toMatchObject({
      image: { name: 'golden', status: 'CREATING', progress: 0, regionId: 'cn-shanghai' },
    });
    expect(callsSince(before)).toEqual({ CopyImage: 1, DescribeImages: 1 });
    const copyId = (copied.image as { id: string }).id;
    h.simulator.advance(5_000);
    const watched = await h.run<{ image: { status: string; progress: number } }>(
      'query W($id: ID!) { image(id: $id, regionId: "cn-shanghai") { status progress } }',
      { id: copyId },
    );
    expect(watched.data?.image.status).toBe('CREATING');
    expect(watched.data?.image.progress).toBeGreaterThan(0);
    const cancelled = await mutate(
      h,
      'cancelCopyImage',
      { regionId: 'cn-shanghai', imageId: copyId },
      'imageId',
    );
    expect(cancelled).toEqual(
      expect.objectContaining({ __typename: 'CancelCopyImagePayload', imageId: copyId }),
    );
    const again = await mutate(h, 'cancelCopyImage', { regionId: 'cn-shanghai', imageId: copyId });
    expect(again).toMatchObject({ code: 'InvalidImageId.NotFound', httpStatus: 400 });
  });

  it('modifyImageSharePermission shares the image; deleteImage is then the documented ImageUseShared, 403', async () => {
    const imageId = await createImage();
    const shared = await mutate(
      h,
      'modifyImageSharePermission',
      { imageId, addAccounts: ['1234567890123456', '1234567890123457'] },
      'image { id sharePermissions { totalCount nodes { aliyunId } } }',
    );
    expect(shared).toMatchObject({
      image: {
        id: imageId,
        sharePermissions: {
          totalCount: 2,
          nodes: [{ aliyunId: '1234567890123456' }, { aliyunId: '1234567890123457' }],
        },
      },
    });
    const refused = await mutate(h, 'deleteImage', { imageId });
    expect(refused).toMatchObject({ code: 'ImageUseShared', httpStatus: 403 });
    await mutate(h, 'modifyImageSharePermission', {
      imageId,
      removeAccounts: ['1234567890123456', '1234567890123457'],
    });
    const before = actionCalls(h.simulator);
    const deleted = await mutate(h, 'deleteImage', { imageId }, 'imageId');
    expect(deleted).toMatchObject({ __typename: 'DeleteImagePayload', imageId });
    expect(callsSince(before)).toEqual({ DeleteImage: 1 });
  });

  it('an account id that names no account is the documented InvalidAccount.NotFound, 404', async () => {
    const imageId = await createImage();
    const result = await mutate(h, 'modifyImageSharePermission', { imageId, addAccounts: ['nobody'] });
    expect(result).toMatchObject({ code: 'InvalidAccount.NotFound', httpStatus: 404 });
  });

  it('more than 10 accounts, or an empty one, is a ValidationError naming the list or the entry, with no call', async () => {
    const imageId = await createImage();
    const before = actionCalls(h.simulator);
    const eleven = Array.from({ length: 11 }, (_, n) => `10000000000000${String(n).padStart(2, '0')}`);
    const tooMany = await mutate(h, 'modifyImageSharePermission', { imageId, addAccounts: eleven });
    expect(tooMany).toMatchObject({
      __typename: 'ValidationError',
      problems: [{ field: 'input.addAccounts', rule: 'at most 10 entries', code: 'InvalidParameter' }],
    });
    const empty = await mutate(h, 'modifyImageSharePermission', {
      imageId,
      removeAccounts: ['1234567890123456', ''],
    });
    expect(empty).toMatchObject({
      __typename: 'ValidationError',
      problems: [
        { field: 'input.removeAccounts[1]', rule: 'at least 1 character', code: 'InvalidParameter' },
      ],
    });
    expect(callsSince(before)).toEqual({});
  });
});
