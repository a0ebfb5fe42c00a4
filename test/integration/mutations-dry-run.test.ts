import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EcsCaller } from '../../src/ecs/caller.js';
import { API_LIMITS } from '../../src/spec/limits.js';
import { forcedFaults } from './forced-faults.js';
import {
  actionCalls,
  actionCallsSince,
  type Estate,
  estate,
  mutate,
  read,
  refusal,
  type SimulatedGateway,
  simulatedGateway,
} from './mutations-harness.js';

/**
 * A mutation's own dry run, under today's API on both sides: one call with DryRun=true,
 * ECS's DryRunOperation answered as DryRunPassed, its refusal as the real call's typed
 * error, and nothing changed, read, dropped from a cache or kept for an Idempotency-Key.
 */

const CURRENT = API_LIMITS.current;
const IMAGE = 'aliyun_3_x64_20G_alibase_20240819.vhd';
const REQUEST_ID = expect.stringMatching(/^[0-9A-F-]{36}$/);

let h: SimulatedGateway;
let world: Estate;
/** Every call the gateway handed the client, with its input. */
let sent: { readonly action: string; readonly input: Record<string, unknown> }[];
let faults: ReturnType<typeof forcedFaults>;

/** Makes the upstream ignore DryRun, as an endpoint that does not know it does (it then acts). */
let ignoreDryRun = false;

async function gatewayOver(limits = CURRENT, gateway: Record<string, unknown> = {}): Promise<void> {
  faults = forcedFaults();
  sent = [];
  ignoreDryRun = false;
  h = await simulatedGateway({
    limits,
    gateway,
    wrapCaller: (client, simulator): EcsCaller => {
      const faulty = faults.wrapCaller(client, simulator);
      return {
        call(action, input, options) {
          sent.push({ action: action.name, input: { ...input } });
          if (!ignoreDryRun) return faulty.call(action, input, options);
          const { DryRun: _ignored, ...rest } = input as Record<string, unknown>;
          return faulty.call(action, rest as typeof input, options);
        },
      };
    },
  });
  world = await estate(h);
  sent = [];
}

afterEach(() => h.close());

const status = async (id: string) => (await read(h, 'instance', id, 'status'))?.status;
const passed = (action: string) => ({ __typename: 'DryRunPassed', action, requestId: REQUEST_ID });

/** A mutation's result with DryRunPassed selected too (mutate's selection, plus that member). */
async function ask(name: string, input: Record<string, unknown>, headers?: Record<string, string>) {
  const type = name.charAt(0).toUpperCase() + name.slice(1);
  const response = await h.run<Record<string, Record<string, unknown>>>(
    `mutation Act($input: ${type}Input!) {
      ${name}(input: $input) {
        __typename
        ... on DryRunPassed { action requestId }
        ... on MutationError { message }
        ... on EcsActionError { code httpStatus requestId }
        ... on ${type}Payload { requestId }
      }
    }`,
    { input },
    headers,
  );
  if (response.errors) throw new Error(`${name} answered GraphQL errors: ${JSON.stringify(response.errors)}`);
  return response.data?.[name];
}

/** Runs a dry run and expects exactly one upstream call, of `action`, with DryRun=true. */
async function dryRun(name: string, input: Record<string, unknown>, action: string) {
  sent = [];
  const before = actionCalls(h.simulator);
  const result = await ask(name, { ...input, dryRun: true });
  expect(sent.map((call) => [call.action, call.input.DryRun])).toEqual([[action, true]]);
  expect(actionCallsSince(h.simulator, before)).toEqual({ [action]: 1 });
  sent = [];
  return result;
}

describe('dryRun on each mutation that takes it (today’s API)', () => {
  beforeEach(() => gatewayOver());

  it('startInstance: DryRunPassed for a Stopped instance, which stays Stopped; the real call’s refusal for a Running one', async () => {
    const { stopped, running } = world;
    expect(await dryRun('startInstance', { instanceId: stopped.id }, 'StartInstance')).toEqual(
      passed('StartInstance'),
    );
    expect(await status(stopped.id)).toBe('STOPPED');
    expect(await dryRun('startInstance', { instanceId: running.id }, 'StartInstance')).toEqual(
      refusal('EcsIncorrectStateError', 'IncorrectInstanceStatus', 403),
    );
  });

  it('stopInstance: DryRunPassed for a Running instance, which keeps running; IncorrectInstanceStatus for a Stopped one', async () => {
    const { stopped, running } = world;
    expect(await dryRun('stopInstance', { instanceId: running.id, forceStop: true }, 'StopInstance')).toEqual(
      passed('StopInstance'),
    );
    expect(sent).toEqual([]);
    expect(await status(running.id)).toBe('RUNNING');
    expect(await dryRun('stopInstance', { instanceId: stopped.id }, 'StopInstance')).toEqual(
      refusal('EcsIncorrectStateError', 'IncorrectInstanceStatus', 403),
    );
  });

  it('rebootInstance: DryRunPassed for a Running instance; EcsNotFoundError for a missing one', async () => {
    expect(await dryRun('rebootInstance', { instanceId: world.running.id }, 'RebootInstance')).toEqual(
      passed('RebootInstance'),
    );
    expect(await status(world.running.id)).toBe('RUNNING');
    expect(await dryRun('rebootInstance', { instanceId: 'i-bp1missing00000000' }, 'RebootInstance')).toEqual(
      refusal('EcsNotFoundError', 'InvalidInstanceId.NotFound', 404),
    );
  });

  it('deleteInstance: DryRunPassed for a Stopped instance, which is still there; IncorrectInstanceStatus for a Running one', async () => {
    expect(await dryRun('deleteInstance', { instanceId: world.stopped.id }, 'DeleteInstance')).toEqual(
      passed('DeleteInstance'),
    );
    expect(await status(world.stopped.id)).toBe('STOPPED');
    expect(await dryRun('deleteInstance', { instanceId: world.running.id }, 'DeleteInstance')).toEqual(
      refusal('EcsIncorrectStateError', 'IncorrectInstanceStatus', 403),
    );
  });

  it('createInstance: DryRunPassed and no new instance; EcsNotFoundError for an unknown security group', async () => {
    const count = async () =>
      (
        await h.run<{ instances: { totalCount: number } }>(
          '{ instances(regionId: "cn-hangzhou") { totalCount } }',
        )
      ).data?.instances.totalCount;
    const before = await count();
    const input = {
      zoneId: world.stopped.zoneId,
      imageId: IMAGE,
      instanceType: 'ecs.g7.large',
      securityGroupId: world.stopped.securityGroupIds[0],
    };
    expect(await dryRun('createInstance', input, 'CreateInstance')).toEqual(passed('CreateInstance'));
    expect(await count()).toBe(before);
    expect(
      await dryRun('createInstance', { ...input, securityGroupId: 'sg-bp1nothere' }, 'CreateInstance'),
    ).toEqual(refusal('EcsNotFoundError', 'InvalidSecurityGroupId.NotFound', 404));
  });

  it('resetDisk: DryRunPassed for an accomplished snapshot of a disk on a Stopped instance; EcsNotFoundError for a missing disk', async () => {
    const diskId = world.stopped.dataDiskId;
    const made = await mutate(h, 'createSnapshot', { diskId }, 'snapshot { id }');
    const snapshotId = (made.snapshot as { id: string }).id;
    h.simulator.advance(24 * 3_600_000);
    sent = [];
    expect(await dryRun('resetDisk', { diskId, snapshotId }, 'ResetDisk')).toEqual(passed('ResetDisk'));
    expect(await read(h, 'disk', diskId, 'status')).toEqual({ status: 'IN_USE' });
    expect(await dryRun('resetDisk', { diskId: 'd-bp1missing00000000', snapshotId }, 'ResetDisk')).toEqual(
      refusal('EcsNotFoundError', 'InvalidDiskId.NotFound', 404),
    );
  });

  it('an input breaking a rule is a ValidationError, with no call', async () => {
    const result = await mutate(h, 'stopInstance', { instanceId: '', dryRun: true });
    expect(result).toMatchObject({ __typename: 'ValidationError', field: 'input.instanceId' });
    expect(sent).toEqual([]);
  });

  it('dryRun: false is the real call', async () => {
    const result = await mutate(h, 'stopInstance', { instanceId: world.running.id, dryRun: false });
    expect(result.__typename).toBe('StopInstancePayload');
    expect(sent.map((call) => [call.action, call.input.DryRun])).toEqual([
      ['StopInstance', false],
      ['DescribeInstances', undefined],
    ]);
  });

  it('a dry run whose answer is lost is a GraphQL error, not an unknown outcome: nothing is read back', async () => {
    faults.force('StopInstance', { dropRate: 1 });
    const response = await h.run(
      `mutation { stopInstance(input: { instanceId: "${world.running.id}", dryRun: true }) { __typename } }`,
    );
    expect(response.data).toBeNull();
    expect(response.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([
      [['stopInstance'], 'ConnectionReset'],
    ]);
    expect(sent.map((call) => call.action)).toEqual(['StopInstance']);
    expect(await status(world.running.id)).toBe('RUNNING');
  });

  it('under an Idempotency-Key a dry run is not kept: the real call with the same key then acts', async () => {
    const headers = { 'idempotency-key': 'dry-then-real-0001' };
    const { id } = world.running;
    const plan = await ask('stopInstance', { instanceId: id, dryRun: true }, headers);
    expect(plan).toEqual(passed('StopInstance'));
    const real = await mutate(h, 'stopInstance', { instanceId: id }, 'instance { status }', headers);
    expect(real).toMatchObject({ __typename: 'StopInstancePayload', instance: { status: 'STOPPING' } });
    expect(sent.map((call) => [call.action, call.input.DryRun])).toEqual([
      ['StopInstance', true],
      ['StopInstance', undefined],
      ['DescribeInstances', undefined],
    ]);
  });
});

describe('dryRun and the read cache', () => {
  beforeEach(() => gatewayOver(CURRENT, { cache: {}, maxUpstreamCalls: 5_000 }));

  it('a dry run drops no cached answer: the listing read next comes from the cache', async () => {
    const listing = '{ instances(regionId: "cn-hangzhou") { nodes { id status } } }';
    await h.run(listing);
    await h.run(listing);
    const before = actionCalls(h.simulator);
    expect(await ask('stopInstance', { instanceId: world.running.id, dryRun: true })).toEqual(
      passed('StopInstance'),
    );
    const after = await h.run<{ instances: { nodes: { id: string; status: string }[] } }>(listing);
    expect(actionCallsSince(h.simulator, before)).toEqual({ StopInstance: 1 });
    expect(after.data?.instances.nodes.find((node) => node.id === world.running.id)?.status).toBe('RUNNING');
  });
});

describe('dryRun under the 2014 API', () => {
  beforeEach(() => gatewayOver(API_LIMITS['2014']));

  it('is a ValidationError naming input.dryRun, with no call: a 2014 endpoint would ignore it and act', async () => {
    const result = await mutate(h, 'stopInstance', { instanceId: world.running.id, dryRun: true });
    expect(result).toMatchObject({
      __typename: 'ValidationError',
      field: 'input.dryRun',
      code: 'InvalidParameter',
      rule: expect.stringContaining('ECS_API_LIMITS=current'),
    });
    expect(sent).toEqual([]);
    expect(await status(world.running.id)).toBe('RUNNING');
  });
});

describe('the bulk mutations’ plan (today’s API)', () => {
  beforeEach(() => gatewayOver());

  async function bulk(name: string, input: Record<string, unknown>, item: string) {
    const type = name.charAt(0).toUpperCase() + name.slice(1);
    const response = await h.run<Record<string, { dryRun: boolean; items: Record<string, unknown>[] }>>(
      `mutation Bulk($input: ${type}Input!) {
        ${name}(input: $input) {
          ... on ${type}Payload {
            dryRun
            items { id: ${item} result { __typename ... on DryRunPassed { action requestId } ... on EcsActionError { code } } }
          }
        }
      }`,
      { input },
    );
    if (response.errors) throw new Error(JSON.stringify(response.errors));
    return response.data?.[name];
  }

  it('stopInstances: one StopInstance with DryRun=true per instance, ECS’s verdicts, nothing stopped', async () => {
    const { running, stopped } = world;
    const before = actionCalls(h.simulator);
    const plan = await bulk(
      'stopInstances',
      { ids: [running.id, stopped.id, 'i-bp1missing00000000'], dryRun: true },
      'instanceId',
    );
    expect(plan).toEqual({
      dryRun: true,
      items: [
        { id: running.id, result: passed('StopInstance') },
        { id: stopped.id, result: { __typename: 'EcsIncorrectStateError', code: 'IncorrectInstanceStatus' } },
        {
          id: 'i-bp1missing00000000',
          result: { __typename: 'EcsNotFoundError', code: 'InvalidInstanceId.NotFound' },
        },
      ],
    });
    expect(actionCallsSince(h.simulator, before)).toEqual({ StopInstance: 3 });
    expect(sent.map((call) => [call.action, call.input.DryRun])).toEqual([
      ['StopInstance', true],
      ['StopInstance', true],
      ['StopInstance', true],
    ]);
    expect(await status(running.id)).toBe('RUNNING');
    sent = [];
    const real = await bulk('stopInstances', { ids: [running.id] }, 'instanceId');
    expect(real?.dryRun).toBe(false);
    expect(sent.filter((call) => call.action === 'StopInstance').map((call) => call.input.DryRun)).toEqual([
      undefined,
    ]);
  });

  it('startInstances: the same, from Stopped', async () => {
    const plan = await bulk('startInstances', { ids: [world.stopped.id], dryRun: true }, 'instanceId');
    expect(plan?.items).toEqual([{ id: world.stopped.id, result: passed('StartInstance') }]);
    expect(sent.map((call) => [call.action, call.input.DryRun])).toEqual([['StartInstance', true]]);
    expect(await status(world.stopped.id)).toBe('STOPPED');
  });

  it('createSnapshots: CreateSnapshot takes no DryRun, so the plan stays the Describe one, with no RequestId', async () => {
    const plan = await bulk(
      'createSnapshots',
      { diskIds: [world.stopped.dataDiskId], dryRun: true },
      'diskId',
    );
    expect(plan?.items).toEqual([
      {
        id: world.stopped.dataDiskId,
        result: { __typename: 'DryRunPassed', action: 'CreateSnapshot', requestId: null },
      },
    ]);
    expect(sent.map((call) => call.action)).not.toContain('CreateSnapshot');
  });
});

describe('an endpoint that ignores DryRun', () => {
  beforeEach(async () => {
    await gatewayOver();
    ignoreDryRun = true;
  });

  it('acted: the answer is the write it was, the payload read afresh, not DryRunPassed', async () => {
    const result = await mutate(
      h,
      'stopInstance',
      { instanceId: world.running.id, dryRun: true },
      'instance { status }',
    );
    expect(result).toMatchObject({ __typename: 'StopInstancePayload', instance: { status: 'STOPPING' } });
    expect(sent.map((call) => [call.action, call.input.DryRun])).toEqual([
      ['StopInstance', true],
      ['DescribeInstances', undefined],
    ]);
  });
});
