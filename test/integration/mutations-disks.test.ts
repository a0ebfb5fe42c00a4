import { describe, expect, it } from 'vitest';
import {
  actionCalls,
  actionCallsSince,
  type Estate,
  mutate,
  read,
  refusal,
  type SimulatedGateway,
  useSimulatedEstate,
} from './mutations-harness.js';

let h: SimulatedGateway;
let world: Estate;

useSimulatedEstate((next) => ({ h, world } = next));

const callsSince = (before: Record<string, number>) => actionCallsSince(h.simulator, before);

const diskStatus = async (id: string) => (await read(h, 'disk', id, 'status'))?.status;

/** A new, empty, Available data disk in the zone of the Running instance. */
async function spareDisk(): Promise<string> {
  const created = await mutate(
    h,
    'createDisk',
    { zoneId: world.running.zoneId, size: 40, diskCategory: 'cloud_efficiency', diskName: 'spare' },
    'disk { id }',
  );
  h.simulator.advance(2_000);
  return (created.disk as { id: string }).id;
}

describe('createDisk and deleteDisk', () => {
  it('creates a disk: Creating, then Available, with what was asked', async () => {
    const before = actionCalls(h.simulator);
    const result = await mutate(
      h,
      'createDisk',
      { zoneId: world.running.zoneId, size: 40, diskName: 'scratch', tags: [{ key: 'env', value: 'dev' }] },
      'disk { id status size name zoneId portable tags { key value } }',
    );
    expect(callsSince(before)).toEqual({ CreateDisk: 1, DescribeDisks: 1 });
    expect(result).toMatchObject({
      __typename: 'CreateDiskPayload',
      disk: {
        status: 'CREATING',
        size: 40,
        name: 'scratch',
        zoneId: world.running.zoneId,
        portable: true,
        tags: [{ key: 'env', value: 'dev' }],
      },
    });
    h.simulator.advance(2_000);
    expect(await diskStatus((result.disk as { id: string }).id)).toBe('AVAILABLE');
  });

  it('createDisk in an unknown zone is EcsNotFoundError InvalidZoneId.NotFound', async () => {
    const before = actionCalls(h.simulator);
    const result = await mutate(h, 'createDisk', { zoneId: 'cn-hangzhou-zz', size: 40 });
    expect(callsSince(before)).toEqual({ CreateDisk: 1 });
    expect(result).toEqual(refusal('EcsNotFoundError', 'InvalidZoneId.NotFound', 404));
  });

  it('createDisk with neither size nor snapshotId is a ValidationError naming both, with no call', async () => {
    h.simulator.stats.reset();
    const before = actionCalls(h.simulator);
    const result = await mutate(h, 'createDisk', { zoneId: world.running.zoneId, diskName: 'empty' });
    expect(callsSince(before)).toEqual({});
    expect(result).toEqual({
      __typename: 'ValidationError',
      message:
        'input.size is required unless input.snapshotId is given. input.snapshotId is required unless input.size is given.',
      field: 'input.size',
      rule: 'is required unless input.snapshotId is given',
      code: 'MissingParameter',
      problems: [
        {
          field: 'input.size',
          rule: 'is required unless input.snapshotId is given',
          code: 'MissingParameter',
        },
        {
          field: 'input.snapshotId',
          rule: 'is required unless input.size is given',
          code: 'MissingParameter',
        },
      ],
    });
    expect(h.simulator.stats.snapshot().total).toBe(0);
  });

  it('deleteDisk releases an Available disk', async () => {
    const id = await spareDisk();
    const before = actionCalls(h.simulator);
    const answer = await mutate(h, 'deleteDisk', { diskId: id }, 'diskId');
    expect(callsSince(before)).toEqual({ DeleteDisk: 1 });
    expect(answer).toMatchObject({ diskId: id });
    expect(await read(h, 'disk', id, 'id')).toBeNull();
  });

  it('deleteDisk of an In_use disk is EcsIncorrectStateError IncorrectDiskStatus', async () => {
    const before = actionCalls(h.simulator);
    const result = await mutate(h, 'deleteDisk', { diskId: world.running.dataDiskId });
    expect(callsSince(before)).toEqual({ DeleteDisk: 1 });
    expect(result).toEqual(refusal('EcsIncorrectStateError', 'IncorrectDiskStatus', 403));
  });
});

describe('attachDisk and detachDisk', () => {
  it('attachDisk: Attaching, then In_use on the instance; the payload has both', async () => {
    const id = await spareDisk();
    const before = actionCalls(h.simulator);
    const result = await mutate(
      h,
      'attachDisk',
      { instanceId: world.running.id, diskId: id },
      'disk { id status } instance { id disks { nodes { id } } }',
    );
    expect(callsSince(before)).toEqual({ AttachDisk: 1, DescribeDisks: 2, DescribeInstances: 1 });
    expect(result).toMatchObject({
      __typename: 'AttachDiskPayload',
      disk: { id, status: 'ATTACHING' },
      instance: { id: world.running.id },
    });
    h.simulator.advance(1_000);
    expect(await read(h, 'disk', id, 'status instanceId')).toEqual({
      status: 'IN_USE',
      instanceId: world.running.id,
    });
  });

  it('attachDisk of a disk already In_use is EcsIncorrectStateError IncorrectDiskStatus', async () => {
    const before = actionCalls(h.simulator);
    const result = await mutate(h, 'attachDisk', {
      instanceId: world.running.id,
      diskId: world.running.dataDiskId,
    });
    expect(callsSince(before)).toEqual({ AttachDisk: 1 });
    expect(result).toEqual(refusal('EcsIncorrectStateError', 'IncorrectDiskStatus', 403));
  });

  it('detachDisk: Detaching, then Available on no instance', async () => {
    const { id, dataDiskId } = world.running;
    const before = actionCalls(h.simulator);
    const result = await mutate(h, 'detachDisk', { instanceId: id, diskId: dataDiskId }, 'disk { status }');
    expect(callsSince(before)).toEqual({ DescribeDisks: 1, DescribeInstances: 1, DetachDisk: 1 });
    expect(result).toMatchObject({ __typename: 'DetachDiskPayload', disk: { status: 'DETACHING' } });
    h.simulator.advance(1_000);
    expect(await read(h, 'disk', dataDiskId, 'status instanceId')).toEqual({
      status: 'AVAILABLE',
      instanceId: null,
    });
  });

  it('detachDisk of a system disk is EcsBusinessError DiskTypeViolation', async () => {
    const { id, systemDiskId } = world.running;
    const before = actionCalls(h.simulator);
    const result = await mutate(h, 'detachDisk', { instanceId: id, diskId: systemDiskId });
    expect(callsSince(before)).toEqual({ DetachDisk: 1 });
    expect(result).toEqual(refusal('EcsBusinessError', 'DiskTypeViolation', 403));
  });
});

describe('disk attributes and contents', () => {
  it('modifyDiskAttribute changes the name and the release flag', async () => {
    const { dataDiskId } = world.running;
    const before = actionCalls(h.simulator);
    const result = await mutate(
      h,
      'modifyDiskAttribute',
      { diskId: dataDiskId, diskName: 'logs', deleteWithInstance: false },
      'disk { name deleteWithInstance }',
    );
    expect(callsSince(before)).toEqual({ DescribeDisks: 1, ModifyDiskAttribute: 1 });
    expect(result).toMatchObject({ disk: { name: 'logs', deleteWithInstance: false } });
  });

  it('modifyDiskAttribute of an unknown disk is EcsNotFoundError', async () => {
    const before = actionCalls(h.simulator);
    const result = await mutate(h, 'modifyDiskAttribute', { diskId: 'd-bp1nothere', diskName: 'logs' });
    expect(callsSince(before)).toEqual({ ModifyDiskAttribute: 1 });
    expect(result).toEqual(refusal('EcsNotFoundError', 'InvalidDiskId.NotFound', 404));
  });

  it('reInitDisk: ReIniting, then In_use again', async () => {
    const { dataDiskId } = world.stopped;
    const before = actionCalls(h.simulator);
    const result = await mutate(h, 'reInitDisk', { diskId: dataDiskId }, 'disk { status }');
    expect(callsSince(before)).toEqual({ DescribeDisks: 1, ReInitDisk: 1 });
    expect(result).toMatchObject({ __typename: 'ReInitDiskPayload', disk: { status: 'RE_INITING' } });
    h.simulator.advance(3_000);
    expect(await diskStatus(dataDiskId)).toBe('IN_USE');
  });

  it('reInitDisk of a disk on a Running instance is EcsIncorrectStateError IncorrectInstanceStatus', async () => {
    const before = actionCalls(h.simulator);
    const result = await mutate(h, 'reInitDisk', { diskId: world.running.dataDiskId });
    expect(callsSince(before)).toEqual({ ReInitDisk: 1 });
    expect(result).toEqual(refusal('EcsIncorrectStateError', 'IncorrectInstanceStatus', 403));
  });

  it('resetDisk rolls a disk back to one of its snapshots', async () => {
    const { dataDiskId } = world.stopped;
    const listed = await h.run<{ snapshots: { nodes: { id: string }[] } }>(
      `query Snaps($disk: ID!) { snapshots(filter: { diskId: $disk, status: ACCOMPLISHED }) { nodes { id } } }`,
      { disk: dataDiskId },
    );
    const snapshotId = listed.data?.snapshots.nodes[0]?.id;
    expect(snapshotId).toBeDefined();
    const before = actionCalls(h.simulator);
    const result = await mutate(h, 'resetDisk', { diskId: dataDiskId, snapshotId }, 'disk { status }');
    expect(callsSince(before)).toEqual({ DescribeDisks: 1, ResetDisk: 1 });
    expect(result).toMatchObject({ __typename: 'ResetDiskPayload', disk: { status: 'RE_INITING' } });
    h.simulator.advance(3_000);
    expect(await diskStatus(dataDiskId)).toBe('IN_USE');
  });

  it('resetDisk to an unknown snapshot is EcsNotFoundError InvalidSnapshotId.NotFound', async () => {
    const before = actionCalls(h.simulator);
    const result = await mutate(h, 'resetDisk', {
      diskId: world.stopped.dataDiskId,
      snapshotId: 's-bp1nothere',
    });
    expect(callsSince(before)).toEqual({ ResetDisk: 1 });
    expect(result).toEqual(refusal('EcsNotFoundError', 'InvalidSnapshotId.NotFound', 404));
  });

  it('resizeDisk grows a data disk', async () => {
    const { dataDiskId } = world.stopped;
    const before = actionCalls(h.simulator);
    const result = await mutate(h, 'resizeDisk', { diskId: dataDiskId, newSize: 1024 }, 'disk { size }');
    expect(callsSince(before)).toEqual({ DescribeDisks: 1, ResizeDisk: 1 });
    expect(result).toMatchObject({ disk: { size: 1024 } });
    expect(await read(h, 'disk', dataDiskId, 'size')).toEqual({ size: 1024 });
  });

  it('resizeDisk of a system disk is EcsBusinessError OperationDenied', async () => {
    const before = actionCalls(h.simulator);
    const result = await mutate(h, 'resizeDisk', { diskId: world.stopped.systemDiskId, newSize: 100 });
    expect(callsSince(before)).toEqual({ ResizeDisk: 1 });
    expect(result).toEqual(refusal('EcsBusinessError', 'OperationDenied', 403));
  });

  it('replaceSystemDisk gives a Stopped instance a new system disk; the old one is gone', async () => {
    const { id, systemDiskId } = world.stopped;
    const before = actionCalls(h.simulator);
    const result = await mutate(
      h,
      'replaceSystemDisk',
      { instanceId: id, imageId: 'ubuntu_22_04_x64_20G_alibase_20240710.vhd' },
      'instance { id imageId } systemDisk { id type instanceId imageId }',
    );
    expect(callsSince(before)).toEqual({ DescribeDisks: 1, DescribeInstances: 1, ReplaceSystemDisk: 1 });
    const image = 'ubuntu_22_04_x64_20G_alibase_20240710.vhd';
    expect(result).toMatchObject({
      __typename: 'ReplaceSystemDiskPayload',
      instance: { id, imageId: image },
      systemDisk: { type: 'SYSTEM', instanceId: id, imageId: image },
    });
    expect((result.systemDisk as { id: string }).id).not.toBe(systemDiskId);
    expect(await read(h, 'disk', systemDiskId, 'id')).toBeNull();
  });

  it('replaceSystemDisk of a Running instance is EcsIncorrectStateError', async () => {
    const before = actionCalls(h.simulator);
    const result = await mutate(h, 'replaceSystemDisk', {
      instanceId: world.running.id,
      imageId: 'ubuntu_22_04_x64_20G_alibase_20240710.vhd',
    });
    expect(callsSince(before)).toEqual({ ReplaceSystemDisk: 1 });
    expect(result).toEqual(refusal('EcsIncorrectStateError', 'IncorrectInstanceStatus', 403));
  });
});
