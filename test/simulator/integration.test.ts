import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallEvent } from '../../src/ecs/caller.js';
import type { EcsClient } from '../../src/ecs/client.js';
import { staticCredentials } from '../../src/ecs/credentials.js';
import { EcsError, ParamError } from '../../src/ecs/errors.js';
import { FaultConfigError } from '../../src/simulator/faults.js';
import { createSimulator, type Simulator, simulatorOptionsFromSettings } from '../../src/simulator/index.js';
import { loadSimulatorSettings } from '../../src/simulator/settings.js';
import { CreateSnapshot } from '../../src/spec/actions/create-snapshot.js';
import { DescribeDisks } from '../../src/spec/actions/disk-reads.js';
import { ModifyDiskAttribute } from '../../src/spec/actions/disk-writes.js';
import { DescribeInstanceAttribute, DescribeInstances } from '../../src/spec/actions/instance-reads.js';
import { StartInstance, StopInstance } from '../../src/spec/actions/instance-writes.js';
import { DeleteSnapshot, DescribeSnapshots } from '../../src/spec/actions/snapshots.js';
import { API_LIMITS } from '../../src/spec/limits.js';
import { loadStartConfig } from '../../src/start-config.js';
import {
  clientFor,
  REGION,
  SMALL_SEED,
  seededDisks,
  signedGet,
  snapshotableDiskId,
  startSimulator,
} from './integration-support.js';
import { xmlError } from './support.js';

/**
 * Our EcsClient against the whole simulator over loopback: both response formats,
 * the API limits on both sides, ClientToken idempotency through a dropped answer,
 * the documented refusals of bad signatures, and reset().
 */

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const resource of open.splice(0).reverse()) await resource.close();
});

async function simulatorFor(options: Parameters<typeof startSimulator>[0] = {}): Promise<Simulator> {
  const simulator = await startSimulator(options);
  open.push(simulator);
  return simulator;
}

function client(simulator: Simulator, options: Parameters<typeof clientFor>[1] = {}): EcsClient {
  const made = clientFor(simulator, options);
  open.push(made);
  return made;
}

/** The error a promise rejects with; fails the test when it resolves. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection, but the call succeeded');
    },
    (error: unknown) => error,
  );
}

async function ecsError(promise: Promise<unknown>): Promise<EcsError> {
  const error = await rejection(promise);
  if (!(error instanceof EcsError)) throw error;
  return error;
}

async function paramError(promise: Promise<unknown>): Promise<ParamError> {
  const error = await rejection(promise);
  if (!(error instanceof ParamError)) throw error;
  return error;
}

function withoutRequestId<T extends { readonly RequestId?: string }>({ RequestId: _id, ...rest }: T) {
  return rest;
}

/** 10 made-up disk ids in the simulator's shape: they match nothing. */
function unknownDiskIds(count: number): string[] {
  return Array.from({ length: count }, (_, index) => `d-bp1unknown${String(index).padStart(10, '0')}`);
}

describe('one answer in both formats', () => {
  it('decodes DescribeDisks and DescribeInstances in XML and in JSON to identical objects', async () => {
    const simulator = await simulatorFor();
    const xml = client(simulator, { format: 'XML' });
    const json = client(simulator, { format: 'JSON' });
    const disksInput = { RegionId: REGION, PageSize: 50 } as const;

    const fromXml = await xml.call(DescribeDisks, disksInput);
    const fromJson = await json.call(DescribeDisks, disksInput);
    expect(fromXml.Disks).toHaveLength(8);
    expect(fromXml.Disks.some((disk) => disk.Tags.length > 0)).toBe(true);
    expect(withoutRequestId(fromXml)).toEqual(withoutRequestId(fromJson));

    const instancesInput = { RegionId: REGION } as const;
    expect(withoutRequestId(await xml.call(DescribeInstances, instancesInput))).toEqual(
      withoutRequestId(await json.call(DescribeInstances, instancesInput)),
    );
  });
});

describe('id-list and page limits', () => {
  it('2014 limits: the client refuses 11 DiskIds before sending; a hand-signed request gets the 403', async () => {
    const simulator = await simulatorFor();
    const ecs = client(simulator);
    const [known] = await seededDisks(ecs);
    const eleven = [known!.DiskId!, ...unknownDiskIds(10)];

    const refused = await paramError(ecs.call(DescribeDisks, { RegionId: REGION, DiskIds: eleven }));
    expect(refused.first).toMatchObject({
      param: 'DiskIds',
      code: 'InvalidDiskIds.Malformed',
      httpStatus: 403,
    });
    expect(simulator.stats.calls('DescribeDisks')).toBe(1);

    const answer = await signedGet(simulator, {
      Action: 'DescribeDisks',
      RegionId: REGION,
      DiskIds: JSON.stringify(eleven),
    });
    expect(answer.status).toBe(403);
    expect(xmlError(answer.body).code).toBe('InvalidDiskIds.Malformed');

    const ten = await ecs.call(DescribeDisks, { RegionId: REGION, DiskIds: eleven.slice(0, 10) });
    expect(ten.Disks.map((disk) => disk.DiskId)).toEqual([known!.DiskId]);
  });

  it('ECS_API_LIMITS=current switches the client and the simulator: 100 ids and PageSize 100 pass, 101 fail', async () => {
    const config = loadStartConfig(
      {
        ECS_API_LIMITS: 'current',
        SIMULATOR_TRANSITIONS: 'immediate',
        SIMULATOR_REGIONS: REGION,
        SIMULATOR_INSTANCES_PER_REGION: '60',
        SIMULATOR_DISKS_PER_INSTANCE: '2',
        SIMULATOR_SNAPSHOTS_PER_DISK: '0',
      },
      { homeDir: mkdtempSync(join(tmpdir(), 'sim-int-home-')) },
    );
    expect(config.simulatorMode).toBe(true);
    const simulator = await simulatorFor(simulatorOptionsFromSettings(config.simulator));
    const ecs = client(simulator, { limits: config.ecs.apiLimits });

    const page = await ecs.call(DescribeDisks, { RegionId: REGION, PageSize: 100 });
    expect([page.TotalCount, page.PageSize, page.Disks.length]).toEqual([122, 100, 100]);
    const hundred = page.Disks.map((disk) => disk.DiskId!);
    const byIds = await ecs.call(DescribeDisks, { RegionId: REGION, DiskIds: hundred, PageSize: 100 });
    expect(byIds.Disks.map((disk) => disk.DiskId)).toEqual(hundred);

    const tooMany = [...hundred, ...unknownDiskIds(1)];
    expect(
      (await paramError(ecs.call(DescribeDisks, { RegionId: REGION, DiskIds: tooMany }))).first,
    ).toMatchObject({ param: 'DiskIds', code: 'InvalidDiskIds.Malformed' });
    expect(
      (await paramError(ecs.call(DescribeDisks, { RegionId: REGION, PageSize: 101 }))).first,
    ).toMatchObject({ param: 'PageSize', code: 'InvalidParameter' });

    const ids = await signedGet(simulator, {
      Action: 'DescribeDisks',
      RegionId: REGION,
      DiskIds: JSON.stringify(tooMany),
    });
    expect([ids.status, xmlError(ids.body).code]).toEqual([403, 'InvalidDiskIds.Malformed']);
    const pageSize = await signedGet(simulator, {
      Action: 'DescribeDisks',
      RegionId: REGION,
      PageSize: '101',
    });
    expect([pageSize.status, xmlError(pageSize.body).code]).toEqual([400, 'InvalidParameter']);
  });

  it("a client on today's limits is refused PageSize 100 by a simulator on the 2014 ones", async () => {
    const simulator = await simulatorFor({ limits: API_LIMITS['2014'] });
    const ecs = client(simulator, { limits: API_LIMITS.current });
    const error = await ecsError(ecs.call(DescribeDisks, { RegionId: REGION, PageSize: 100 }));
    expect([error.code, error.httpStatus]).toEqual(['InvalidParameter', 400]);
  });
});

describe('ClientToken idempotency through a dropped answer', () => {
  it('acts once when the first answer is lost after acting and the client retries with the same token', async () => {
    const simulator = await simulatorFor({ transitions: 'immediate' });
    const events: CallEvent[] = [];
    // The fault is lifted while the client backs off, so only the first answer is lost.
    const ecs = client(simulator, {
      onCall: (event) => events.push(event),
      sleep: async () => {
        simulator.faults.clear();
      },
    });
    const diskId = await snapshotableDiskId(ecs);
    const snapshotsOfDisk = async () =>
      (await ecs.call(DescribeSnapshots, { RegionId: REGION, DiskId: diskId })).Snapshots.map(
        (snapshot) => snapshot.SnapshotId,
      );
    const before = await snapshotsOfDisk();

    simulator.faults.configure({ dropAfterActingRate: 1 });
    const { SnapshotId } = await ecs.call(CreateSnapshot, { DiskId: diskId, SnapshotName: 'once-only' });

    expect(events.find((event) => event.action === 'CreateSnapshot')).toMatchObject({
      attempts: 2,
      errorCode: undefined,
    });
    expect(simulator.stats.snapshot().actions.CreateSnapshot).toEqual({
      calls: 2,
      succeeded: 1,
      failed: 0,
      faulted: 1,
    });
    expect(await snapshotsOfDisk()).toEqual([...before, SnapshotId]);

    // Without the shared token a second call does make a second snapshot.
    const { SnapshotId: second } = await ecs.call(CreateSnapshot, {
      DiskId: diskId,
      SnapshotName: 'once-only',
    });
    expect(second).not.toBe(SnapshotId);
    expect(await snapshotsOfDisk()).toEqual([...before, SnapshotId, second]);
  });
});

describe('a regional endpoint sees only its region', () => {
  it('refuses a cn-hangzhou disk, instance or snapshot named in cn-beijing with the action’s NotFound, changing nothing', async () => {
    const simulator = await simulatorFor();
    const ecs = client(simulator);
    const disks = await seededDisks(ecs);
    const diskId = await snapshotableDiskId(ecs);
    const instanceId = disks.find((disk) => disk.DiskId === diskId)?.InstanceId ?? '';
    const snapshots = async () =>
      (await ecs.call(DescribeSnapshots, { RegionId: REGION, PageSize: 50 })).Snapshots.map(
        (snapshot) => snapshot.SnapshotId,
      );
    const before = await snapshots();
    const statusOf = async () =>
      (await ecs.call(DescribeInstances, { RegionId: REGION, InstanceIds: [instanceId] })).Instances[0]
        ?.Status;
    const status = await statusOf();
    const elsewhere = { regionId: 'cn-beijing' };
    const refusals = [
      await ecsError(ecs.call(CreateSnapshot, { DiskId: diskId }, elsewhere)),
      await ecsError(ecs.call(ModifyDiskAttribute, { DiskId: diskId, DiskName: 'moved' }, elsewhere)),
      await ecsError(ecs.call(StopInstance, { InstanceId: instanceId }, elsewhere)),
      await ecsError(ecs.call(StartInstance, { InstanceId: instanceId }, elsewhere)),
      await ecsError(ecs.call(DescribeInstanceAttribute, { InstanceId: instanceId }, elsewhere)),
    ];
    expect(refusals.map((error) => [error.code, error.httpStatus])).toEqual([
      ['InvalidDiskId.NotFound', 404],
      ['InvalidDiskId.NotFound', 404],
      ['InvalidInstanceId.NotFound', 404],
      ['InvalidInstanceId.NotFound', 404],
      ['InvalidInstanceId.NotFound', 404],
    ]);
    // DeleteSnapshot ignores an id it does not know, as documented: the snapshot stays.
    await ecs.call(DeleteSnapshot, { SnapshotId: before[0] ?? '' }, elsewhere);
    expect(await snapshots()).toEqual(before);
    expect(await statusOf()).toBe(status);
    const disk = await ecs.call(DescribeDisks, { RegionId: REGION, DiskIds: [diskId] });
    expect(disk.Disks[0]?.DiskName).not.toBe('moved');

    // In its own region the same calls act.
    const { SnapshotId } = await ecs.call(CreateSnapshot, { DiskId: diskId }, { regionId: REGION });
    expect(await snapshots()).toEqual([...before, SnapshotId]);
    await ecs.call(ModifyDiskAttribute, { DiskId: diskId, DiskName: 'renamed' });
    expect((await ecs.call(DescribeDisks, { RegionId: REGION, DiskIds: [diskId] })).Disks[0]?.DiskName).toBe(
      'renamed',
    );
  });
});

describe('signatures the simulator refuses', () => {
  it('answers a wrong secret, an unknown key, a replayed nonce and a stale timestamp with their codes', async () => {
    const simulator = await simulatorFor();
    const input = { RegionId: REGION } as const;

    const wrongSecret = await ecsError(
      client(simulator, {
        credentials: staticCredentials({
          accessKeyId: simulator.accessKeyId,
          accessKeySecret: 'not-the-secret',
        }),
      }).call(DescribeInstances, input),
    );
    expect([wrongSecret.code, wrongSecret.httpStatus]).toEqual(['SignatureDoesNotMatch', 400]);
    expect(wrongSecret.message).not.toContain('not-the-secret');

    const unknownKey = await ecsError(
      client(simulator, {
        credentials: staticCredentials({
          accessKeyId: 'someone-else',
          accessKeySecret: simulator.accessKeySecret,
        }),
      }).call(DescribeInstances, input),
    );
    expect([unknownKey.code, unknownKey.httpStatus]).toEqual(['InvalidAccessKeyId.NotFound', 400]);

    const replaying = client(simulator, { nonce: () => 'the-same-nonce' });
    await replaying.call(DescribeInstances, input);
    const replayed = await ecsError(replaying.call(DescribeInstances, input));
    expect([replayed.code, replayed.httpStatus]).toEqual(['SignatureNonceUsed', 400]);

    const sixteenMinutesAgo = () => new Date(Date.now() - 16 * 60_000);
    const stale = await ecsError(
      client(simulator, { clock: sixteenMinutesAgo }).call(DescribeInstances, input),
    );
    expect([stale.code, stale.httpStatus]).toEqual(['IllegalTimestamp', 400]);

    expect(simulator.stats.snapshot().actions.DescribeInstances).toEqual({
      calls: 5,
      succeeded: 1,
      failed: 4,
      faulted: 0,
    });
  });
});

describe('reset()', () => {
  async function estate(ecs: EcsClient) {
    const [instances, disks, snapshots] = await Promise.all([
      ecs.call(DescribeInstances, { RegionId: REGION, PageSize: 50 }),
      ecs.call(DescribeDisks, { RegionId: REGION, PageSize: 50 }),
      ecs.call(DescribeSnapshots, { RegionId: REGION, PageSize: 50 }),
    ]);
    return [instances, disks, snapshots].map(withoutRequestId);
  }

  it('restores the seeded estate after changes and time have passed, in process and over HTTP', async () => {
    const simulator = await simulatorFor();
    const ecs = client(simulator);
    const seeded = await estate(ecs);

    const diskId = await snapshotableDiskId(ecs);
    await ecs.call(CreateSnapshot, { DiskId: diskId });
    const { Snapshots } = await ecs.call(DescribeSnapshots, { RegionId: REGION, SnapshotType: 'user' });
    const seededSnapshot = Snapshots.find((snapshot) => snapshot.SourceDiskId !== diskId);
    await ecs.call(DeleteSnapshot, { SnapshotId: seededSnapshot!.SnapshotId! }, { regionId: REGION });
    const running = (await ecs.call(DescribeInstances, { RegionId: REGION, Status: 'Running' })).Instances[0];
    await ecs.call(StopInstance, { InstanceId: running!.InstanceId! });
    simulator.advance(3_600_000);
    expect(await estate(ecs)).not.toEqual(seeded);

    simulator.reset();
    expect(await estate(ecs)).toEqual(seeded);

    await ecs.call(CreateSnapshot, { DiskId: diskId });
    const answer = await fetch(`${simulator.url}/__simulator/reset`, { method: 'POST' });
    expect(answer.status).toBe(200);
    expect(await estate(ecs)).toEqual(seeded);
  });
});

describe('createSimulator', () => {
  it('accepts only its own account', async () => {
    const simulator = await simulatorFor({ accessKeyId: 'team-sim', accessKeySecret: 'team-sim-secret' });
    expect([simulator.accessKeyId, simulator.accessKeySecret]).toEqual(['team-sim', 'team-sim-secret']);
    const page = await client(simulator).call(DescribeInstances, { RegionId: REGION });
    expect(page.TotalCount).toBe(SMALL_SEED.instancesPerRegion);

    const other = await simulatorFor();
    const error = await ecsError(
      client(other, {
        credentials: staticCredentials({ accessKeyId: 'team-sim', accessKeySecret: 'team-sim-secret' }),
      }).call(DescribeInstances, { RegionId: REGION }),
    );
    expect(error.code).toBe('InvalidAccessKeyId.NotFound');
  });

  it('refuses at start a region it does not simulate, a bad seed size and invalid faults', async () => {
    await expect(createSimulator({ seed: { regions: ['cn-hangzhou', 'us-nowhere-1'] } })).rejects.toThrow(
      /"seed\.regions" is not valid: us-nowhere-1 is not simulated; the simulated regions are cn-hangzhou, /,
    );
    await expect(createSimulator({ seed: { ...SMALL_SEED, disksPerInstance: 0 } })).rejects.toThrow(
      /disksPerInstance/,
    );
    const faulty = await rejection(createSimulator({ faults: { throttlingRate: 2 } }));
    expect(faulty).toBeInstanceOf(FaultConfigError);
    expect((faulty as FaultConfigError).problems).toEqual([expect.stringMatching(/^throttlingRate: /)]);
  });

  it("defaults to the simulator keys, today's limits and the domain's demo estate", async () => {
    const simulator = await createSimulator({ transitions: 'immediate' });
    open.push(simulator);
    expect(simulator.url).toBe(`http://127.0.0.1:${simulator.port}`);
    expect([simulator.accessKeyId, simulator.accessKeySecret]).toEqual(['simulator', 'simulator-secret']);
    expect(simulator.seededRegions).toEqual(['cn-hangzhou', 'cn-shanghai', 'ap-southeast-1']);
    const ecs = client(simulator, { limits: API_LIMITS.current });
    const hundred = await ecs.call(DescribeDisks, { RegionId: REGION, PageSize: 100 });
    expect(hundred.PageSize).toBe(100);
    // Past today's limit: hand-signed, since the client refuses it before sending.
    const refused = await signedGet(simulator, {
      Action: 'DescribeDisks',
      RegionId: REGION,
      PageSize: '101',
    });
    expect(refused.status).toBe(400);
    expect(xmlError(refused.body).code).toBe('InvalidParameter');
    const beijing = await ecs.call(DescribeInstances, { RegionId: 'cn-beijing' });
    expect(beijing.TotalCount).toBe(0);
  });
});

describe('simulatorOptionsFromSettings', () => {
  it('maps every SIMULATOR_* setting and ECS_API_LIMITS, with the standalone or embedded port', () => {
    const settings = loadSimulatorSettings({
      ECS_API_LIMITS: 'current',
      SIMULATOR_HOST: '0.0.0.0',
      SIMULATOR_ACCESS_KEY_ID: 'team-sim',
      SIMULATOR_ACCESS_KEY_SECRET: 'team-sim-secret',
      SIMULATOR_SEED: '42',
      SIMULATOR_REGIONS: 'cn-beijing,cn-shenzhen',
      SIMULATOR_INSTANCES_PER_REGION: '7',
      SIMULATOR_DISKS_PER_INSTANCE: '3',
      SIMULATOR_SNAPSHOTS_PER_DISK: '4',
      SIMULATOR_TRANSITIONS: 'manual',
      SIMULATOR_LATENCY_MS: '5',
      SIMULATOR_JITTER_MS: '6',
      SIMULATOR_THROTTLE_RATE: '0.1',
      SIMULATOR_UNAVAILABLE_RATE: '0.2',
      SIMULATOR_INTERNAL_ERROR_RATE: '0.3',
      SIMULATOR_DROP_RATE: '0.15',
      SIMULATOR_DROP_AFTER_ACTING_RATE: '0.25',
      // Not a call rate: the five above already add up to 1.
      SIMULATOR_SNAPSHOT_FAILURE_RATE: '0.5',
    });
    expect(simulatorOptionsFromSettings(settings)).toEqual({
      host: '0.0.0.0',
      port: 0,
      accessKeyId: 'team-sim',
      accessKeySecret: 'team-sim-secret',
      seed: {
        seed: 42,
        regions: ['cn-beijing', 'cn-shenzhen'],
        instancesPerRegion: 7,
        disksPerInstance: 3,
        snapshotsPerDisk: 4,
      },
      transitions: 'manual',
      faults: {
        latencyMs: 5,
        jitterMs: 6,
        throttlingRate: 0.1,
        serviceUnavailableRate: 0.2,
        internalErrorRate: 0.3,
        dropRate: 0.15,
        dropAfterActingRate: 0.25,
        snapshotFailureRate: 0.5,
      },
      limits: API_LIMITS.current,
    });
    expect(simulatorOptionsFromSettings(settings, { standalone: true }).port).toBe(9000);
  });
});
