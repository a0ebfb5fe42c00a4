import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StopInstance } from '../../src/spec/actions/instance-writes.js';
import { API_LIMITS } from '../../src/spec/limits.js';
import { execute } from '../graph/support/gateway.js';
import { type ReadStack, startReadStack } from './read-stack.js';

/**
 * The network mutations over the real stack: each acts once, answers its payload read
 * afresh, and turns a documented refusal into its typed error, with the calls counted.
 */
describe('network mutations over loopback', () => {
  let stack: ReadStack;

  beforeAll(async () => {
    stack = await startReadStack({
      limits: API_LIMITS['2014'],
      sizes: { instancesPerRegion: 4, disksPerInstance: 1, snapshotsPerDisk: 0 },
    });
  });
  afterAll(() => stack.close());

  it('createVpc, modifyVpc, createVSwitch and deleteVpc act and describe the result', async () => {
    stack.resetCounts();
    const created = await execute<{ createVpc: { vpc: { id: string; status: string; cidrBlock: string } } }>(
      stack.gateway,
      `mutation { createVpc(input: { cidrBlock: "192.168.0.0/16", vpcName: "lab" }) {
        ... on CreateVpcPayload { vpc { id status cidrBlock } } } }`,
    );
    expect(created.errors).toBeUndefined();
    const vpc = created.data?.createVpc.vpc;
    expect(vpc).toMatchObject({ status: 'Pending', cidrBlock: '192.168.0.0/16' });
    expect(stack.callsByAction()).toEqual({ CreateVpc: 1, DescribeVpcs: 1 });
    stack.simulator.advance(10_000);

    stack.resetCounts();
    const renamed = await execute<{ modifyVpc: { vpc: { name: string } } }>(
      stack.gateway,
      `mutation { modifyVpc(input: { vpcId: "${vpc?.id}", vpcName: "lab2" }) { ... on ModifyVpcPayload { vpc { name } } } }`,
    );
    expect(renamed.data?.modifyVpc.vpc.name).toBe('lab2');
    expect(stack.callsByAction()).toEqual({ ModifyVpcAttribute: 1, DescribeVpcs: 1 });

    stack.resetCounts();
    const vSwitch = await execute<{
      createVSwitch: { vSwitch: { id: string; availableIpAddressCount: number } };
    }>(
      stack.gateway,
      `mutation { createVSwitch(input: { vpcId: "${vpc?.id}", zoneId: "cn-hangzhou-h", cidrBlock: "192.168.1.0/24" }) {
        ... on CreateVSwitchPayload { vSwitch { id availableIpAddressCount } } } }`,
    );
    expect(vSwitch.data?.createVSwitch.vSwitch.availableIpAddressCount).toBe(246);
    expect(stack.callsByAction()).toEqual({ CreateVSwitch: 1, DescribeVSwitches: 1 });
    stack.simulator.advance(10_000);

    stack.resetCounts();
    const refused = await execute<{ deleteVpc: { code: string; httpStatus: number } }>(
      stack.gateway,
      `mutation { deleteVpc(input: { vpcId: "${vpc?.id}" }) { ... on EcsBusinessError { code httpStatus } } }`,
    );
    expect(refused.data?.deleteVpc).toEqual({ code: 'DependencyViolation.VSwitch', httpStatus: 400 });
    expect(stack.callsByAction()).toEqual({ DeleteVpc: 1 });
  });

  it('modifyInstanceVpcAttribute moves a stopped instance and describes it', async () => {
    const region = stack.simulator.domain.store
      .account(stack.simulator.accessKeyId)
      .regions.get('cn-hangzhou')!;
    const instance = [...region.instances.values()][0]!;
    if (instance.status.at(-1)?.status !== 'Stopped') {
      await stack.client.call(StopInstance, { InstanceId: instance.instanceId }, { regionId: 'cn-hangzhou' });
      stack.simulator.advance(60_000);
    }
    const [vpc] = region.vpcs.values();
    const created = await execute<{ createVSwitch: { vSwitch: { id: string } } }>(
      stack.gateway,
      `mutation { createVSwitch(input: { vpcId: "${vpc?.vpcId}", zoneId: "${instance.zoneId}", cidrBlock: "172.17.0.0/24" }) {
        ... on CreateVSwitchPayload { vSwitch { id } } } }`,
    );
    const vSwitchId = created.data?.createVSwitch.vSwitch.id;
    stack.simulator.advance(10_000);
    stack.resetCounts();
    const moved = await execute<{
      modifyInstanceVpcAttribute: { instance: { vSwitch: { id: string } | null } };
    }>(
      stack.gateway,
      `mutation { modifyInstanceVpcAttribute(input: { instanceId: "${instance.instanceId}", vSwitchId: "${vSwitchId}" }) {
        ... on ModifyInstanceVpcAttributePayload { instance { vSwitch { id } } } } }`,
    );
    expect(moved.errors).toBeUndefined();
    expect(moved.data?.modifyInstanceVpcAttribute.instance.vSwitch?.id).toBe(vSwitchId);
    expect(stack.callsByAction()).toEqual({
      ModifyInstanceVpcAttribute: 1,
      DescribeInstances: 1,
      DescribeVSwitches: 1,
    });
  });
});
