import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModifyImageSharePermission } from '../../src/spec/actions/image-shares.js';
import { CreateImage } from '../../src/spec/actions/image-writes.js';
import { DescribeSnapshots } from '../../src/spec/actions/snapshots.js';
import { API_LIMITS } from '../../src/spec/limits.js';
import { execute } from '../graph/support/gateway.js';
import { MAIN_REGION, type ReadStack, startReadStack } from './read-stack.js';

/**
 * Images and snapshots both ways, and the accounts an image is shared with, over the
 * real stack (client ↔ simulator over loopback HTTP, gateway through yoga.fetch), with
 * exact call counts on both sides and the estimate reported before execution.
 */

interface Upstream {
  readonly calls: number;
  readonly estimate: number;
}

describe('Snapshot.images, Image.sourceSnapshot(s) and Image.sharePermissions (ECS_API_LIMITS=2014)', () => {
  let stack: ReadStack;
  /** The system-disk snapshots of the seed, oldest first. */
  let snapshotIds: string[];
  /** Image ids by the snapshot they are made from. */
  const made = new Map<string, string[]>();

  beforeAll(async () => {
    stack = await startReadStack({
      limits: API_LIMITS['2014'],
      sizes: { instancesPerRegion: 4, disksPerInstance: 1, snapshotsPerDisk: 2 },
    });
    const listed = await stack.client.call(DescribeSnapshots, { RegionId: MAIN_REGION, PageSize: 50 });
    snapshotIds = listed.Snapshots.filter(
      (snapshot) => snapshot.SourceDiskType?.toLowerCase() === 'system' && snapshot.Status === 'accomplished',
    ).map((snapshot) => snapshot.SnapshotId as string);
    // Two images from the first snapshot, one from the second, none from the rest.
    for (const snapshotId of [snapshotIds[0], snapshotIds[0], snapshotIds[1]] as string[]) {
      const { ImageId } = await stack.client.call(CreateImage, {
        RegionId: MAIN_REGION,
        SnapshotId: snapshotId,
      });
      made.set(snapshotId, [...(made.get(snapshotId) ?? []), ImageId as string]);
    }
    stack.simulator.advance(60_000);
    const shared = made.get(snapshotIds[0] as string)?.[0] as string;
    await stack.client.call(ModifyImageSharePermission, {
      RegionId: MAIN_REGION,
      ImageId: shared,
      AddAccount: ['1234567890123456', '1234567890123457'],
    });
  });
  afterAll(() => stack.close());

  it('a page of snapshots with their images: 1 DescribeSnapshots and 1 DescribeImages scan of the custom images', async () => {
    stack.resetCounts();
    const result = await execute<{
      snapshots: { nodes: { id: string; images: { totalCount: number; nodes: { id: string }[] } }[] };
    }>(stack.gateway, `{ snapshots(page: { size: 8 }) { nodes { id images { totalCount nodes { id } } } } }`);
    expect(result.errors).toBeUndefined();
    const byId = new Map(result.data?.snapshots.nodes.map((node) => [node.id, node.images]));
    expect(byId.size).toBe(8);
    for (const snapshotId of snapshotIds) expect(byId.has(snapshotId), snapshotId).toBe(true);
    for (const [snapshotId, images] of byId) {
      const expected = made.get(snapshotId) ?? [];
      expect(images.nodes.map((image) => image.id).sort(), snapshotId).toEqual([...expected].sort());
      expect(images.totalCount).toBe(expected.length);
    }
    const expected = { DescribeSnapshots: 1, DescribeImages: 1 };
    expect(stack.callsByAction()).toEqual(expected);
    expect(stack.simulatorCallsByAction()).toEqual(expected);
    expect(stack.inputs.find((call) => call.action === 'DescribeImages')?.input).toMatchObject({
      ImageOwnerAlias: 'self',
      Status: 'Creating,Waiting,Available,UnAvailable,CreateFailed,Deprecated',
    });
    // The bound: the page of snapshots, one deciding page, and for each of the 8 snapshots
    // the page cap (20): ECS bounds the images of a snapshot by no number.
    expect(result.extensions?.upstream).toMatchObject({
      calls: 2,
      estimate: 1 + 1 + 8 * 20,
    } satisfies Upstream);
  });

  it('images with their source snapshots and shares: 1 DescribeImages, 1 DescribeSnapshots by id, 1 DescribeImageSharePermission per custom image', async () => {
    stack.resetCounts();
    const result = await execute<{
      images: {
        nodes: {
          id: string;
          sourceSnapshot: { id: string } | null;
          sourceSnapshots: { id: string }[];
          sharePermissions: { totalCount: number; nodes: { aliyunId: string }[] } | null;
        }[];
      };
    }>(
      stack.gateway,
      `{ images(filter: { ownerAlias: SELF }) { nodes {
          id sourceSnapshot { id } sourceSnapshots { id } sharePermissions { totalCount nodes { aliyunId } }
      } } }`,
    );
    expect(result.errors).toBeUndefined();
    const nodes = result.data?.images.nodes ?? [];
    expect(nodes).toHaveLength(3);
    for (const node of nodes) {
      const source = [...made].find(([, ids]) => ids.includes(node.id))?.[0];
      expect(node.sourceSnapshot?.id).toBe(source);
      expect(node.sourceSnapshots.map((snapshot) => snapshot.id)).toEqual([source]);
    }
    const shared = made.get(snapshotIds[0] as string)?.[0];
    expect(
      Object.fromEntries(nodes.map((node) => [node.id, node.sharePermissions?.nodes.map((a) => a.aliyunId)])),
    ).toMatchObject({ [shared as string]: ['1234567890123456', '1234567890123457'] });
    const expected = { DescribeImages: 1, DescribeSnapshots: 1, DescribeImageSharePermission: 3 };
    expect(stack.callsByAction()).toEqual(expected);
    expect(stack.simulatorCallsByAction()).toEqual(expected);
    // The snapshots of the page's images are asked for together, each once.
    const byId = (stack.inputs.find((call) => call.action === 'DescribeSnapshots')?.input.SnapshotIds ??
      []) as string[];
    expect([...byId].sort()).toEqual([snapshotIds[0], snapshotIds[1]].sort());
    expect(result.extensions?.upstream).toMatchObject({ calls: 5 });
  });

  it('a public image has no shares to list and costs no call for them', async () => {
    stack.resetCounts();
    const result = await execute<{ images: { nodes: { sharePermissions: unknown }[] } }>(
      stack.gateway,
      `{ images(filter: { ownerAlias: SYSTEM }, page: { size: 2 }) { nodes { sharePermissions { totalCount } } } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.images.nodes.map((node) => node.sharePermissions)).toEqual([null, null]);
    expect(stack.callsByAction()).toEqual({ DescribeImages: 1 });
  });
});
