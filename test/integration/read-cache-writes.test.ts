import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  actionCalls,
  type Estate,
  estate,
  type MutationResult,
  mutate,
  type SimulatedGateway,
  simulatedGateway,
} from './mutations-harness.js';

/**
 * Read-your-writes with the shared cache on: a dashboard of cn-hangzhou is cached, a
 * mutation runs, and the dashboard read next shows the change, costing exactly the
 * listings the mutation's declared changes invalidate (and nothing else: the other
 * listings still come from the cache).
 */
const DASHBOARD = `query Dashboard {
  instances(regionId: "cn-hangzhou", page: { size: 50 }) {
    nodes { id name status securityGroupIds imageId disks { nodes { id } } }
  }
  disks(regionId: "cn-hangzhou", page: { size: 50 }) {
    nodes { id name size status instanceId autoSnapshotPolicyId }
  }
  snapshots(regionId: "cn-hangzhou", page: { size: 50 }) { nodes { id status sourceDiskId } }
  autoSnapshotPolicies(regionId: "cn-hangzhou") { nodes { id name retentionDays diskCount } }
}`;

interface Dashboard {
  readonly instances: {
    readonly nodes: {
      id: string;
      name: string;
      status: string;
      securityGroupIds: string[];
      imageId: string;
      disks: { nodes: { id: string }[] };
    }[];
  };
  readonly disks: {
    readonly nodes: {
      id: string;
      name: string | null;
      size: number;
      status: string;
      instanceId: string | null;
      autoSnapshotPolicyId: string | null;
    }[];
  };
  readonly snapshots: { readonly nodes: { id: string; status: string; sourceDiskId: string }[] };
  readonly autoSnapshotPolicies: {
    readonly nodes: { id: string; name: string; retentionDays: number; diskCount: number }[];
  };
}

const INSTANCES = 'DescribeInstances';
const DISKS = 'DescribeDisks';
const SNAPSHOTS = 'DescribeSnapshots';
const POLICIES = 'DescribeAutoSnapshotPolicyEx';

let now = 1_000_000;
let h: SimulatedGateway;
let world: Estate;

beforeEach(async () => {
  now = 1_000_000;
  h = await simulatedGateway({
    gateway: { cache: {}, now: () => now, debug: true, maxUpstreamCalls: 5_000 },
  });
  world = await estate(h);
});
afterEach(() => h.close());

function takeCalls(): Record<string, number> {
  const calls = actionCalls(h.simulator);
  h.simulator.stats.reset();
  return calls;
}

async function dashboard(): Promise<Dashboard> {
  const response = await h.run<Dashboard>(DASHBOARD);
  if (response.errors || !response.data)
    throw new Error(`the dashboard failed: ${JSON.stringify(response.errors)}`);
  return response.data;
}

/** Caches the dashboard, and checks that it now costs nothing. */
async function primed(): Promise<Dashboard> {
  await dashboard();
  takeCalls();
  const cached = await dashboard();
  expect(takeCalls()).toEqual({});
  return cached;
}

/** Runs a mutation that must succeed; the simulator's count starts again after it. */
async function act(name: string, input: Record<string, unknown>, selection = ''): Promise<MutationResult> {
  const result = await mutate(h, name, input, selection);
  expect(result.__typename).toBe(`${name.charAt(0).toUpperCase()}${name.slice(1)}Payload`);
  takeCalls();
  return result;
}

/** The dashboard after a write, and the calls it cost: one of each listing the write invalidated. */
async function readBack(): Promise<{ board: Dashboard; calls: Record<string, number> }> {
  const board = await dashboard();
  return { board, calls: takeCalls() };
}

function calls(...actions: string[]): Record<string, number> {
  return Object.fromEntries(actions.map((action) => [action, 1]));
}

const instance = (board: Dashboard, id: string) => board.instances.nodes.find((node) => node.id === id);
const disk = (board: Dashboard, id: string) => board.disks.nodes.find((node) => node.id === id);

async function spareDisk(): Promise<string> {
  const created = await act(
    'createDisk',
    { zoneId: world.running.zoneId, size: 40, diskName: 'spare' },
    'disk { id }',
  );
  h.simulator.advance(2_000);
  return (created.disk as { id: string }).id;
}

async function createPolicy(): Promise<string> {
  const created = await act(
    'createAutoSnapshotPolicy',
    { autoSnapshotPolicyName: 'nightly', timePoints: [1], repeatWeekdays: [1, 4], retentionDays: 7 },
    'policy { id }',
  );
  return (created.policy as { id: string }).id;
}

describe('instance mutations: the instance listing is read again, nothing else', () => {
  it('startInstance', async () => {
    await primed();
    await act('startInstance', { instanceId: world.stopped.id });
    const { board, calls: cost } = await readBack();
    expect(instance(board, world.stopped.id)?.status).toBe('STARTING');
    expect(cost).toEqual(calls(INSTANCES));
  });

  it('stopInstance; the Stopping answer lives the transitional TTL only', async () => {
    await primed();
    await act('stopInstance', { instanceId: world.running.id });
    const { board, calls: cost } = await readBack();
    expect(instance(board, world.running.id)?.status).toBe('STOPPING');
    expect(cost).toEqual(calls(INSTANCES));
    now += 999;
    await dashboard();
    expect(takeCalls()).toEqual({});
    now += 1;
    await dashboard();
    // Only the listing holding a transitional state expires this soon.
    expect(takeCalls()).toEqual(calls(INSTANCES));
  });

  it('rebootInstance', async () => {
    await primed();
    await act('rebootInstance', { instanceId: world.running.id });
    const { board, calls: cost } = await readBack();
    expect(instance(board, world.running.id)?.status).toBe('STOPPING');
    expect(cost).toEqual(calls(INSTANCES));
  });

  it('modifyInstanceAttribute', async () => {
    await primed();
    await act('modifyInstanceAttribute', { instanceId: world.stopped.id, instanceName: 'web-renamed' });
    const { board, calls: cost } = await readBack();
    expect(instance(board, world.stopped.id)?.name).toBe('web-renamed');
    expect(cost).toEqual(calls(INSTANCES));
  });

  it('joinSecurityGroup, then leaveSecurityGroup', async () => {
    const { id, securityGroupIds } = world.stopped;
    const other = world.securityGroupIds.find((group) => !securityGroupIds.includes(group)) as string;
    await primed();
    await act('joinSecurityGroup', { instanceId: id, securityGroupId: other });
    const joined = await readBack();
    expect(instance(joined.board, id)?.securityGroupIds).toEqual([...securityGroupIds, other]);
    expect(joined.calls).toEqual(calls(INSTANCES));
    await act('leaveSecurityGroup', { instanceId: id, securityGroupId: other });
    const left = await readBack();
    expect(instance(left.board, id)?.securityGroupIds).toEqual(securityGroupIds);
    expect(left.calls).toEqual(calls(INSTANCES));
  });

  it('createInstance: instances, disks and snapshots (its disks may come from snapshots) are read again', async () => {
    await primed();
    const created = await act(
      'createInstance',
      {
        zoneId: world.stopped.zoneId,
        imageId: 'aliyun_3_x64_20G_alibase_20240819.vhd',
        instanceType: 'ecs.g7.large',
        securityGroupId: world.stopped.securityGroupIds[0],
        instanceName: 'batch-7',
      },
      'instance { id }',
    );
    const id = (created.instance as { id: string }).id;
    const { board, calls: cost } = await readBack();
    expect(instance(board, id)?.name).toBe('batch-7');
    expect(board.disks.nodes.some((node) => node.instanceId === id)).toBe(true);
    expect(cost).toEqual(calls(INSTANCES, DISKS, SNAPSHOTS));
  });

  it('deleteInstance: instances, disks and snapshots are read again', async () => {
    await primed();
    await act('deleteInstance', { instanceId: world.stopped.id });
    const { board, calls: cost } = await readBack();
    // Released, it reads Deleted for a while (the simulator's instanceDeleted) before it is gone.
    expect(instance(board, world.stopped.id)?.status).toBe('DELETED');
    expect(disk(board, world.stopped.systemDiskId)).toBeUndefined();
    expect(cost).toEqual(calls(INSTANCES, DISKS, SNAPSHOTS));
  });
});

describe('disk mutations', () => {
  it('attachDisk: disks and snapshots (listed by instance) are read again', async () => {
    const id = await spareDisk();
    await primed();
    await act('attachDisk', { instanceId: world.running.id, diskId: id });
    const { board, calls: cost } = await readBack();
    expect(disk(board, id)).toMatchObject({ status: 'ATTACHING', instanceId: world.running.id });
    expect(cost).toEqual(calls(DISKS, SNAPSHOTS));
  });

  it('detachDisk: disks and snapshots are read again', async () => {
    await primed();
    await act('detachDisk', { instanceId: world.running.id, diskId: world.running.dataDiskId });
    const { board, calls: cost } = await readBack();
    expect(disk(board, world.running.dataDiskId)?.status).toBe('DETACHING');
    expect(cost).toEqual(calls(DISKS, SNAPSHOTS));
  });

  it('modifyDiskAttribute: disks only', async () => {
    await primed();
    await act('modifyDiskAttribute', { diskId: world.running.dataDiskId, diskName: 'logs' });
    const { board, calls: cost } = await readBack();
    expect(disk(board, world.running.dataDiskId)?.name).toBe('logs');
    expect(cost).toEqual(calls(DISKS));
  });

  it('resizeDisk: disks only', async () => {
    await primed();
    await act('resizeDisk', { diskId: world.stopped.dataDiskId, newSize: 1024 });
    const { board, calls: cost } = await readBack();
    expect(disk(board, world.stopped.dataDiskId)?.size).toBe(1024);
    expect(cost).toEqual(calls(DISKS));
  });

  it('reInitDisk: disks only', async () => {
    await primed();
    await act('reInitDisk', { diskId: world.stopped.dataDiskId });
    const { board, calls: cost } = await readBack();
    expect(disk(board, world.stopped.dataDiskId)?.status).toBe('RE_INITING');
    expect(cost).toEqual(calls(DISKS));
  });

  it('resetDisk: disks only', async () => {
    const before = await primed();
    const snapshot = before.snapshots.nodes.find(
      (node) => node.sourceDiskId === world.stopped.dataDiskId && node.status === 'ACCOMPLISHED',
    );
    await act('resetDisk', { diskId: world.stopped.dataDiskId, snapshotId: snapshot?.id });
    const { board, calls: cost } = await readBack();
    expect(disk(board, world.stopped.dataDiskId)?.status).toBe('RE_INITING');
    expect(cost).toEqual(calls(DISKS));
  });

  it('createDisk: disks and snapshots (a disk can come from one) are read again', async () => {
    await primed();
    const created = await act(
      'createDisk',
      { zoneId: world.running.zoneId, size: 40, diskName: 'scratch' },
      'disk { id }',
    );
    const { board, calls: cost } = await readBack();
    expect(disk(board, (created.disk as { id: string }).id)).toMatchObject({
      name: 'scratch',
      status: 'CREATING',
    });
    expect(cost).toEqual(calls(DISKS, SNAPSHOTS));
  });

  it('deleteDisk: disks, snapshots and policies (their disk counts) are read again', async () => {
    const id = await spareDisk();
    await primed();
    await act('deleteDisk', { diskId: id });
    const { board, calls: cost } = await readBack();
    expect(disk(board, id)).toBeUndefined();
    expect(cost).toEqual(calls(DISKS, SNAPSHOTS, POLICIES));
  });

  it('replaceSystemDisk: instances, disks and snapshots are read again', async () => {
    const image = 'ubuntu_22_04_x64_20G_alibase_20240710.vhd';
    await primed();
    await act('replaceSystemDisk', { instanceId: world.stopped.id, imageId: image });
    const { board, calls: cost } = await readBack();
    expect(instance(board, world.stopped.id)?.imageId).toBe(image);
    expect(disk(board, world.stopped.systemDiskId)).toBeUndefined();
    expect(cost).toEqual(calls(INSTANCES, DISKS, SNAPSHOTS));
  });
});

describe('snapshot mutations: the snapshot listing is read again, nothing else', () => {
  it('createSnapshot', async () => {
    await primed();
    const created = await act('createSnapshot', { diskId: world.running.dataDiskId }, 'snapshot { id }');
    const id = (created.snapshot as { id: string }).id;
    const { board, calls: cost } = await readBack();
    expect(board.snapshots.nodes.find((node) => node.id === id)).toMatchObject({
      sourceDiskId: world.running.dataDiskId,
    });
    expect(cost).toEqual(calls(SNAPSHOTS));
  });

  it('deleteSnapshot', async () => {
    const before = await primed();
    const id = before.snapshots.nodes[0]?.id as string;
    await act('deleteSnapshot', { snapshotId: id });
    const { board, calls: cost } = await readBack();
    expect(board.snapshots.nodes.some((node) => node.id === id)).toBe(false);
    expect(cost).toEqual(calls(SNAPSHOTS));
  });
});

describe('automatic snapshot policy mutations', () => {
  it('createAutoSnapshotPolicy: policies only', async () => {
    await primed();
    const id = await createPolicy();
    const { board, calls: cost } = await readBack();
    expect(board.autoSnapshotPolicies.nodes.map((node) => node.id)).toContain(id);
    expect(cost).toEqual(calls(POLICIES));
  });

  it('modifyAutoSnapshotPolicy: policies only', async () => {
    const id = await createPolicy();
    await primed();
    await act('modifyAutoSnapshotPolicy', { autoSnapshotPolicyId: id, retentionDays: 30 });
    const { board, calls: cost } = await readBack();
    expect(board.autoSnapshotPolicies.nodes.find((node) => node.id === id)?.retentionDays).toBe(30);
    expect(cost).toEqual(calls(POLICIES));
  });

  it('applyAutoSnapshotPolicy, then cancelAutoSnapshotPolicy: disks and policies', async () => {
    const id = await createPolicy();
    const diskIds = [world.running.dataDiskId, world.stopped.dataDiskId];
    await primed();
    await act('applyAutoSnapshotPolicy', { autoSnapshotPolicyId: id, diskIds });
    const applied = await readBack();
    expect(diskIds.map((diskId) => disk(applied.board, diskId)?.autoSnapshotPolicyId)).toEqual([id, id]);
    expect(applied.board.autoSnapshotPolicies.nodes.find((node) => node.id === id)?.diskCount).toBe(2);
    expect(applied.calls).toEqual(calls(DISKS, POLICIES));
    await act('cancelAutoSnapshotPolicy', { diskIds });
    const cancelled = await readBack();
    expect(diskIds.map((diskId) => disk(cancelled.board, diskId)?.autoSnapshotPolicyId)).toEqual([
      null,
      null,
    ]);
    expect(cancelled.board.autoSnapshotPolicies.nodes.find((node) => node.id === id)?.diskCount).toBe(0);
    expect(cancelled.calls).toEqual(calls(DISKS, POLICIES));
  });

  it('deleteAutoSnapshotPolicy: policies and disks (those it applied to lose it)', async () => {
    const id = await createPolicy();
    await act('applyAutoSnapshotPolicy', { autoSnapshotPolicyId: id, diskIds: [world.running.dataDiskId] });
    await primed();
    await act('deleteAutoSnapshotPolicy', { autoSnapshotPolicyId: id });
    const { board, calls: cost } = await readBack();
    expect(board.autoSnapshotPolicies.nodes.some((node) => node.id === id)).toBe(false);
    expect(disk(board, world.running.dataDiskId)?.autoSnapshotPolicyId).toBeNull();
    expect(cost).toEqual(calls(DISKS, POLICIES));
  });
});

describe('a mutation that fails still invalidates (a failure may have acted)', () => {
  it('a refused stopInstance reads the instances again, and they show the state unchanged', async () => {
    await primed();
    const refused = await mutate(h, 'stopInstance', { instanceId: world.stopped.id });
    expect(refused.__typename).toBe('EcsIncorrectStateError');
    takeCalls();
    const { board, calls: cost } = await readBack();
    expect(instance(board, world.stopped.id)?.status).toBe('STOPPED');
    expect(cost).toEqual(calls(INSTANCES));
  });
});
