import * as $Ecs from '@alicloud/ecs20140526';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';
import { EIP_TRANSITION_MS } from '../../src/simulator/state/eip.js';
import { REGION, startSimulator } from './integration-support.js';
import { ecsClient as ecsClientFor, popClient as popClientFor } from './sdk-support.js';

/**
 * The eight network actions through both official SDKs against the whole simulator,
 * one test per action and SDK: @alicloud/pop-core signs with signature v1,
 * @alicloud/ecs20140526 (whose models still carry every one of them) with
 * ACS3-HMAC-SHA256. Both go through one driver taking wire names, so each test reads
 * the same answer from either.
 */

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator();
});
afterAll(() => simulator.close());

const ecsClient = (regionId = REGION) => ecsClientFor(simulator, regionId);
const popClient = () => popClientFor(simulator);
beforeEach(() => simulator.reset());

type Wire = Record<string, unknown>;
interface Refusal {
  code: string | undefined;
  status: number | undefined;
}
/** Calls `action` with wire-named params; answers the body with wire names, or the refusal. */
type Driver = (action: string, params: Wire) => Promise<Wire>;

function popDriver(): Driver {
  const client = popClient();
  return async (action, params) => (await client.request(action, { RegionId: REGION, ...params })) as Wire;
}

const lowerFirst = (name: string) => name[0]!.toLowerCase() + name.slice(1);

function ecsDriver(): Driver {
  const client = ecsClient() as unknown as Record<
    string,
    (request: unknown) => Promise<{ body: { toMap(): Wire } }>
  >;
  const models = $Ecs as unknown as Record<string, new (fields: Wire) => unknown>;
  return async (action, params) => {
    const fields = Object.fromEntries(
      Object.entries({ RegionId: REGION, ...params }).map(([name, value]) => [lowerFirst(name), value]),
    );
    const request = new models[`${action}Request`]!(fields);
    return (await client[lowerFirst(action)]!(request)).body.toMap();
  };
}

async function refusal(call: Promise<unknown>): Promise<Refusal> {
  const failure = await call.then(
    () => undefined,
    (error: { code?: string; statusCode?: number; data?: { httpCode?: number; Code?: string } }) => error,
  );
  expect(failure, 'the call was refused').toBeDefined();
  // pop-core keeps the code, not the HTTP status; ecs20140526 keeps both.
  return { code: failure?.code ?? failure?.data?.Code, status: failure?.statusCode };
}

async function firstInstanceId(call: Driver): Promise<string> {
  const body = await call('DescribeInstances', { PageSize: 10 });
  return (body.Instances as { Instance: { InstanceId: string }[] }).Instance[0]!.InstanceId;
}

async function eipOf(call: Driver, allocationId: string): Promise<Wire> {
  const body = await call('DescribeEipAddresses', { AllocationId: allocationId });
  return (body.EipAddresses as { EipAddress: Wire[] }).EipAddress[0]!;
}

async function instanceEip(call: Driver, instanceId: string): Promise<Wire> {
  return (await call('DescribeInstanceAttribute', { InstanceId: instanceId })).EipAddress as Wire;
}

describe.each([
  ['@alicloud/pop-core (signature v1)', popDriver, false],
  ['@alicloud/ecs20140526 (ACS3-HMAC-SHA256)', ecsDriver, true],
] as const)('%s and the network actions', (_name, driver, hasStatus) => {
  const expectRefusal = async (call: Promise<unknown>, code: string, status: number) => {
    const refused = await refusal(call);
    expect(refused.code).toBe(code);
    if (hasStatus) expect(refused.status).toBe(status);
  };

  it('AllocateEipAddress', async () => {
    const call = driver();
    const first = await call('AllocateEipAddress', { Bandwidth: '10', ClientToken: 'sdk-eip' });
    expect(first.AllocationId).toMatch(/^eip-/);
    expect(first.EipAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect((await call('AllocateEipAddress', { Bandwidth: '10', ClientToken: 'sdk-eip' })).AllocationId).toBe(
      first.AllocationId,
    );
    expect(await eipOf(call, String(first.AllocationId))).toMatchObject({
      Bandwidth: '10',
      Status: 'Available',
    });
  });

  it('AssociateEipAddress', async () => {
    const call = driver();
    const instanceId = await firstInstanceId(call);
    const { AllocationId, EipAddress } = await call('AllocateEipAddress', {});
    await call('AssociateEipAddress', { AllocationId, InstanceId: instanceId });
    expect(await eipOf(call, String(AllocationId))).toMatchObject({
      Status: 'Associating',
      InstanceId: instanceId,
    });
    expect(await instanceEip(call, instanceId)).toMatchObject({
      AllocationId,
      IpAddress: EipAddress,
      Bandwidth: 5,
    });
    await expectRefusal(
      call('AssociateEipAddress', { AllocationId: 'eip-missing', InstanceId: instanceId }),
      'InvalidAllocationId.NotFound',
      404,
    );
  });

  it('DescribeEipAddresses', async () => {
    const call = driver();
    for (const _ of [1, 2, 3]) await call('AllocateEipAddress', {});
    const page = await call('DescribeEipAddresses', { PageNumber: 2, PageSize: 2, Status: 'Available' });
    expect(page).toMatchObject({ TotalCount: 3, PageNumber: 2, PageSize: 2 });
    expect((page.EipAddresses as { EipAddress: Wire[] }).EipAddress).toHaveLength(1);
    await expectRefusal(
      call('DescribeEipAddresses', { RegionId: 'cn-nowhere' }),
      'Forbidden.RegionNotFound',
      404,
    );
  });

  it('ModifyEipAddressAttribute', async () => {
    const call = driver();
    const { AllocationId } = await call('AllocateEipAddress', {});
    await call('ModifyEipAddressAttribute', { AllocationId, Bandwidth: '100' });
    expect((await eipOf(call, String(AllocationId))).Bandwidth).toBe('100');
  });

  it('UnassociateEipAddress', async () => {
    const call = driver();
    const instanceId = await firstInstanceId(call);
    const { AllocationId } = await call('AllocateEipAddress', {});
    await call('AssociateEipAddress', { AllocationId, InstanceId: instanceId });
    await expectRefusal(
      call('UnassociateEipAddress', { AllocationId, InstanceId: instanceId }),
      'IncorrectEipStatus',
      400,
    );
    simulator.advance(EIP_TRANSITION_MS);
    await call('UnassociateEipAddress', { AllocationId, InstanceId: instanceId });
    expect((await eipOf(call, String(AllocationId))).Status).toBe('Unassociating');
    simulator.advance(EIP_TRANSITION_MS);
    expect(await eipOf(call, String(AllocationId))).toMatchObject({ Status: 'Available', InstanceId: '' });
    expect((await instanceEip(call, instanceId)).AllocationId).toBe('');
  });

  it('ReleaseEipAddress', async () => {
    const call = driver();
    const instanceId = await firstInstanceId(call);
    const { AllocationId } = await call('AllocateEipAddress', {});
    await call('AssociateEipAddress', { AllocationId, InstanceId: instanceId });
    await expectRefusal(call('ReleaseEipAddress', { AllocationId }), 'IncorrectEipStatus', 400);
    const spare = await call('AllocateEipAddress', {});
    await call('ReleaseEipAddress', { AllocationId: spare.AllocationId });
    expect((await call('DescribeEipAddresses', {})).TotalCount).toBe(1);
  });

  it('AllocatePublicIpAddress', async () => {
    const call = driver();
    const instanceId = await firstInstanceId(call);
    const had = (await call('DescribeInstanceAttribute', { InstanceId: instanceId })).PublicIpAddress as {
      IpAddress: string[];
    };
    const { IpAddress } = await call('AllocatePublicIpAddress', { InstanceId: instanceId });
    expect(IpAddress).toMatch(/^47\.\d+\.\d+\.\d+$/);
    if (had.IpAddress.length > 0) expect(IpAddress).toBe(had.IpAddress[0]);
    const now = (await call('DescribeInstanceAttribute', { InstanceId: instanceId })).PublicIpAddress as {
      IpAddress: string[];
    };
    expect(now.IpAddress).toEqual([IpAddress]);
    await expectRefusal(
      call('AllocatePublicIpAddress', { InstanceId: 'i-missing' }),
      'InvalidInstanceId.NotFound',
      404,
    );
  });

  it('ModifyInstanceNetworkSpec', async () => {
    const call = driver();
    const instanceId = await firstInstanceId(call);
    await call('ModifyInstanceNetworkSpec', {
      InstanceId: instanceId,
      InternetMaxBandwidthOut: 30,
      InternetMaxBandwidthIn: 60,
    });
    expect(await call('DescribeInstanceAttribute', { InstanceId: instanceId })).toMatchObject({
      InternetMaxBandwidthOut: 30,
      InternetMaxBandwidthIn: 60,
    });
    await expectRefusal(
      call('ModifyInstanceNetworkSpec', { InstanceId: instanceId, InternetMaxBandwidthIn: 500 }),
      'InvalidInternetMaxBandwidthIn.ValueNotSupported',
      400,
    );
  });
});
