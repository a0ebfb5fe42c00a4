import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forcedFaults } from './forced-faults.js';
import {
  actionCalls,
  type Estate,
  estate,
  mutate,
  read,
  type SimulatedGateway,
  simulatedGateway,
  snapshotIdsOf,
} from './mutations-harness.js';

let h: SimulatedGateway;
let world: Estate;
let faults: ReturnType<typeof forcedFaults>;

beforeEach(async () => {
  faults = forcedFaults();
  h = await simulatedGateway({ wrapCaller: (client, simulator) => faults.wrapCaller(client, simulator) });
  world = await estate(h);
  h.calls.length = 0;
});
afterEach(() => h.close());

const status = async (id: string) => (await read(h, 'instance', id, 'status'))?.status;
const calls = () => h.calls.map((call) => `${call.action}${call.errorCode ? `:${call.errorCode}` : ''}`);

describe('a write whose answer was lost', () => {
  it('stopInstance, answer dropped after acting: the payload, with the instance read afresh', async () => {
    const { id } = world.running;
    faults.force('StopInstance', { dropAfterActingRate: 1 });
    const result = await mutate(h, 'stopInstance', { instanceId: id }, `instance { id status }`);
    expect(result).toEqual({
      __typename: 'StopInstancePayload',
      requestId: null,
      instance: { id, status: 'STOPPING' },
    });
    // One attempt (a write without a token is never repeated once it may have arrived), then one read.
    expect(calls()).toEqual(['StopInstance:ConnectionReset', 'DescribeInstances']);
    expect(h.calls[0]?.attempts).toBe(1);
    expect(actionCalls(h.simulator)).toMatchObject({ StopInstance: 1 });
  });

  it('stopInstance, dropped before acting: OutcomeUnknownError with its exact fields, the instance untouched', async () => {
    const { id } = world.running;
    faults.force('StopInstance', { dropRate: 1 });
    const result = await mutate(h, 'stopInstance', { instanceId: id });
    expect(result).toEqual({
      __typename: 'OutcomeUnknownError',
      code: 'ConnectionReset',
      action: 'StopInstance',
      resourceIds: [id],
      message: `StopInstance was sent but its answer was lost (ConnectionReset), and the state read afterwards does not show that it took effect (it would if the instance is Stopping or Stopped). ECS may or may not have acted: read ${id} before acting again.`,
    });
    expect(calls()).toEqual(['StopInstance:ConnectionReset', 'DescribeInstances']);
    expect(await status(id)).toBe('RUNNING');
  });

  it('an ECS 5xx to a write without a token is a lost answer too: InternalError, reconciled by reading', async () => {
    const { id } = world.running;
    faults.force('StopInstance', { internalErrorRate: 1 });
    const result = await mutate(h, 'stopInstance', { instanceId: id });
    expect(result).toMatchObject({
      __typename: 'OutcomeUnknownError',
      code: 'InternalError',
      action: 'StopInstance',
      resourceIds: [id],
    });
    expect(calls()).toEqual(['StopInstance:InternalError', 'DescribeInstances']);
  });

  it('when reading afterwards fails too, the outcome is unknown and says so', async () => {
    const { id } = world.running;
    faults.force('StopInstance', { dropAfterActingRate: 1 });
    faults.force('DescribeInstances', { dropRate: 1 });
    const result = await mutate(h, 'stopInstance', { instanceId: id });
    expect(result).toMatchObject({
      __typename: 'OutcomeUnknownError',
      code: 'ConnectionReset',
      resourceIds: [id],
    });
    expect(result.message).toContain('reading the state afterwards failed as well');
    expect(calls()).toEqual(['StopInstance:ConnectionReset', 'DescribeInstances:ConnectionReset']);
    expect(await status(id)).toBe('STOPPING');
  });

  it('attachDisk, answer dropped after acting: the payload, the disk attached to that instance', async () => {
    const { stopped } = world;
    const detach = await mutate(h, 'detachDisk', { instanceId: stopped.id, diskId: stopped.dataDiskId });
    expect(detach.__typename).toBe('DetachDiskPayload');
    h.simulator.advance(60_000);
    faults.force('AttachDisk', { dropAfterActingRate: 1 });
    const result = await mutate(
      h,
      'attachDisk',
      { instanceId: stopped.id, diskId: stopped.dataDiskId },
      `disk { id status instanceId }`,
    );
    expect(result).toEqual({
      __typename: 'AttachDiskPayload',
      requestId: null,
      disk: { id: stopped.dataDiskId, status: 'ATTACHING', instanceId: stopped.id },
    });
  });

  it('deleteSnapshot, answer dropped after acting: the payload, since ECS no longer lists it', async () => {
    const disk = world.running.dataDiskId;
    const created = await mutate(h, 'createSnapshot', { diskId: disk }, 'snapshot { id }');
    const { id } = created.snapshot as { id: string };
    h.simulator.advance(600_000);
    h.calls.length = 0;
    faults.force('DeleteSnapshot', { dropAfterActingRate: 1 });
    const result = await mutate(h, 'deleteSnapshot', { snapshotId: id }, `snapshotId`);
    expect(result).toEqual({ __typename: 'DeleteSnapshotPayload', requestId: null, snapshotId: id });
    expect(calls()).toEqual(['DeleteSnapshot:ConnectionReset', 'DescribeSnapshots']);
  });

  it('createSnapshot, every attempt dropped after acting: OutcomeUnknownError (the new id was in the answer), one snapshot', async () => {
    const disk = world.running.dataDiskId;
    const before = await snapshotIdsOf(h, disk);
    faults.force('CreateSnapshot', { dropAfterActingRate: 1 });
    const result = await mutate(h, 'createSnapshot', { diskId: disk });
    expect(result).toEqual({
      __typename: 'OutcomeUnknownError',
      code: 'ConnectionReset',
      action: 'CreateSnapshot',
      resourceIds: [disk],
      message: `CreateSnapshot was sent but its answer was lost (ConnectionReset), and its effect cannot be read back: the new snapshot’s id was in the lost answer. ECS may or may not have acted: read ${disk} before acting again. A retry with the same Idempotency-Key or clientToken makes ECS act at most once.`,
    });
    // The client repeated it with the same ClientToken: ECS acted once.
    expect(h.calls.filter((call) => call.action === 'CreateSnapshot')).toEqual([
      expect.objectContaining({ attempts: 4, errorCode: 'ConnectionReset' }),
    ]);
    expect((await snapshotIdsOf(h, disk)).length).toBe(before.length + 1);
  });

  it('an action answered but the read after it failed: the payload, and an error at the resource field only', async () => {
    const { id } = world.running;
    faults.force('DescribeInstances', { dropRate: 1 });
    const response = await h.run(
      'mutation Stop($id: ID!) { stopInstance(input: { instanceId: $id }) { __typename ... on StopInstancePayload { requestId instance { status } } } }',
      { id },
    );
    expect(response.data).toEqual({
      stopInstance: {
        __typename: 'StopInstancePayload',
        requestId: expect.stringMatching(/^[0-9A-F-]{36}$/),
        instance: null,
      },
    });
    expect(response.errors).toEqual([
      expect.objectContaining({
        path: ['stopInstance', 'instance'],
        extensions: expect.objectContaining({ code: 'ConnectionReset' }),
      }),
    ]);
    expect(calls()).toEqual(['StopInstance', 'DescribeInstances:ConnectionReset']);
    expect(await status(id)).toBe('STOPPING');
  });

  it('a call that was never sent stays a GraphQL error with its transport code, and nothing is read', async () => {
    // A gateway whose simulator is gone before any call: no pooled connection, so every attempt is refused.
    const lone = await simulatedGateway();
    await lone.simulator.close();
    try {
      const response = await lone.run(
        'mutation Stop($id: ID!) { stopInstance(input: { instanceId: $id }) { __typename } }',
        { id: world.running.id },
      );
      expect(response.data).toBeNull();
      expect(response.errors).toEqual([
        expect.objectContaining({
          path: ['stopInstance'],
          extensions: expect.objectContaining({ code: 'ConnectionRefused' }),
        }),
      ]);
      expect(lone.calls.map((call) => [call.action, call.errorCode])).toEqual([
        ['StopInstance', 'ConnectionRefused'],
      ]);
    } finally {
      await lone.close().catch(() => undefined);
    }
  });
});
