import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_IMAGE_ID } from '../../src/simulator/catalog.js';
import type { Simulator } from '../../src/simulator/index.js';
import { EIP_TRANSITION_MS } from '../../src/simulator/state/eip.js';
import { find } from '../../src/simulator/store.js';
import { EIPS_PER_REGION } from '../../src/spec/eip-common.js';
import { REGION, signedGet, startSimulator } from './integration-support.js';

/**
 * The elastic IP and public address actions over the wire (signed JSON GETs to the
 * whole simulator on a manual clock): each action's success, its effect on the EIP and
 * instance views, and each documented error the state or the parameters produce, with
 * code and HTTP status.
 */

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator();
});
afterAll(() => simulator.close());
beforeEach(() => simulator.reset());

type Body = Record<string, unknown> & { Code?: string };

async function ask(action: string, params: Record<string, string>) {
  const answer = await signedGet(simulator, { Action: action, Format: 'JSON', RegionId: REGION, ...params });
  return { status: answer.status, body: JSON.parse(answer.body) as Body };
}

async function ok(action: string, params: Record<string, string>): Promise<Body> {
  const { status, body } = await ask(action, params);
  expect(status, `${action}: ${JSON.stringify(body)}`).toBe(200);
  return body;
}

async function refused(action: string, params: Record<string, string>) {
  const { status, body } = await ask(action, params);
  return [body.Code, status] as const;
}

interface InstanceView {
  InstanceId: string;
  Status: string;
  PublicIpAddress: { IpAddress: string[] };
  InternetMaxBandwidthIn: number;
  InternetMaxBandwidthOut: number;
  EipAddress: { AllocationId: string; IpAddress: string; Bandwidth?: number; InternetChargeType: string };
}

async function instance(instanceId: string): Promise<InstanceView> {
  return (await ok('DescribeInstanceAttribute', { InstanceId: instanceId })) as unknown as InstanceView;
}

async function seededInstances(): Promise<InstanceView[]> {
  const body = await ok('DescribeInstances', { PageSize: '50' });
  return (body.Instances as { Instance: InstanceView[] }).Instance;
}

interface EipView {
  AllocationId: string;
  IpAddress: string;
  Status: string;
  InstanceId: string;
  Bandwidth: string;
  InternetChargeType: string;
  RegionId: string;
}

async function eips(params: Record<string, string> = {}) {
  const body = await ok('DescribeEipAddresses', params);
  return {
    total: body.TotalCount as number,
    items: (body.EipAddresses as { EipAddress: EipView[] }).EipAddress,
  };
}

async function eip(allocationId: string): Promise<EipView> {
  const { items } = await eips({ AllocationId: allocationId });
  expect(items).toHaveLength(1);
  return items[0]!;
}

async function allocate(params: Record<string, string> = {}): Promise<string> {
  return (await ok('AllocateEipAddress', params)).AllocationId as string;
}

/** A classic instance of a new group without VPC: Stopped, once its creation (Pending) is over. */
async function classicInstance(params: Record<string, string> = {}): Promise<string> {
  const group = (await ok('CreateSecurityGroup', {})).SecurityGroupId as string;
  const created = await ok('CreateInstance', {
    ImageId: DEFAULT_IMAGE_ID,
    InstanceType: 'ecs.g7.large',
    SecurityGroupId: group,
    ...params,
  });
  simulator.advance(simulator.domain.clock.durations.instanceCreate);
  return created.InstanceId as string;
}

function lock(instanceId: string, reason: 'security' | 'financial') {
  const found = find(simulator.domain.store.account(simulator.accessKeyId), 'instances', instanceId);
  found!.record.operationLocks.push(reason);
}

describe('elastic IPs over the wire', () => {
  it('are allocated Available, bound through Associating to InUse, unbound through Unassociating, released', async () => {
    const [target] = await seededInstances();
    const id = await allocate({ Bandwidth: '8', InternetChargeType: 'PayByTraffic' });
    expect(id).toMatch(/^eip-/);
    const allocated = await eip(id);
    expect(allocated).toMatchObject({
      RegionId: REGION,
      Status: 'Available',
      InstanceId: '',
      Bandwidth: '8',
      InternetChargeType: 'PayByTraffic',
    });
    expect(allocated.IpAddress).toMatch(/^39\.\d+\.\d+\.\d+$/);

    await ok('AssociateEipAddress', { AllocationId: id, InstanceId: target!.InstanceId });
    expect(await eip(id)).toMatchObject({ Status: 'Associating', InstanceId: target!.InstanceId });
    expect((await instance(target!.InstanceId)).EipAddress).toEqual({
      AllocationId: id,
      IpAddress: allocated.IpAddress,
      Bandwidth: 8,
      InternetChargeType: 'PayByTraffic',
    });
    // Not Available: it can be neither bound again nor released, nor unbound before InUse.
    expect(await refused('ReleaseEipAddress', { AllocationId: id })).toEqual(['IncorrectEipStatus', 400]);
    expect(
      await refused('UnassociateEipAddress', { AllocationId: id, InstanceId: target!.InstanceId }),
    ).toEqual(['IncorrectEipStatus', 400]);
    simulator.advance(EIP_TRANSITION_MS);
    expect((await eip(id)).Status).toBe('InUse');
    expect((await eips({ Status: 'InUse' })).items.map((item) => item.AllocationId)).toEqual([id]);
    expect(await refused('ReleaseEipAddress', { AllocationId: id })).toEqual(['IncorrectEipStatus', 400]);

    await ok('ModifyEipAddressAttribute', { AllocationId: id, Bandwidth: '50' });
    expect((await eip(id)).Bandwidth).toBe('50');
    expect((await instance(target!.InstanceId)).EipAddress.Bandwidth).toBe(50);

    await ok('UnassociateEipAddress', { AllocationId: id, InstanceId: target!.InstanceId });
    expect(await eip(id)).toMatchObject({ Status: 'Unassociating', InstanceId: target!.InstanceId });
    simulator.advance(EIP_TRANSITION_MS);
    expect(await eip(id)).toMatchObject({ Status: 'Available', InstanceId: '' });
    expect((await instance(target!.InstanceId)).EipAddress).toEqual({
      AllocationId: '',
      IpAddress: '',
      InternetChargeType: '',
    });

    await ok('ReleaseEipAddress', { AllocationId: id });
    expect((await eips()).total).toBe(0);
    expect(await refused('ReleaseEipAddress', { AllocationId: id })).toEqual([
      'InvalidAllocationId.NotFound',
      404,
    ]);
  });

  it('default to 5 Mbit/s PayByBandwidth, allocate once per ClientToken, and list by page and filter', async () => {
    const first = await allocate({ ClientToken: 'eip-once' });
    expect(await allocate({ ClientToken: 'eip-once' })).toBe(first);
    expect(await eip(first)).toMatchObject({ Bandwidth: '5', InternetChargeType: 'PayByBandwidth' });
    // Oldest first: a second apart on the manual clock.
    const others: string[] = [];
    for (const _ of [1, 2]) {
      simulator.advance(1_000);
      others.push(await allocate());
    }
    const all = await eips();
    expect(all.total).toBe(3);
    expect(all.items.map((item) => item.AllocationId)).toEqual([first, ...others]);
    const page2 = await ok('DescribeEipAddresses', { PageSize: '2', PageNumber: '2' });
    expect(page2).toMatchObject({ TotalCount: 3, PageNumber: 2, PageSize: 2 });
    expect(
      (page2.EipAddresses as { EipAddress: EipView[] }).EipAddress.map((item) => item.AllocationId),
    ).toEqual([others[1]]);
    const byAddress = await eips({ EipAddress: all.items[1]!.IpAddress });
    expect(byAddress.items.map((item) => item.AllocationId)).toEqual([others[0]]);
    // Filters intersect.
    expect((await eips({ AllocationId: first, Status: 'InUse' })).total).toBe(0);
    expect(new Set(all.items.map((item) => item.IpAddress)).size).toBe(3);
  });

  it('refuse bad parameters before acting', async () => {
    for (const Bandwidth of ['0', '201', 'fast'])
      expect(await refused('AllocateEipAddress', { Bandwidth })).toEqual(['InvalidParameter', 400]);
    expect(await refused('AllocateEipAddress', { InternetChargeType: 'PayByMonth' })).toEqual([
      'InvalidParameter',
      400,
    ]);
    const id = await allocate();
    expect(await refused('ModifyEipAddressAttribute', { AllocationId: id, Bandwidth: '300' })).toEqual([
      'InvalidParameter',
      400,
    ]);
    expect(await refused('ModifyEipAddressAttribute', { AllocationId: id })).toEqual([
      'MissingParameter',
      400,
    ]);
    expect(await refused('DescribeEipAddresses', { Status: 'Bound' })).toEqual(['InvalidParameter', 400]);
    expect((await eips()).total).toBe(1);
    expect((await eip(id)).Bandwidth).toBe('5');
  });

  it('answer the region, quota and unknown-id errors', async () => {
    expect(await refused('AllocateEipAddress', { RegionId: 'cn-nowhere' })).toEqual([
      'InvalidRegionId.NotFound',
      404,
    ]);
    expect(await refused('DescribeEipAddresses', { RegionId: 'cn-nowhere' })).toEqual([
      'Forbidden.RegionNotFound',
      404,
    ]);
    for (let held = 0; held < EIPS_PER_REGION; held += 1) await allocate();
    expect(await refused('AllocateEipAddress', {})).toEqual(['QuotaExceeded.Eip', 400]);
    expect((await eips({ PageSize: '50' })).total).toBe(EIPS_PER_REGION);
    const [target] = await seededInstances();
    for (const action of ['AssociateEipAddress', 'UnassociateEipAddress'])
      expect(await refused(action, { AllocationId: 'eip-missing', InstanceId: target!.InstanceId })).toEqual([
        'InvalidAllocationId.NotFound',
        404,
      ]);
    expect(
      await refused('ModifyEipAddressAttribute', { AllocationId: 'eip-missing', Bandwidth: '5' }),
    ).toEqual(['InvalidAllocationId.NotFound', 404]);
  });

  it('bind only to an existing VPC instance of the region, Running or Stopped, one EIP an instance', async () => {
    const [target, other] = await seededInstances();
    const id = await allocate();
    expect(await refused('AssociateEipAddress', { AllocationId: id, InstanceId: 'i-missing' })).toEqual([
      'InvalidInstanId.NotFound',
      404,
    ]);
    const classic = await classicInstance();
    expect(await refused('AssociateEipAddress', { AllocationId: id, InstanceId: classic })).toEqual([
      'OperationDenied',
      400,
    ]);
    const elsewhere = (await ok('AllocateEipAddress', { RegionId: 'cn-shanghai' })).AllocationId as string;
    expect(
      await refused('AssociateEipAddress', {
        RegionId: 'cn-shanghai',
        AllocationId: elsewhere,
        InstanceId: target!.InstanceId,
      }),
    ).toEqual(['InvalidParameter.Mismatch', 400]);

    // A VPC instance that is Starting.
    const vpcGroup = (
      (await ok('DescribeInstanceAttribute', { InstanceId: target!.InstanceId })).SecurityGroupIds as {
        SecurityGroupId: string[];
      }
    ).SecurityGroupId[0]!;
    const starting = (
      await ok('CreateInstance', {
        ImageId: DEFAULT_IMAGE_ID,
        InstanceType: 'ecs.g7.large',
        SecurityGroupId: vpcGroup,
      })
    ).InstanceId as string;
    simulator.advance(simulator.domain.clock.durations.instanceCreate);
    await ok('StartInstance', { InstanceId: starting });
    expect((await instance(starting)).Status).toBe('Starting');
    expect(await refused('AssociateEipAddress', { AllocationId: id, InstanceId: starting })).toEqual([
      'IncorrectInstanceStatus',
      400,
    ]);
    expect((await eip(id)).Status).toBe('Available');

    await ok('AssociateEipAddress', { AllocationId: id, InstanceId: target!.InstanceId });
    const second = await allocate();
    expect(
      await refused('AssociateEipAddress', { AllocationId: second, InstanceId: target!.InstanceId }),
    ).toEqual(['InvalidAssociation.Duplicated', 400]);
    expect(await refused('AssociateEipAddress', { AllocationId: id, InstanceId: other!.InstanceId })).toEqual(
      ['IncorrectEipStatus', 400],
    );
    expect((await eip(second)).Status).toBe('Available');
  });

  it('unbind only from the instance they are on, while it is Running or Stopped', async () => {
    const [target, other] = await seededInstances();
    const id = await allocate();
    await ok('AssociateEipAddress', { AllocationId: id, InstanceId: target!.InstanceId });
    simulator.advance(EIP_TRANSITION_MS);
    expect(await refused('UnassociateEipAddress', { AllocationId: id, InstanceId: 'i-missing' })).toEqual([
      'InvalidInstanceId.NotFound',
      400,
    ]);
    expect(
      await refused('UnassociateEipAddress', { AllocationId: id, InstanceId: other!.InstanceId }),
    ).toEqual(['IncorrectEipStatus', 400]);
    const wasRunning = target!.Status === 'Running';
    await ok(wasRunning ? 'StopInstance' : 'StartInstance', { InstanceId: target!.InstanceId });
    expect(
      await refused('UnassociateEipAddress', { AllocationId: id, InstanceId: target!.InstanceId }),
    ).toEqual(['IncorrectInstanceStatus', 400]);
    expect((await eip(id)).Status).toBe('InUse');
  });
});

describe('an account in arrears', () => {
  it('gets no new EIP, no higher limit, and no address or bandwidth on its pay-as-you-go instances', async () => {
    const [target] = await seededInstances();
    const id = await allocate();
    // The account settings the control API sets (PUT /__simulator/account), set in process here.
    const account = simulator.domain.store.account(simulator.accessKeyId) as unknown as {
      settings?: Record<string, unknown>;
    };
    account.settings = { ...account.settings, inArrears: true };
    expect(await refused('AllocateEipAddress', {})).toEqual(['InsufficientBalance', 400]);
    expect(await refused('ModifyEipAddressAttribute', { AllocationId: id, Bandwidth: '10' })).toEqual([
      'InsufficientBalance',
      400,
    ]);
    for (const action of ['AllocatePublicIpAddress', 'ModifyInstanceNetworkSpec'])
      expect(await refused(action, { InstanceId: target!.InstanceId })).toEqual([
        'InstanceExpiredOrInArrears',
        403,
      ]);
    expect((await eips()).total).toBe(1);
    expect((await eip(id)).Bandwidth).toBe('5');
  });
});

describe('public addresses and bandwidth over the wire', () => {
  it('give an instance without one a public address, and return the one it has', async () => {
    const instanceId = await classicInstance();
    expect((await instance(instanceId)).PublicIpAddress.IpAddress).toEqual([]);
    const { IpAddress } = await ok('AllocatePublicIpAddress', { InstanceId: instanceId });
    expect(IpAddress).toMatch(/^47\.\d+\.\d+\.\d+$/);
    expect((await instance(instanceId)).PublicIpAddress.IpAddress).toEqual([IpAddress]);
    expect((await ok('AllocatePublicIpAddress', { InstanceId: instanceId })).IpAddress).toBe(IpAddress);
    expect(
      (await ok('AllocatePublicIpAddress', { InstanceId: instanceId, IpAddress: String(IpAddress) }))
        .IpAddress,
    ).toBe(IpAddress);
    expect(
      await refused('AllocatePublicIpAddress', { InstanceId: instanceId, IpAddress: '47.1.2.3' }),
    ).toEqual(['AllocatedAlready', 403]);

    const another = await classicInstance();
    expect(
      await refused('AllocatePublicIpAddress', { InstanceId: another, IpAddress: String(IpAddress) }),
    ).toEqual(['IpInUse', 403]);
    const eipAddress = (await ok('AllocateEipAddress', {})).EipAddress as string;
    expect(await refused('AllocatePublicIpAddress', { InstanceId: another, IpAddress: eipAddress })).toEqual([
      'IpInUse',
      403,
    ]);
    expect(
      (await ok('AllocatePublicIpAddress', { InstanceId: another, IpAddress: '47.1.2.3' })).IpAddress,
    ).toBe('47.1.2.3');
    expect((await instance(another)).PublicIpAddress.IpAddress).toEqual(['47.1.2.3']);
  });

  it('change only the bandwidth limits given', async () => {
    const instanceId = await classicInstance({ InternetMaxBandwidthOut: '0' });
    expect(await instance(instanceId)).toMatchObject({
      InternetMaxBandwidthIn: 200,
      InternetMaxBandwidthOut: 0,
    });
    await ok('ModifyInstanceNetworkSpec', { InstanceId: instanceId, InternetMaxBandwidthOut: '20' });
    expect(await instance(instanceId)).toMatchObject({
      InternetMaxBandwidthIn: 200,
      InternetMaxBandwidthOut: 20,
    });
    await ok('ModifyInstanceNetworkSpec', { InstanceId: instanceId, InternetMaxBandwidthIn: '50' });
    expect(await instance(instanceId)).toMatchObject({
      InternetMaxBandwidthIn: 50,
      InternetMaxBandwidthOut: 20,
    });
    // PayByBandwidth allows 0 out.
    await ok('ModifyInstanceNetworkSpec', { InstanceId: instanceId, InternetMaxBandwidthOut: '0' });
    expect((await instance(instanceId)).InternetMaxBandwidthOut).toBe(0);
  });

  it('refuse out-of-range limits, and 0 out on PayByTraffic', async () => {
    const byTraffic = await classicInstance({
      InternetChargeType: 'PayByTraffic',
      InternetMaxBandwidthOut: '5',
    });
    const base = { InstanceId: byTraffic };
    expect(await refused('ModifyInstanceNetworkSpec', { ...base, InternetMaxBandwidthOut: '101' })).toEqual([
      'InvalidInternetMaxBandwidthOut.ValueNotSupported',
      400,
    ]);
    expect(await refused('ModifyInstanceNetworkSpec', { ...base, InternetMaxBandwidthOut: '0' })).toEqual([
      'InvalidInternetMaxBandwidthOut.ValueNotSupported',
      400,
    ]);
    for (const InternetMaxBandwidthIn of ['0', '201'])
      expect(await refused('ModifyInstanceNetworkSpec', { ...base, InternetMaxBandwidthIn })).toEqual([
        'InvalidInternetMaxBandwidthIn.ValueNotSupported',
        400,
      ]);
    expect(await instance(byTraffic)).toMatchObject({
      InternetMaxBandwidthIn: 200,
      InternetMaxBandwidthOut: 5,
    });
  });

  it('refuse unknown, transitional, locked, in-arrears and subscription instances', async () => {
    for (const action of ['AllocatePublicIpAddress', 'ModifyInstanceNetworkSpec']) {
      expect(await refused(action, { InstanceId: 'i-missing' })).toEqual(['InvalidInstanceId.NotFound', 404]);
      expect(await refused(action, {})).toEqual(['MissingParameter', 400]);
    }
    const locked = await classicInstance();
    lock(locked, 'security');
    const inArrears = await classicInstance();
    lock(inArrears, 'financial');
    // Last, so that no other creation moves the clock past its start.
    const starting = await classicInstance();
    await ok('StartInstance', { InstanceId: starting });
    for (const action of ['AllocatePublicIpAddress', 'ModifyInstanceNetworkSpec']) {
      expect(await refused(action, { InstanceId: starting })).toEqual(['IncorrectInstanceStatus', 403]);
      expect(await refused(action, { InstanceId: locked })).toEqual(['InstanceLockedForSecurity', 403]);
      expect(await refused(action, { InstanceId: inArrears })).toEqual(['InstanceExpiredOrInArrears', 403]);
    }
    const prepaid = await classicInstance({ InstanceChargeType: 'PrePaid' });
    expect(
      await refused('ModifyInstanceNetworkSpec', { InstanceId: prepaid, InternetMaxBandwidthOut: '10' }),
    ).toEqual(['ChargeTypeViolation', 403]);
    expect((await instance(prepaid)).InternetMaxBandwidthOut).toBe(0);
    for (const id of [starting, locked, inArrears])
      expect((await instance(id)).PublicIpAddress.IpAddress).toEqual([]);
  });
});
