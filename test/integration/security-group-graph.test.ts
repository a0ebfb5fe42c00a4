import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SecurityGroupRecord, SecurityGroupRule } from '../../src/simulator/store.js';
import { API_LIMITS } from '../../src/spec/limits.js';
import { execute } from '../graph/support/gateway.js';
import { MAIN_REGION, type ReadStack, startReadStack } from './read-stack.js';

/**
 * SecurityGroup.rules and SecurityGroup.instances over the real stack (client ↔
 * simulator over loopback, gateway through yoga.fetch), with exact call counts on both
 * sides and the estimate reported before execution bounding them.
 */

interface Upstream {
  readonly calls: number;
  readonly estimate: number;
}

function rule(direction: 'ingress' | 'egress', portRange: string, other: Partial<SecurityGroupRule> = {}) {
  return {
    direction,
    ipProtocol: 'tcp',
    portRange,
    cidrIp: '10.0.0.0/8',
    groupId: '',
    groupOwnerAccount: '',
    policy: 'accept',
    priority: 1,
    nicType: 'intranet',
    description: '',
    creationTime: 0,
    ...other,
  } satisfies SecurityGroupRule;
}

/** Adds groups to the main region, each holding the instances at the given positions (by id order). */
function addGroups(
  stack: ReadStack,
  groups: Record<string, { members: number[]; rules: SecurityGroupRule[] }>,
) {
  const region = stack.simulator.domain.store.account(stack.simulator.accessKeyId).regions.get(MAIN_REGION);
  if (!region) throw new Error('no main region');
  const [template] = region.securityGroups.values() as IterableIterator<SecurityGroupRecord>;
  if (!template) throw new Error('no seeded security group');
  const instances = [...region.instances.values()].sort((a, b) => a.instanceId.localeCompare(b.instanceId));
  for (const [securityGroupId, { members, rules }] of Object.entries(groups)) {
    region.securityGroups.set(securityGroupId, { ...template, securityGroupId, rules });
    for (const position of members) instances[position]!.securityGroupIds.push(securityGroupId);
  }
  return {
    template: template.securityGroupId,
    instanceIds: instances.map((instance) => instance.instanceId),
  };
}

async function run<Data>(stack: ReadStack, query: string) {
  stack.resetCounts();
  const result = await execute<Data>(stack.gateway, query);
  expect(result.errors).toBeUndefined();
  const upstream = result.extensions?.upstream as Upstream;
  expect(stack.callsByAction()).toEqual(stack.simulatorCallsByAction());
  return { data: result.data as Data, upstream };
}

describe('security groups in the graph, a small region (2014 limits)', () => {
  let stack: ReadStack;
  let template: string;
  let instanceIds: string[];

  beforeAll(async () => {
    stack = await startReadStack({
      limits: API_LIMITS['2014'],
      sizes: { instancesPerRegion: 6, disksPerInstance: 1, snapshotsPerDisk: 0 },
    });
    ({ template, instanceIds } = addGroups(stack, {
      'sg-a': { members: [0, 1, 2], rules: [rule('ingress', '443/443'), rule('egress', '53/53')] },
      'sg-b': {
        members: [2, 3, 4, 5],
        rules: [rule('egress', '1/65535', { nicType: 'internet', cidrIp: '', groupId: 'sg-a' })],
      },
      'sg-empty': { members: [], rules: [] },
    }));
  });
  afterAll(() => stack.close());

  it('reads every group’s rules with one DescribeSecurityGroupAttribute per group, however many rules fields ask', async () => {
    type Rule = { direction: string; portRange: string; nicType: string };
    const { data, upstream } = await run<{
      securityGroups: { nodes: { id: string; regionId: string; rules: Rule[]; out: Rule[]; lan: Rule[] }[] };
    }>(
      stack,
      `{ securityGroups(regionId: "${MAIN_REGION}") { nodes { id regionId
          rules { direction portRange nicType }
          out: rules(direction: EGRESS) { direction portRange nicType }
          lan: rules(nicType: INTRANET) { direction portRange nicType } } } }`,
    );
    const byId = new Map(data.securityGroups.nodes.map((group) => [group.id, group]));
    expect([...byId.keys()].sort()).toEqual([template, 'sg-a', 'sg-b', 'sg-empty'].sort());
    for (const group of byId.values()) expect(group.regionId).toBe(MAIN_REGION);
    expect(
      byId
        .get('sg-a')
        ?.rules.map((r) => [r.direction, r.portRange])
        .sort(),
    ).toEqual([
      ['EGRESS', '53/53'],
      ['INGRESS', '443/443'],
    ]);
    expect(byId.get('sg-a')?.out.map((r) => r.portRange)).toEqual(['53/53']);
    expect(byId.get('sg-b')?.rules).toEqual([
      { direction: 'EGRESS', portRange: '1/65535', nicType: 'INTERNET' },
    ]);
    expect(byId.get('sg-b')?.lan).toEqual([]);
    expect(byId.get('sg-empty')?.rules).toEqual([]);
    expect(
      byId
        .get(template)
        ?.rules.map((r) => r.portRange)
        .sort(),
    ).toEqual(['22/22', '80/80']);
    expect(stack.callsByAction()).toEqual({ DescribeSecurityGroupAttribute: 4, DescribeSecurityGroups: 1 });
    expect(
      stack.inputs
        .filter((call) => call.action === 'DescribeSecurityGroupAttribute')
        .map((call) => Object.keys(call.input).sort()),
    ).toEqual(Array(4).fill(['RegionId', 'SecurityGroupId']));
    expect(upstream.calls).toBe(5);
    // The page of 10 groups, and three rules fields each: the estimate cannot tell they share a call.
    expect(upstream.estimate).toBe(31);
  });

  it('lists every group’s instances with one scan of the region when it fits one page; an instance in two groups is under both', async () => {
    const { data, upstream } = await run<{
      securityGroups: { nodes: { id: string; instances: { totalCount: number; nodes: { id: string }[] } }[] };
    }>(
      stack,
      // Five groups at most a page: each group's instances may take 20 pages (1000 instances), within the 200 calls.
      `{ securityGroups(regionId: "${MAIN_REGION}", page: { size: 5 }) { nodes { id instances { totalCount nodes { id } } } } }`,
    );
    const members = Object.fromEntries(
      data.securityGroups.nodes.map((group) => [
        group.id,
        group.instances.nodes.map((node) => node.id).sort(),
      ]),
    );
    expect(members).toEqual({
      [template]: [...instanceIds].sort(),
      'sg-a': instanceIds.slice(0, 3).sort(),
      'sg-b': instanceIds.slice(2).sort(),
      'sg-empty': [],
    });
    expect(stack.callsByAction()).toEqual({ DescribeInstances: 1, DescribeSecurityGroups: 1 });
    const scan = stack.inputs.find((call) => call.action === 'DescribeInstances');
    expect(scan?.input.SecurityGroupId).toBeUndefined();
    expect(upstream.calls).toBe(2);
    // The page, 20 pages (1000 instances) for each of 5 groups, one deciding page.
    expect(upstream.estimate).toBe(102);
  });

  it('one group’s instances: one DescribeInstances by SecurityGroupId', async () => {
    const { data } = await run<{ securityGroup: { instances: { nodes: { id: string }[] } } }>(
      stack,
      `{ securityGroup(id: "sg-b") { instances { nodes { id } } } }`,
    );
    expect(data.securityGroup.instances.nodes.map((node) => node.id).sort()).toEqual(
      instanceIds.slice(2).sort(),
    );
    expect(stack.callsByAction()).toEqual({ DescribeInstances: 1, DescribeSecurityGroups: 1 });
    expect(stack.inputs.find((call) => call.action === 'DescribeInstances')?.input.SecurityGroupId).toBe(
      'sg-b',
    );
  });

  it('the groups of instances and their rules: groups by id in one call, rules once per distinct group', async () => {
    const { data } = await run<{
      instances: { nodes: { securityGroups: { id: string; rules: { portRange: string }[] }[] }[] };
    }>(
      stack,
      `{ instances(regionId: "${MAIN_REGION}") { nodes { securityGroups { id rules { portRange } } } } }`,
    );
    expect(data.instances.nodes).toHaveLength(6);
    expect(stack.callsByAction()).toEqual({
      DescribeInstances: 1,
      DescribeSecurityGroupAttribute: 3,
      DescribeSecurityGroups: 1,
    });
  });
});

describe('security groups in the graph, a big region (2014 limits)', () => {
  let stack: ReadStack;
  let template: string;

  beforeAll(async () => {
    // 200 instances: a scan takes 4 pages of 50, more than one call per group for two groups.
    stack = await startReadStack({
      limits: API_LIMITS['2014'],
      sizes: { instancesPerRegion: 200, disksPerInstance: 1, snapshotsPerDisk: 0 },
    });
    ({ template } = addGroups(stack, {
      'sg-few': { members: [1, 7], rules: [] },
      'sg-none': { members: [], rules: [] },
    }));
  });
  afterAll(() => stack.close());

  it('two small groups: one deciding page, then one DescribeInstances per group, not a scan', async () => {
    const { data, upstream } = await run<{
      securityGroups: { nodes: { id: string; instances: { totalCount: number } }[] };
    }>(
      stack,
      `{ securityGroups(regionId: "${MAIN_REGION}", filter: { ids: ["sg-few", "sg-none"] }, page: { size: 2 }) {
          nodes { id instances { totalCount } } } }`,
    );
    expect(Object.fromEntries(data.securityGroups.nodes.map((g) => [g.id, g.instances.totalCount]))).toEqual({
      'sg-few': 2,
      'sg-none': 0,
    });
    expect(stack.callsByAction()).toEqual({ DescribeInstances: 3, DescribeSecurityGroups: 1 });
    expect(
      stack.inputs
        .filter((call) => call.action === 'DescribeInstances')
        .map((call) => call.input.SecurityGroupId ?? null)
        .sort(),
    ).toEqual([null, 'sg-few', 'sg-none'].sort());
    expect(upstream.calls).toBe(4);
    expect(upstream.estimate).toBe(42);
    expect(template).toMatch(/^sg-/);
  });
});
