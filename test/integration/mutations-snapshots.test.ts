import { afterEach, describe, expect, it } from 'vitest';
import {
  actionCalls,
  estate,
  mutate,
  read,
  refusal,
  type SimulatedGateway,
  simulatedGateway,
  snapshotIdsOf,
} from './mutations-harness.js';

let h: SimulatedGateway;
afterEach(() => h.close());

describe('createSnapshot', () => {
  it('starts a snapshot with the modern parameters; it progresses to 100 % and accomplished', async () => {
    h = await simulatedGateway();
    const { running } = await estate(h);
    const result = await mutate(
      h,
      'createSnapshot',
      {
        diskId: running.dataDiskId,
        snapshotName: 'before-upgrade',
        description: 'Taken before the kernel upgrade',
        retentionDays: 30,
        tags: [
          { key: 'team', value: 'platform' },
          { key: 'ticket', value: 'OPS-12' },
        ],
      },
      'snapshot { id status progress name description retentionDays sourceDiskId tags { key value } }',
    );
    expect(result).toMatchObject({
      __typename: 'CreateSnapshotPayload',
      requestId: expect.stringMatching(/^[0-9A-F-]{36}$/),
      snapshot: {
        status: 'PROGRESSING',
        progress: 0,
        name: 'before-upgrade',
        description: 'Taken before the kernel upgrade',
        retentionDays: 30,
        sourceDiskId: running.dataDiskId,
        tags: [
          { key: 'team', value: 'platform' },
          { key: 'ticket', value: 'OPS-12' },
        ],
      },
    });
    const { id } = result.snapshot as { id: string };
    h.simulator.advance(5_000);
    const midway = await read(h, 'snapshot', id, 'status progress');
    expect(midway?.status).toBe('PROGRESSING');
    expect(midway?.progress).toBeGreaterThan(0);
    expect(midway?.progress).toBeLessThan(100);
    h.simulator.advance(15_000);
    expect(await read(h, 'snapshot', id, 'status progress available')).toEqual({
      status: 'ACCOMPLISHED',
      progress: 100,
      available: true,
    });
  });

  it('a second snapshot of a disk while one is progressing is EcsIncorrectStateError', async () => {
    h = await simulatedGateway();
    const { running } = await estate(h);
    expect(await mutate(h, 'createSnapshot', { diskId: running.dataDiskId })).toMatchObject({
      __typename: 'CreateSnapshotPayload',
    });
    const second = await mutate(h, 'createSnapshot', { diskId: running.dataDiskId });
    expect(second).toEqual(refusal('EcsIncorrectStateError', 'IncorrectDiskStatus.CreatingSnapshot', 403));
  });

  it('addresses the region given: CreateSnapshot goes to cn-shanghai and the payload reads it there', async () => {
    h = await simulatedGateway();
    const listed = await h.run<{ disks: { nodes: { id: string }[] } }>(
      '{ disks(regionId: "cn-shanghai", filter: { status: IN_USE }) { nodes { id } } }',
    );
    const diskId = listed.data?.disks.nodes[0]?.id;
    const result = await mutate(
      h,
      'createSnapshot',
      { regionId: 'cn-shanghai', diskId },
      'snapshot { regionId sourceDiskId }',
    );
    expect(result).toMatchObject({ snapshot: { regionId: 'cn-shanghai', sourceDiskId: diskId } });
    expect(h.calls.filter((call) => call.action !== 'DescribeDisks')).toEqual([
      expect.objectContaining({ action: 'CreateSnapshot', regionId: 'cn-shanghai' }),
      expect.objectContaining({ action: 'DescribeSnapshots', regionId: 'cn-shanghai' }),
    ]);
  });

  it('checks every documented rule before any ECS call, naming each input path and rule', async () => {
    h = await simulatedGateway();
    const result = await mutate(h, 'createSnapshot', {
      diskId: 'd-bp1any',
      snapshotName: 'auto-nightly',
      description: 'https://wiki/snapshots',
      retentionDays: 0,
      tags: [
        { key: 'env', value: 'prod' },
        { key: 'aliyun-owner', value: 'x' },
        { key: 'env', value: 'v'.repeat(129) },
      ],
    });
    expect(result).toMatchObject({
      __typename: 'ValidationError',
      field: 'input.snapshotName',
      rule: 'must not start with "auto", which is kept for automatic snapshots',
      code: 'InvalidSnapshotName.Malformed',
    });
    expect(result.problems).toEqual([
      {
        field: 'input.snapshotName',
        rule: 'must not start with "auto", which is kept for automatic snapshots',
        code: 'InvalidSnapshotName.Malformed',
      },
      {
        field: 'input.description',
        rule: 'must not start with http:// or https://',
        code: 'InvalidDescription.Malformed',
      },
      {
        field: 'input.retentionDays',
        rule: 'an integer from 1 to 65536',
        code: 'InvalidRetentionDays.Malformed',
      },
      {
        field: 'input.tags[1].key',
        rule: 'must not start with "aliyun" or "acs:"',
        code: 'InvalidTagKey.Malformed',
      },
      { field: 'input.tags[2].value', rule: 'at most 128 characters', code: 'InvalidTagValue.Malformed' },
      {
        field: 'input.tags[2].key',
        rule: 'must differ from input.tags[0].key: no two entries may share it',
        code: 'Duplicate.TagKey',
      },
    ]);
    expect(h.simulator.stats.snapshot().total).toBe(0);
    expect(h.calls).toEqual([]);
  });

  it('an empty diskId is a ValidationError naming the field and the rule, before any call', async () => {
    h = await simulatedGateway();
    const result = await mutate(h, 'createSnapshot', { diskId: '' });
    expect(result.problems).toEqual([
      { field: 'input.diskId', rule: 'at least 1 character', code: 'InvalidParameter' },
    ]);
    expect(h.calls).toEqual([]);
    expect(h.simulator.stats.snapshot().total).toBe(0);
  });

  it('refuses more than 20 tags and a name too short, before any call', async () => {
    h = await simulatedGateway();
    const tags = Array.from({ length: 21 }, (_, index) => ({ key: `k${index}` }));
    const result = await mutate(h, 'createSnapshot', { diskId: 'd-bp1any', snapshotName: 'a', tags });
    expect(result.problems).toEqual([
      { field: 'input.snapshotName', rule: 'at least 2 characters', code: 'InvalidSnapshotName.Malformed' },
      { field: 'input.tags', rule: 'at most 20 entries', code: 'InvalidTagCount' },
    ]);
    expect(h.simulator.stats.snapshot().total).toBe(0);
  });
});

describe('createSnapshot pair rules', () => {
  it('category with instantAccess is a ValidationError naming both, with no call; either alone is sent', async () => {
    h = await simulatedGateway();
    const { stopped } = await estate(h);
    h.simulator.stats.reset();
    const both = await mutate(h, 'createSnapshot', {
      diskId: stopped.dataDiskId,
      category: 'Standard',
      instantAccess: false,
    });
    const code = 'InvalidCategoryAndInstantAccess.Malformed';
    expect(both).toMatchObject({ __typename: 'ValidationError', field: 'input.category', code });
    expect(both.problems).toEqual([
      { field: 'input.category', rule: 'cannot be given together with input.instantAccess', code },
      { field: 'input.instantAccess', rule: 'cannot be given together with input.category', code },
    ]);
    expect(h.simulator.stats.snapshot().total).toBe(0);

    const alone = await mutate(h, 'createSnapshot', { diskId: stopped.dataDiskId, category: 'Standard' });
    expect(alone.__typename).toBe('CreateSnapshotPayload');
    expect(actionCalls(h.simulator).CreateSnapshot).toBe(1);
  });
});

describe('idempotency', () => {
  it('a response lost after ECS acted is retried with the same token: 2 calls, 1 snapshot', async () => {
    let retries = 0;
    h = await simulatedGateway({
      beforeRetry: () => {
        retries += 1;
        h.simulator.faults.configure({ dropAfterActingRate: 0 });
      },
    });
    const { stopped } = await estate(h);
    const before = await snapshotIdsOf(h, stopped.dataDiskId);
    h.simulator.faults.configure({ dropAfterActingRate: 1 });
    h.simulator.stats.reset();

    const result = await mutate(h, 'createSnapshot', { diskId: stopped.dataDiskId }, 'snapshot { id }');
    expect(result.__typename).toBe('CreateSnapshotPayload');
    expect(retries).toBe(1);
    expect(h.simulator.stats.snapshot().actions.CreateSnapshot).toEqual({
      calls: 2,
      succeeded: 1,
      failed: 0,
      faulted: 1,
    });
    const after = await snapshotIdsOf(h, stopped.dataDiskId);
    const created = after.filter((id) => !before.includes(id));
    expect(created).toEqual([(result.snapshot as { id: string }).id]);
  });

  it('a clientToken given acts once across mutations; reused with other input it is EcsIdempotencyError', async () => {
    h = await simulatedGateway();
    const { stopped } = await estate(h);
    const input = { diskId: stopped.dataDiskId, clientToken: 'nightly-2025-01-06', snapshotName: 'nightly' };
    const first = await mutate(h, 'createSnapshot', input, 'snapshot { id }');
    const again = await mutate(h, 'createSnapshot', input, 'snapshot { id }');
    expect(again).toMatchObject({ snapshot: first.snapshot });
    const other = await mutate(h, 'createSnapshot', { ...input, snapshotName: 'other' });
    expect(other).toEqual(refusal('EcsIdempotencyError', 'IdempotentParameterMismatch', 403));
    expect(actionCalls(h.simulator).CreateSnapshot).toBe(3);
  });

  it('a 5xx that outlasts the retries is a lost answer: OutcomeUnknownError with the ECS code', async () => {
    h = await simulatedGateway();
    const { stopped } = await estate(h);
    h.simulator.faults.configure({ serviceUnavailableRate: 1 });
    h.simulator.stats.reset();
    const result = await mutate(h, 'createSnapshot', { diskId: stopped.dataDiskId });
    expect(result).toEqual({
      __typename: 'OutcomeUnknownError',
      code: 'ServiceUnavailable',
      action: 'CreateSnapshot',
      resourceIds: [stopped.dataDiskId],
      message: expect.stringContaining('the new snapshot’s id was in the lost answer'),
    });
    expect(h.simulator.stats.snapshot().actions.CreateSnapshot).toMatchObject({ calls: 4, faulted: 4 });
  });

  it('a clientToken longer than 64 characters is a ValidationError', async () => {
    h = await simulatedGateway();
    const result = await mutate(h, 'createSnapshot', { diskId: 'd-bp1any', clientToken: 'x'.repeat(65) });
    expect(result).toMatchObject({
      __typename: 'ValidationError',
      field: 'input.clientToken',
      rule: 'at most 64 characters',
    });
    expect(h.calls).toEqual([]);
  });
});

describe('deleteSnapshot', () => {
  it('deletes a snapshot: the read graph no longer has it', async () => {
    h = await simulatedGateway();
    const { stopped } = await estate(h);
    const [id] = await snapshotIdsOf(h, stopped.dataDiskId);
    expect(await mutate(h, 'deleteSnapshot', { snapshotId: id }, 'snapshotId')).toMatchObject({
      __typename: 'DeleteSnapshotPayload',
      snapshotId: id,
    });
    expect(await read(h, 'snapshot', id as string, 'id')).toBeNull();
  });

  it('a snapshot disks were created from is EcsBusinessError SnapshotCreatedDisk unless forced', async () => {
    h = await simulatedGateway();
    const listed = await h.run<{ disks: { nodes: { sourceSnapshotId: string | null }[] } }>(
      '{ disks(regionId: "cn-hangzhou", page: { all: true }) { nodes { sourceSnapshotId } } }',
    );
    const snapshotId = listed.data?.disks.nodes.find((disk) => disk.sourceSnapshotId)?.sourceSnapshotId;
    expect(snapshotId).toBeTruthy();
    const refused = await mutate(h, 'deleteSnapshot', { snapshotId });
    expect(refused).toEqual(refusal('EcsBusinessError', 'SnapshotCreatedDisk', 403));
    const forced = await mutate(h, 'deleteSnapshot', { snapshotId, force: true }, 'snapshotId');
    expect(forced).toMatchObject({ snapshotId });
  });
});
