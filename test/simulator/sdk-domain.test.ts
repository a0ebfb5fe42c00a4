import EcsModule, * as $Ecs from '@alicloud/ecs20140526';
import * as $OpenApi from '@alicloud/openapi-client';
import RPCClient from '@alicloud/pop-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';
import { REGION, SMALL_SEED, startSimulator } from './integration-support.js';

/**
 * The official SDKs as real clients of the whole simulator (protocol server and
 * seeded domain) over loopback: @alicloud/pop-core signs with signature v1 and reads
 * JSON, @alicloud/ecs20140526 signs with ACS3-HMAC-SHA256. The domain's clock is
 * manual, so a snapshot's progress moves only when the test says.
 */

// The SDK is CommonJS with an ES default export: Node's ESM loader hands over
// module.exports (the class under .default), vitest hands over the class; accept both.
type EcsClass = typeof EcsModule.default;
const Ecs: EcsClass =
  (EcsModule as unknown as { default?: EcsClass }).default ?? (EcsModule as unknown as EcsClass);

/** Long enough for any snapshot to finish (20 s at most, by disk size). */
const SNAPSHOT_TIME_MS = 20_000;

let simulator: Simulator;
beforeEach(async () => {
  simulator = await startSimulator();
});
afterEach(async () => {
  await simulator.close();
});

interface PopDisk {
  DiskId: string;
  Status: string;
  Type: string;
  InstanceId: string;
}
interface PopSnapshot {
  SnapshotId: string;
  SourceDiskId: string;
  Status: string;
  Progress: string;
  Available: boolean;
}

function popClient() {
  return new RPCClient({
    accessKeyId: simulator.accessKeyId,
    accessKeySecret: simulator.accessKeySecret,
    endpoint: simulator.url,
    apiVersion: '2014-05-26',
  });
}

function ecsClient(): InstanceType<EcsClass> {
  return new Ecs(
    new $OpenApi.Config({
      accessKeyId: simulator.accessKeyId,
      accessKeySecret: simulator.accessKeySecret,
      endpoint: `127.0.0.1:${simulator.port}`,
      protocol: 'http',
      regionId: REGION,
    }),
  );
}

describe('@alicloud/pop-core (signature v1, JSON) against the simulator', () => {
  async function snapshotsOf(diskId: string): Promise<PopSnapshot[]> {
    const page = (await popClient().request('DescribeSnapshots', { RegionId: REGION, DiskId: diskId })) as {
      Snapshots: { Snapshot: PopSnapshot[] };
    };
    return page.Snapshots.Snapshot;
  }

  it('describes the seeded instances and their disks', async () => {
    const client = popClient();
    const instances = (await client.request('DescribeInstances', { RegionId: REGION })) as {
      TotalCount: number;
      Instances: { Instance: Array<{ InstanceId: string; RegionId: string }> };
    };
    expect(instances.TotalCount).toBe(SMALL_SEED.instancesPerRegion);
    const instanceIds = instances.Instances.Instance.map((instance) => instance.InstanceId);
    expect(instanceIds).toHaveLength(3);
    expect(instanceIds.every((id) => /^i-bp1[a-z0-9]{17}$/.test(id))).toBe(true);

    const [first] = instanceIds;
    const disks = (await client.request('DescribeDisks', { RegionId: REGION, InstanceId: first })) as {
      TotalCount: number;
      Disks: { Disk: PopDisk[] };
    };
    expect(disks.TotalCount).toBe(SMALL_SEED.disksPerInstance);
    expect(disks.Disks.Disk.map((disk) => [disk.Type, disk.Status, disk.InstanceId]).sort()).toEqual([
      ['data', 'In_use', first],
      ['system', 'In_use', first],
    ]);
    expect(simulator.stats.snapshot().actions).toMatchObject({
      DescribeInstances: { calls: 1, succeeded: 1 },
      DescribeDisks: { calls: 1, succeeded: 1 },
    });
  });

  it('creates a snapshot that DescribeSnapshots shows progressing, then accomplished', async () => {
    const client = popClient();
    const disks = (await client.request('DescribeDisks', { RegionId: REGION, DiskType: 'data' })) as {
      Disks: { Disk: PopDisk[] };
    };
    const disk = disks.Disks.Disk.find((candidate) => candidate.Status === 'In_use');
    if (!disk) throw new Error('no data disk In_use in the seed');
    const before = await snapshotsOf(disk.DiskId);

    const { SnapshotId } = (await client.request(
      'CreateSnapshot',
      { DiskId: disk.DiskId, SnapshotName: 'before-upgrade' },
      { method: 'POST' },
    )) as { SnapshotId: string };
    expect(SnapshotId).toMatch(/^s-bp1[a-z0-9]{17}$/);

    const created = () =>
      snapshotsOf(disk.DiskId).then((all) => all.find((s) => s.SnapshotId === SnapshotId));
    expect(await snapshotsOf(disk.DiskId)).toHaveLength(before.length + 1);
    expect(await created()).toMatchObject({
      SourceDiskId: disk.DiskId,
      Status: 'progressing',
      Progress: '0%',
      Available: false,
    });
    simulator.advance(SNAPSHOT_TIME_MS);
    expect(await created()).toMatchObject({ Status: 'accomplished', Progress: '100%', Available: true });
  });

  it('answers a snapshot of a missing disk with InvalidDiskId.NotFound, 404', async () => {
    const failure = await popClient()
      .request('CreateSnapshot', { DiskId: 'd-bp1doesnotexist000000' })
      .then(
        () => undefined,
        (error: unknown) => error as { code: string; entry: { response: { statusCode: number } } },
      );
    expect(failure?.code).toBe('InvalidDiskId.NotFound');
    expect(failure?.entry.response.statusCode).toBe(404);
    expect(simulator.stats.snapshot().actions.CreateSnapshot).toEqual({
      calls: 1,
      succeeded: 0,
      failed: 1,
      faulted: 0,
    });
  });
});

describe('@alicloud/ecs20140526 (ACS3-HMAC-SHA256, JSON) against the simulator', () => {
  async function snapshotsOf(diskId: string) {
    const response = await ecsClient().describeSnapshots(
      new $Ecs.DescribeSnapshotsRequest({ regionId: REGION, diskId }),
    );
    return response.body?.snapshots?.snapshot ?? [];
  }

  it('describes the seeded disks, typed and paged', async () => {
    const response = await ecsClient().describeDisks(
      new $Ecs.DescribeDisksRequest({ regionId: REGION, pageSize: 4, pageNumber: 2 }),
    );
    expect(response.statusCode).toBe(200);
    const body = response.body!;
    // 3 instances × 2 disks, plus the extras: a spare disk and one restored from a snapshot.
    expect([body.totalCount, body.pageNumber, body.pageSize]).toEqual([8, 2, 4]);
    const disks = body.disks?.disk ?? [];
    expect(disks).toHaveLength(4);
    for (const disk of disks) {
      expect(disk.diskId).toMatch(/^d-bp1[a-z0-9]{17}$/);
      expect(typeof disk.size).toBe('number');
      expect(['In_use', 'Available']).toContain(disk.status);
    }
  });

  it('creates a snapshot whose progress follows the clock to 100%', async () => {
    const client = ecsClient();
    const disks = await client.describeDisks(
      new $Ecs.DescribeDisksRequest({ regionId: REGION, diskType: 'system', status: 'In_use' }),
    );
    const diskId = disks.body?.disks?.disk?.[0]?.diskId;
    if (!diskId) throw new Error('no system disk In_use in the seed');

    const created = await client.createSnapshot(
      new $Ecs.CreateSnapshotRequest({ diskId, snapshotName: 'nightly', description: 'made by the SDK' }),
    );
    const snapshotId = created.body?.snapshotId;
    expect(snapshotId).toMatch(/^s-bp1[a-z0-9]{17}$/);

    const find = async () => (await snapshotsOf(diskId)).find((s) => s.snapshotId === snapshotId);
    expect(await find()).toMatchObject({ status: 'progressing', progress: '0%', snapshotName: 'nightly' });
    simulator.advance(SNAPSHOT_TIME_MS / 4);
    const midway = await find();
    expect(midway?.status).toBe('progressing');
    expect(Number.parseInt(midway?.progress ?? '', 10)).toBeGreaterThan(0);
    simulator.advance(SNAPSHOT_TIME_MS);
    expect(await find()).toMatchObject({ status: 'accomplished', progress: '100%', available: true });
  });

  it('refuses a snapshot name starting with "auto" with InvalidSnapshotName.Malformed', async () => {
    const client = ecsClient();
    const disks = await client.describeDisks(new $Ecs.DescribeDisksRequest({ regionId: REGION }));
    const diskId = disks.body?.disks?.disk?.[0]?.diskId;
    await expect(
      client.createSnapshot(new $Ecs.CreateSnapshotRequest({ diskId, snapshotName: 'auto-nightly' })),
    ).rejects.toMatchObject({ code: 'InvalidSnapshotName.Malformed', statusCode: 400 });
    expect(await snapshotsOf(diskId!)).not.toContainEqual(
      expect.objectContaining({ snapshotName: 'auto-nightly' }),
    );
  });
});
