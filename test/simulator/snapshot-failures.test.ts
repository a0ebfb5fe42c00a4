import { afterEach, describe, expect, it } from 'vitest';
import type { EcsClient } from '../../src/ecs/client.js';
import { EcsError } from '../../src/ecs/errors.js';
import { ControlError } from '../../src/simulator/backend.js';
import { REALISTIC_DURATIONS } from '../../src/simulator/clock.js';
import { FaultConfigError, FaultInjector } from '../../src/simulator/faults.js';
import type { Simulator } from '../../src/simulator/index.js';
import { snapshotDuration } from '../../src/simulator/state/snapshot.js';
import { CreateSnapshot } from '../../src/spec/actions/create-snapshot.js';
import { DescribeDisks } from '../../src/spec/actions/disk-reads.js';
import { AttachDisk, DetachDisk } from '../../src/spec/actions/disk-writes.js';
import { DescribeInstances } from '../../src/spec/actions/instance-reads.js';
import { StartInstance, StopInstance } from '../../src/spec/actions/instance-writes.js';
import { DescribeSnapshots } from '../../src/spec/actions/snapshots.js';
import { clientFor, REGION, seededDisks, startSimulator } from './integration-support.js';
import { startHarness } from './support.js';

/**
 * Snapshots made to fail, over the signed protocol: the snapshotFailureRate fault (drawn
 * from the seeded generator) and the targeted control, in process and over HTTP. The
 * domain runs on a manual clock; time moves only with advance().
 */

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const resource of open.splice(0).reverse()) await resource.close();
});

async function setUp(options: Parameters<typeof startSimulator>[0] = {}) {
  const simulator = await startSimulator(options);
  open.push(simulator);
  const ecs = clientFor(simulator);
  open.push(ecs);
  return { simulator, ecs };
}

/** The disks a snapshot can be made of: In_use on a Running or Stopped instance of the seed. */
async function snapshotableDisks(ecs: EcsClient) {
  const { Instances } = await ecs.call(DescribeInstances, { RegionId: REGION, PageSize: 50 });
  const settled = new Set(
    Instances.filter((instance) => instance.Status === 'Running' || instance.Status === 'Stopped').map(
      (instance) => instance.InstanceId,
    ),
  );
  return (await seededDisks(ecs)).filter(
    (disk) => disk.Status === 'In_use' && settled.has(disk.InstanceId ?? ''),
  );
}

async function createSnapshot(ecs: EcsClient, diskId: string | undefined): Promise<string> {
  const { SnapshotId } = await ecs.call(CreateSnapshot, { DiskId: diskId ?? '' });
  if (!SnapshotId) throw new Error('CreateSnapshot answered no SnapshotId');
  return SnapshotId;
}

async function describe1(ecs: EcsClient, snapshotId: string) {
  const { Snapshots } = await ecs.call(DescribeSnapshots, { RegionId: REGION, SnapshotIds: [snapshotId] });
  expect(Snapshots).toHaveLength(1);
  const [snapshot] = Snapshots;
  return { status: snapshot?.Status, progress: snapshot?.Progress };
}

async function ecsErrorCode(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => {
      throw new Error('expected the call to be refused');
    },
    (error: unknown) => {
      if (!(error instanceof EcsError)) throw error;
      return error.code;
    },
  );
}

describe('snapshotFailureRate', () => {
  it('at 1, fails every new snapshot part-way: status failed, progress frozen below 100', async () => {
    const { simulator, ecs } = await setUp({ faults: { snapshotFailureRate: 1, seed: 11 } });
    const disks = await snapshotableDisks(ecs);
    expect(disks.length).toBeGreaterThanOrEqual(2);
    const ids: string[] = [];
    for (const disk of disks) ids.push(await createSnapshot(ecs, disk.DiskId));

    // Nothing has failed before the first 10% of any snapshot's duration.
    for (const id of ids) expect(await describe1(ecs, id)).toEqual({ status: 'progressing', progress: '0%' });

    simulator.advance(REALISTIC_DURATIONS.snapshotMax);
    const failed = await Promise.all(ids.map((id) => describe1(ecs, id)));
    for (const snapshot of failed) {
      expect(snapshot.status).toBe('failed');
      const percent = Number.parseInt(snapshot.progress ?? '', 10);
      expect(percent).toBeGreaterThanOrEqual(10);
      expect(percent).toBeLessThan(90);
    }

    simulator.advance(3_600_000);
    expect(await Promise.all(ids.map((id) => describe1(ecs, id)))).toEqual(failed);
    const listed = await ecs.call(DescribeSnapshots, { RegionId: REGION, Status: 'failed', PageSize: 50 });
    expect(listed.Snapshots.map((snapshot) => snapshot.SnapshotId)).toEqual(expect.arrayContaining(ids));
    const available = await ecs.call(DescribeSnapshots, { RegionId: REGION, SnapshotIds: ids });
    expect(available.Snapshots.every((snapshot) => snapshot.Available === false)).toBe(true);
  });

  it('draws from the seeded generator: the failures and their points replay with the same seed', async () => {
    const settings = { snapshotFailureRate: 0.5, seed: 3 };
    const { simulator, ecs } = await setUp({ faults: settings });
    const disks = await snapshotableDisks(ecs);
    const replay = new FaultInjector(settings);
    const expected = disks.map((disk) => {
      const share = replay.nextSnapshotFailure();
      if (share === undefined) return { status: 'accomplished', progress: '100%' };
      const duration = snapshotDuration(disk.Size ?? 0, REALISTIC_DURATIONS);
      return {
        status: 'failed',
        progress: `${Math.floor((Math.floor(duration * share) / duration) * 100)}%`,
      };
    });
    // The seed gives a mix, so both outcomes are checked.
    expect(new Set(expected.map((outcome) => outcome.status))).toEqual(new Set(['failed', 'accomplished']));

    const ids: string[] = [];
    for (const disk of disks) ids.push(await createSnapshot(ecs, disk.DiskId));
    simulator.advance(REALISTIC_DURATIONS.snapshotMax);
    expect(await Promise.all(ids.map((id) => describe1(ecs, id)))).toEqual(expected);

    // A second simulator with the same seed and calls fails the very same snapshots.
    const again = await setUp({ faults: settings });
    const againIds: string[] = [];
    for (const disk of disks) againIds.push(await createSnapshot(again.ecs, disk.DiskId));
    again.simulator.advance(REALISTIC_DURATIONS.snapshotMax);
    expect(againIds).toEqual(ids);
    expect(await Promise.all(againIds.map((id) => describe1(again.ecs, id)))).toEqual(expected);
  });

  it('at 0 (the default), every snapshot completes', async () => {
    const { simulator, ecs } = await setUp({ faults: { seed: 11 } });
    expect(simulator.faults.settings.snapshotFailureRate).toBe(0);
    const disks = await snapshotableDisks(ecs);
    const ids: string[] = [];
    for (const disk of disks) ids.push(await createSnapshot(ecs, disk.DiskId));
    simulator.advance(REALISTIC_DURATIONS.snapshotMax);
    for (const id of ids)
      expect(await describe1(ecs, id)).toEqual({ status: 'accomplished', progress: '100%' });
  });

  it('at 0, draws nothing: the call faults keep the sequence they had', () => {
    const plain = new FaultInjector({ throttlingRate: 0.5, seed: 9 });
    const withSnapshots = new FaultInjector({ throttlingRate: 0.5, seed: 9 });
    const interleaved = Array.from({ length: 20 }, () => {
      expect(withSnapshots.nextSnapshotFailure()).toBeUndefined();
      return withSnapshots.nextFault();
    });
    expect(interleaved).toEqual(Array.from({ length: 20 }, () => plain.nextFault()));
  });

  it('fails at once, at 0%, when the clock makes snapshots instant', async () => {
    const { ecs } = await setUp({ transitions: 'immediate', faults: { snapshotFailureRate: 1 } });
    const [disk] = await snapshotableDisks(ecs);
    const SnapshotId = await createSnapshot(ecs, disk?.DiskId);
    expect(await describe1(ecs, SnapshotId)).toEqual({ status: 'failed', progress: '0%' });
  });

  it('is validated: a value above 1 is refused naming the field, and it is not a call rate', async () => {
    const faults = new FaultInjector({ seed: 1 });
    const error = (() => {
      try {
        faults.configure({ snapshotFailureRate: 1.5 });
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(FaultConfigError);
    expect((error as FaultConfigError).problems).toEqual([expect.stringMatching(/^snapshotFailureRate: /)]);
    expect(faults.settings.snapshotFailureRate).toBe(0);
    expect(() => new FaultInjector({ snapshotFailureRate: -0.1 })).toThrow(/snapshotFailureRate/);

    // The five call rates may add up to 1 with every snapshot failing besides.
    expect(faults.configure({ throttlingRate: 1, snapshotFailureRate: 1 })).toMatchObject({
      throttlingRate: 1,
      snapshotFailureRate: 1,
    });
    expect(faults.clear().snapshotFailureRate).toBe(0);

    const { simulator } = await setUp();
    const answer = await fetch(`${simulator.url}/__simulator/faults`, {
      method: 'PUT',
      body: JSON.stringify({ snapshotFailureRate: 2 }),
    });
    expect(answer.status).toBe(400);
    const body = (await answer.json()) as { problems: string[] };
    expect(body.problems).toEqual([expect.stringMatching(/^snapshotFailureRate: /)]);
    const put = await fetch(`${simulator.url}/__simulator/faults`, {
      method: 'PUT',
      body: JSON.stringify({ snapshotFailureRate: 1 }),
    });
    expect(put.status).toBe(200);
    expect(simulator.faults.settings.snapshotFailureRate).toBe(1);
  });
});

describe('failing a snapshot now', () => {
  it('in process: failed with the progress it had, from then on; 404 unknown, 409 finished', async () => {
    const { simulator, ecs } = await setUp();
    const [disk] = await snapshotableDisks(ecs);
    const SnapshotId = await createSnapshot(ecs, disk?.DiskId);
    const duration = snapshotDuration(disk?.Size ?? 0, REALISTIC_DURATIONS);
    simulator.advance(Math.floor(duration * 0.42));
    const progress = Math.floor((Math.floor(duration * 0.42) / duration) * 100);

    expect(simulator.failSnapshot(SnapshotId)).toEqual({
      snapshotId: SnapshotId,
      regionId: REGION,
      status: 'failed',
      progress,
    });
    expect(await describe1(ecs, SnapshotId)).toEqual({ status: 'failed', progress: `${progress}%` });
    simulator.advance(3_600_000);
    expect(await describe1(ecs, SnapshotId)).toEqual({ status: 'failed', progress: `${progress}%` });

    const refused = (id: string) => {
      const error = (() => {
        try {
          simulator.failSnapshot(id);
        } catch (thrown) {
          return thrown;
        }
      })();
      expect(error).toBeInstanceOf(ControlError);
      return { httpStatus: (error as ControlError).httpStatus, message: (error as ControlError).message };
    };
    expect(refused(SnapshotId)).toEqual({
      httpStatus: 409,
      message: `Snapshot ${SnapshotId} is already failed; only a progressing snapshot can be made to fail.`,
    });
    expect(refused('s-nothere')).toEqual({
      httpStatus: 404,
      message: 'No snapshot s-nothere in the simulator.',
    });
  });

  it('over HTTP: POST /__simulator/snapshots/<id>/fail, JSON 404, 409 and 405', async () => {
    const { simulator, ecs } = await setUp();
    const [first, second] = await snapshotableDisks(ecs);
    const SnapshotId = await createSnapshot(ecs, first?.DiskId);
    const finished = await createSnapshot(ecs, second?.DiskId);
    const fail = (id: string, method = 'POST') =>
      fetch(`${simulator.url}/__simulator/snapshots/${encodeURIComponent(id)}/fail`, { method });

    // Failing at creation keeps 0%.
    const answer = await fail(SnapshotId);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await answer.json()).toEqual({
      snapshotId: SnapshotId,
      regionId: REGION,
      status: 'failed',
      progress: 0,
    });
    expect(await describe1(ecs, SnapshotId)).toEqual({ status: 'failed', progress: '0%' });

    const twice = await fail(SnapshotId);
    expect(twice.status).toBe(409);
    expect(await twice.json()).toEqual({
      error: `Snapshot ${SnapshotId} is already failed; only a progressing snapshot can be made to fail.`,
    });

    simulator.advance(REALISTIC_DURATIONS.snapshotMax);
    const done = await fail(finished);
    expect(done.status).toBe(409);
    expect(await done.json()).toEqual({
      error: `Snapshot ${finished} is already accomplished; only a progressing snapshot can be made to fail.`,
    });
    expect(await describe1(ecs, finished)).toEqual({ status: 'accomplished', progress: '100%' });

    const unknown = await fail('s-nothere');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: 'No snapshot s-nothere in the simulator.' });
    // A malformed escape is an unknown id, not a server error.
    const malformed = await fetch(`${simulator.url}/__simulator/snapshots/s-%E0%A4%A/fail`, {
      method: 'POST',
    });
    expect(malformed.status).toBe(404);
    expect(await malformed.json()).toEqual({ error: 'No snapshot s-%E0%A4%A in the simulator.' });

    const get = await fail(SnapshotId, 'GET');
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  it('answers 501 when the backend cannot fail snapshots, without touching it', async () => {
    const harness = await startHarness();
    open.push(harness.server);
    const answer = await fetch(`${harness.server.url}/__simulator/snapshots/s-any/fail`, { method: 'POST' });
    expect(answer.status).toBe(501);
    expect(await answer.json()).toEqual({ error: 'This simulator backend cannot fail snapshots.' });
    expect(harness.backend.calls).toEqual([]);
  });

  it('a failed snapshot no longer counts as one being created: the disk can be snapshotted again', async () => {
    const { simulator, ecs } = await setUp();
    const [disk] = await snapshotableDisks(ecs);
    const DiskId = disk?.DiskId ?? '';
    const SnapshotId = await createSnapshot(ecs, DiskId);
    expect(await ecsErrorCode(ecs.call(CreateSnapshot, { DiskId }))).toBe(
      'IncorrectDiskStatus.CreatingSnapshot',
    );
    simulator.failSnapshot(SnapshotId);
    const next = await createSnapshot(ecs, DiskId);
    expect(await describe1(ecs, next)).toEqual({ status: 'progressing', progress: '0%' });
  });
});

describe('transitions over the realistic clock, seen by repeated Describe calls', () => {
  /** The status right after the call, still 1 ms before the duration ends, and once it has. */
  async function expectTransition(
    simulator: Simulator,
    statusNow: () => Promise<string | undefined>,
    [during, after]: readonly [string, string],
    durationMs: number,
  ): Promise<void> {
    expect(await statusNow()).toBe(during);
    simulator.advance(durationMs - 1);
    expect(await statusNow()).toBe(during);
    simulator.advance(1);
    expect(await statusNow()).toBe(after);
  }

  it('StartInstance goes Stopped -> Starting -> Running; StopInstance Running -> Stopping -> Stopped', async () => {
    const { simulator, ecs } = await setUp();
    const { Instances } = await ecs.call(DescribeInstances, { RegionId: REGION, PageSize: 50 });
    const InstanceId = Instances.find((instance) => instance.Status === 'Running')?.InstanceId ?? '';
    const status = async () =>
      (await ecs.call(DescribeInstances, { RegionId: REGION, InstanceIds: [InstanceId] })).Instances[0]
        ?.Status;

    await ecs.call(StopInstance, { InstanceId });
    await expectTransition(simulator, status, ['Stopping', 'Stopped'], REALISTIC_DURATIONS.instanceStop);
    await ecs.call(StartInstance, { InstanceId });
    await expectTransition(simulator, status, ['Starting', 'Running'], REALISTIC_DURATIONS.instanceStart);
  });

  it('DetachDisk goes In_use -> Detaching -> Available; AttachDisk Available -> Attaching -> In_use', async () => {
    const { simulator, ecs } = await setUp();
    const disk = (await snapshotableDisks(ecs)).find((candidate) => candidate.Type === 'data');
    const DiskId = disk?.DiskId ?? '';
    const InstanceId = disk?.InstanceId ?? '';
    const status = async () =>
      (await ecs.call(DescribeDisks, { RegionId: REGION, DiskIds: [DiskId] })).Disks[0]?.Status;

    await ecs.call(DetachDisk, { InstanceId, DiskId });
    await expectTransition(simulator, status, ['Detaching', 'Available'], REALISTIC_DURATIONS.diskDetach);
    await ecs.call(AttachDisk, { InstanceId, DiskId });
    await expectTransition(simulator, status, ['Attaching', 'In_use'], REALISTIC_DURATIONS.diskAttach);
  });
});
