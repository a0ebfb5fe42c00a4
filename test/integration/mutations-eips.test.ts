import { describe, expect, it } from 'vitest';
import { EIP_TRANSITION_MS } from '../../src/simulator/state/eip.js';
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

const EIP = 'eip { id ipAddress status bandwidth internetChargeType instanceId }';

async function allocate(input: Record<string, unknown> = {}): Promise<string> {
  const result = await mutate(h, 'allocateEip', input, 'eip { id }');
  return (result.eip as { id: string }).id;
}

describe('elastic IP mutations', () => {
  it('allocateEip answers the EIP Available, described once after the call', async () => {
    const before = actionCalls(h.simulator);
    const result = await mutate(
      h,
      'allocateEip',
      { bandwidth: '8', internetChargeType: 'PayByTraffic' },
      EIP,
    );
    expect(callsSince(before)).toEqual({ AllocateEipAddress: 1, DescribeEipAddresses: 1 });
    expect(result).toMatchObject({
      __typename: 'AllocateEipPayload',
      eip: { status: 'AVAILABLE', bandwidth: 8, internetChargeType: 'PAY_BY_TRAFFIC', instanceId: null },
    });
    expect((result.eip as { id: string }).id).toMatch(/^eip-/);
  });

  it('one Idempotency-Key allocates one EIP, however often it is sent', async () => {
    const headers = { 'idempotency-key': 'eip-allocation-1' };
    const first = await mutate(h, 'allocateEip', {}, 'eip { id }', headers);
    const again = await mutate(h, 'allocateEip', {}, 'eip { id }', headers);
    expect(again.eip).toEqual(first.eip);
    const listed = await h.run<{ eips: { totalCount: number } }>('{ eips { totalCount } }');
    expect(listed.data?.eips.totalCount).toBe(1);
  });

  it('associateEip binds it: the payload shows the EIP Associating and the instance’s eip fresh', async () => {
    const id = await allocate();
    const before = actionCalls(h.simulator);
    const result = await mutate(
      h,
      'associateEip',
      { allocationId: id, instanceId: world.running.id },
      'eip { id status instanceId } instance { id eipAddress { allocationId } eip { id status } }',
    );
    expect(result).toMatchObject({
      __typename: 'AssociateEipPayload',
      eip: { id, status: 'ASSOCIATING', instanceId: world.running.id },
      instance: {
        id: world.running.id,
        eipAddress: { allocationId: id },
        eip: { id, status: 'ASSOCIATING' },
      },
    });
    // The action; the EIP and the instance described afresh; the instance's eip is the EIP already read.
    expect(callsSince(before)).toEqual({
      AssociateEipAddress: 1,
      DescribeEipAddresses: 1,
      DescribeInstances: 1,
    });
    h.simulator.advance(EIP_TRANSITION_MS);
    expect(await read(h, 'instance', world.running.id, 'eip { status }')).toEqual({
      eip: { status: 'IN_USE' },
    });
  });

  it('a second EIP on one instance, or one not yet InUse, is refused with its code and type', async () => {
    const id = await allocate();
    await mutate(h, 'associateEip', { allocationId: id, instanceId: world.stopped.id });
    const second = await allocate();
    const before = actionCalls(h.simulator);
    expect(await mutate(h, 'associateEip', { allocationId: second, instanceId: world.stopped.id })).toEqual(
      refusal('EcsBusinessError', 'InvalidAssociation.Duplicated', 400),
    );
    expect(await mutate(h, 'unassociateEip', { allocationId: id, instanceId: world.stopped.id })).toEqual(
      refusal('EcsIncorrectStateError', 'IncorrectEipStatus', 400),
    );
    expect(await mutate(h, 'releaseEip', { allocationId: id })).toEqual(
      refusal('EcsIncorrectStateError', 'IncorrectEipStatus', 400),
    );
    expect(callsSince(before)).toEqual({
      AssociateEipAddress: 1,
      UnassociateEipAddress: 1,
      ReleaseEipAddress: 1,
    });
    expect(
      await mutate(h, 'associateEip', { allocationId: 'eip-missing', instanceId: world.stopped.id }),
    ).toEqual(refusal('EcsNotFoundError', 'InvalidAllocationId.NotFound', 404));
  });

  it('unassociateEip unbinds it, modifyEip changes its bandwidth, releaseEip releases it', async () => {
    const id = await allocate();
    await mutate(h, 'associateEip', { allocationId: id, instanceId: world.running.id });
    h.simulator.advance(EIP_TRANSITION_MS);
    const unbound = await mutate(
      h,
      'unassociateEip',
      { allocationId: id, instanceId: world.running.id },
      'eip { status } instance { eip { id } }',
    );
    expect(unbound).toMatchObject({ eip: { status: 'UNASSOCIATING' }, instance: { eip: { id } } });
    h.simulator.advance(EIP_TRANSITION_MS);
    expect(await read(h, 'instance', world.running.id, 'eip { id } eipAddress { allocationId }')).toEqual({
      eip: null,
      eipAddress: null,
    });

    let before = actionCalls(h.simulator);
    const modified = await mutate(h, 'modifyEip', { allocationId: id, bandwidth: '50' }, 'eip { bandwidth }');
    expect(modified).toMatchObject({ __typename: 'ModifyEipPayload', eip: { bandwidth: 50 } });
    expect(callsSince(before)).toEqual({ ModifyEipAddressAttribute: 1, DescribeEipAddresses: 1 });

    before = actionCalls(h.simulator);
    expect(await mutate(h, 'releaseEip', { allocationId: id }, 'allocationId')).toMatchObject({
      __typename: 'ReleaseEipPayload',
      allocationId: id,
    });
    expect(callsSince(before)).toEqual({ ReleaseEipAddress: 1 });
    const listed = await h.run<{ eips: { totalCount: number } }>('{ eips { totalCount } }');
    expect(listed.data?.eips.totalCount).toBe(0);
  });

  it('a bandwidth out of range is a ValidationError naming the field, with no call', async () => {
    const id = await allocate();
    h.simulator.stats.reset();
    expect(await mutate(h, 'modifyEip', { allocationId: id, bandwidth: '500' })).toMatchObject({
      __typename: 'ValidationError',
      problems: [
        {
          field: 'input.bandwidth',
          rule: 'a whole number of Mbit/s from 1 to 200',
          code: 'InvalidParameter',
        },
      ],
    });
    expect(h.simulator.stats.snapshot().total).toBe(0);
  });
});

describe('public address and bandwidth mutations', () => {
  it('allocatePublicIpAddress answers the instance with its public address; another one asked for is refused', async () => {
    const before = actionCalls(h.simulator);
    const result = await mutate(
      h,
      'allocatePublicIpAddress',
      { instanceId: world.stopped.id },
      'instance { id publicIpAddresses }',
    );
    expect(callsSince(before)).toEqual({ AllocatePublicIpAddress: 1, DescribeInstances: 1 });
    const addresses = (result.instance as { publicIpAddresses: string[] }).publicIpAddresses;
    expect(addresses).toEqual([expect.stringMatching(/^47\.\d+\.\d+\.\d+$/)]);
    const [address] = addresses;
    expect(
      await mutate(
        h,
        'allocatePublicIpAddress',
        { instanceId: world.stopped.id, ipAddress: address },
        'instance { publicIpAddresses }',
      ),
    ).toMatchObject({ instance: { publicIpAddresses: [address] } });
    expect(
      await mutate(h, 'allocatePublicIpAddress', { instanceId: world.stopped.id, ipAddress: '47.1.2.4' }),
    ).toEqual(refusal('EcsBusinessError', 'AllocatedAlready', 403));
  });

  it('modifyInstanceNetworkSpec changes the limits given; out of range is refused before any call', async () => {
    const result = await mutate(
      h,
      'modifyInstanceNetworkSpec',
      { instanceId: world.running.id, internetMaxBandwidthOut: 25 },
      'instance { internetMaxBandwidthOut internetMaxBandwidthIn }',
    );
    expect(result).toMatchObject({
      __typename: 'ModifyInstanceNetworkSpecPayload',
      instance: { internetMaxBandwidthOut: 25 },
    });
    h.simulator.stats.reset();
    expect(
      await mutate(h, 'modifyInstanceNetworkSpec', {
        instanceId: world.running.id,
        internetMaxBandwidthIn: 201,
      }),
    ).toMatchObject({
      __typename: 'ValidationError',
      problems: [
        {
          field: 'input.internetMaxBandwidthIn',
          rule: 'an integer from 1 to 200',
          code: 'InvalidInternetMaxBandwidthIn.ValueNotSupported',
        },
      ],
    });
    expect(h.simulator.stats.snapshot().total).toBe(0);
    expect(await mutate(h, 'modifyInstanceNetworkSpec', { instanceId: 'i-missing' })).toEqual(
      refusal('EcsNotFoundError', 'InvalidInstanceId.NotFound', 404),
    );
  });
});
