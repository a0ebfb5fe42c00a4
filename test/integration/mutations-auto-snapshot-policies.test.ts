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

const POLICY = 'policy { id name timePoints repeatWeekdays retentionDays diskCount }';

async function createPolicy(name: string): Promise<string> {
  const result = await mutate(
    h,
    'createAutoSnapshotPolicy',
    { autoSnapshotPolicyName: name, timePoints: [1, 13], repeatWeekdays: [1, 4], retentionDays: 7 },
    'policy { id }',
  );
  return (result.policy as { id: string }).id;
}

describe('automatic snapshot policies', () => {
  it('createAutoSnapshotPolicy takes the schedule as integers and answers the policy', async () => {
    const before = actionCalls(h.simulator);
    const result = await mutate(
      h,
      'createAutoSnapshotPolicy',
      {
        autoSnapshotPolicyName: 'twice-daily',
        timePoints: [1, 13],
        repeatWeekdays: [1, 4],
        retentionDays: 7,
      },
      POLICY,
    );
    expect(callsSince(before)).toEqual({ CreateAutoSnapshotPolicy: 1, DescribeAutoSnapshotPolicyEx: 1 });
    expect(result).toMatchObject({
      __typename: 'CreateAutoSnapshotPolicyPayload',
      policy: {
        name: 'twice-daily',
        timePoints: [1, 13],
        repeatWeekdays: [1, 4],
        retentionDays: 7,
        diskCount: 0,
      },
    });
  });

  it('a schedule hour out of range is a ValidationError on input.timePoints, with no call', async () => {
    h.simulator.stats.reset();
    const before = actionCalls(h.simulator);
    const result = await mutate(h, 'createAutoSnapshotPolicy', {
      timePoints: [24],
      repeatWeekdays: [1],
      retentionDays: 0,
    });
    expect(callsSince(before)).toEqual({});
    expect(result).toMatchObject({
      __typename: 'ValidationError',
      problems: [
        { field: 'input.timePoints', code: 'ParameterInvalid' },
        { field: 'input.retentionDays', rule: '-1 (forever) or 1 to 65536', code: 'ParameterInvalid' },
      ],
    });
    expect(h.simulator.stats.snapshot().total).toBe(0);
  });

  it('past the region quota (3 with the 2014 limits), createAutoSnapshotPolicy is EcsQuotaError', async () => {
    await createPolicy('second');
    await createPolicy('third');
    const before = actionCalls(h.simulator);
    const result = await mutate(h, 'createAutoSnapshotPolicy', {
      timePoints: [0],
      repeatWeekdays: [7],
      retentionDays: -1,
    });
    expect(callsSince(before)).toEqual({ CreateAutoSnapshotPolicy: 1 });
    expect(result).toEqual(refusal('EcsQuotaError', 'AutoSnapshotPolicy.QuotaExceed', 403));
  });

  it('modifyAutoSnapshotPolicy changes only what is given', async () => {
    const id = await createPolicy('weekly');
    const before = actionCalls(h.simulator);
    const result = await mutate(
      h,
      'modifyAutoSnapshotPolicy',
      { autoSnapshotPolicyId: id, retentionDays: 30 },
      POLICY,
    );
    expect(callsSince(before)).toEqual({ DescribeAutoSnapshotPolicyEx: 1, ModifyAutoSnapshotPolicyEx: 1 });
    expect(result).toMatchObject({
      policy: { id, name: 'weekly', timePoints: [1, 13], repeatWeekdays: [1, 4], retentionDays: 30 },
    });
  });

  it('modifyAutoSnapshotPolicy of an unknown policy is EcsNotFoundError ParameterInvalid', async () => {
    const before = actionCalls(h.simulator);
    const result = await mutate(h, 'modifyAutoSnapshotPolicy', {
      autoSnapshotPolicyId: 'p-nothere',
      retentionDays: 3,
    });
    expect(callsSince(before)).toEqual({ ModifyAutoSnapshotPolicyEx: 1 });
    expect(result).toEqual(refusal('EcsNotFoundError', 'ParameterInvalid', 404));
  });

  it('applyAutoSnapshotPolicy, then cancelAutoSnapshotPolicy: the disks and the policy after each', async () => {
    const id = await createPolicy('for-data');
    const diskIds = [world.running.dataDiskId, world.stopped.dataDiskId];
    const beforeApply = actionCalls(h.simulator);
    const applied = await mutate(
      h,
      'applyAutoSnapshotPolicy',
      { autoSnapshotPolicyId: id, diskIds },
      'policy { id diskCount } disks { id autoSnapshotPolicyId }',
    );
    expect(callsSince(beforeApply)).toEqual({
      ApplyAutoSnapshotPolicy: 1,
      DescribeAutoSnapshotPolicyEx: 1,
      DescribeDisks: 1,
    });
    expect(applied).toMatchObject({
      __typename: 'ApplyAutoSnapshotPolicyPayload',
      policy: { id, diskCount: 2 },
      disks: diskIds.map((diskId) => ({ id: diskId, autoSnapshotPolicyId: id })),
    });
    expect(await read(h, 'disk', diskIds[0] as string, 'autoSnapshotPolicy { id }')).toEqual({
      autoSnapshotPolicy: { id },
    });
    const beforeCancel = actionCalls(h.simulator);
    const cancelled = await mutate(
      h,
      'cancelAutoSnapshotPolicy',
      { diskIds },
      'disks { id autoSnapshotPolicyId }',
    );
    expect(callsSince(beforeCancel)).toEqual({ CancelAutoSnapshotPolicy: 1, DescribeDisks: 1 });
    expect(cancelled).toMatchObject({
      disks: diskIds.map((diskId) => ({ id: diskId, autoSnapshotPolicyId: null })),
    });
  });

  it('a policy read earlier in the operation is described afresh in a later payload', async () => {
    const id = await createPolicy('shared');
    const [first, second] = [world.running.dataDiskId, world.stopped.dataDiskId];
    const response = await h.run<Record<string, Record<string, unknown>>>(
      `mutation Sequence($policy: ID!, $both: [ID!]!, $first: ID!, $second: ID!) {
        apply: applyAutoSnapshotPolicy(input: { autoSnapshotPolicyId: $policy, diskIds: $both }) {
          ... on ApplyAutoSnapshotPolicyPayload { policy { diskCount } }
        }
        cancel: cancelAutoSnapshotPolicy(input: { diskIds: [$first] }) {
          ... on CancelAutoSnapshotPolicyPayload { disks { id } }
        }
        rename: modifyDiskAttribute(input: { diskId: $second, diskName: "still-covered" }) {
          ... on ModifyDiskAttributePayload { disk { name autoSnapshotPolicy { id diskCount } } }
        }
      }`,
      { policy: id, both: [first, second], first, second },
    );
    expect(response).toEqual({
      data: {
        apply: { policy: { diskCount: 2 } },
        cancel: { disks: [{ id: first }] },
        rename: { disk: { name: 'still-covered', autoSnapshotPolicy: { id, diskCount: 1 } } },
      },
    });
  });

  it('applyAutoSnapshotPolicy to an unknown disk is EcsNotFoundError InvalidDiskId.NotFound', async () => {
    const id = await createPolicy('nothing');
    const before = actionCalls(h.simulator);
    const result = await mutate(h, 'applyAutoSnapshotPolicy', {
      autoSnapshotPolicyId: id,
      diskIds: ['d-bp1nothere'],
    });
    expect(callsSince(before)).toEqual({ ApplyAutoSnapshotPolicy: 1 });
    expect(result).toEqual(refusal('EcsNotFoundError', 'InvalidDiskId.NotFound', 404));
  });

  it('cancelAutoSnapshotPolicy of an unknown disk is EcsBusinessError ParameterInvalid', async () => {
    const before = actionCalls(h.simulator);
    const result = await mutate(h, 'cancelAutoSnapshotPolicy', { diskIds: ['d-bp1nothere'] });
    expect(callsSince(before)).toEqual({ CancelAutoSnapshotPolicy: 1 });
    expect(result).toEqual(refusal('EcsBusinessError', 'ParameterInvalid', 404));
  });

  it('deleteAutoSnapshotPolicy: the read graph no longer has it; again, it is EcsNotFoundError', async () => {
    const id = await createPolicy('short-lived');
    const beforeDelete = actionCalls(h.simulator);
    const deleted = await mutate(
      h,
      'deleteAutoSnapshotPolicy',
      { autoSnapshotPolicyId: id },
      'autoSnapshotPolicyId',
    );
    expect(callsSince(beforeDelete)).toEqual({ DeleteAutoSnapshotPolicy: 1 });
    expect(deleted).toMatchObject({ autoSnapshotPolicyId: id });
    const gone = await h.run<{ autoSnapshotPolicy: unknown }>(
      'query P($id: ID!) { autoSnapshotPolicy(id: $id) { id } }',
      {
        id,
      },
    );
    expect(gone.data?.autoSnapshotPolicy).toBeNull();
    const beforeAgain = actionCalls(h.simulator);
    const again = await mutate(h, 'deleteAutoSnapshotPolicy', { autoSnapshotPolicyId: id });
    expect(callsSince(beforeAgain)).toEqual({ DeleteAutoSnapshotPolicy: 1 });
    expect(again).toEqual(refusal('EcsNotFoundError', 'ParameterInvalid', 404));
  });
});
