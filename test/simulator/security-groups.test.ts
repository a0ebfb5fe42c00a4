import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';
import { REGION, signedGet, startSimulator } from './integration-support.js';

/**
 * The security-group actions over the wire (signed JSON GETs to the whole simulator):
 * each action's success, its effect on the state, and each documented error the state
 * or the parameters can produce, with code and HTTP status.
 */

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator();
});
afterAll(() => simulator.close());

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

async function newGroup(params: Record<string, string> = {}): Promise<string> {
  return (await ok('CreateSecurityGroup', params)).SecurityGroupId as string;
}

async function permissions(groupId: string, params: Record<string, string> = {}) {
  const body = await ok('DescribeSecurityGroupAttribute', { SecurityGroupId: groupId, ...params });
  return (body.Permissions as { Permission: Record<string, string>[] }).Permission;
}

async function seededGroups() {
  const body = await ok('DescribeSecurityGroups', {});
  return (
    body.SecurityGroups as {
      SecurityGroup: { SecurityGroupId: string; VpcId: string; SecurityGroupName: string }[];
    }
  ).SecurityGroup;
}

describe('security groups over the wire', () => {
  it('are created, described, renamed and deleted', async () => {
    const [seeded] = await seededGroups();
    const classic = await newGroup({ SecurityGroupName: 'web', Description: 'front tier' });
    const inVpc = await newGroup({ VpcId: seeded!.VpcId, ClientToken: 'create-once' });
    // The same ClientToken creates nothing more.
    expect(await newGroup({ VpcId: seeded!.VpcId, ClientToken: 'create-once' })).toBe(inVpc);
    expect(classic).toMatch(/^sg-/);

    const described = await ok('DescribeSecurityGroupAttribute', { SecurityGroupId: classic });
    expect(described).toMatchObject({
      RegionId: REGION,
      SecurityGroupId: classic,
      SecurityGroupName: 'web',
      Description: 'front tier',
      VpcId: '',
      Permissions: { Permission: [] },
    });
    expect((await ok('DescribeSecurityGroupAttribute', { SecurityGroupId: inVpc })).VpcId).toBe(
      seeded!.VpcId,
    );

    await ok('ModifySecurityGroupAttribute', { SecurityGroupId: classic, SecurityGroupName: 'web-2' });
    expect(await ok('DescribeSecurityGroupAttribute', { SecurityGroupId: classic })).toMatchObject({
      SecurityGroupName: 'web-2',
      Description: 'front tier',
    });

    await ok('DeleteSecurityGroup', { SecurityGroupId: classic });
    expect(await refused('DescribeSecurityGroupAttribute', { SecurityGroupId: classic })).toEqual([
      'InvalidSecurityGroupId.NotFound',
      404,
    ]);
    expect((await seededGroups()).map((group) => group.SecurityGroupId)).not.toContain(classic);
    await ok('DeleteSecurityGroup', { SecurityGroupId: inVpc });
  });

  it('seed rules on the seeded groups', async () => {
    const [first, second] = await seededGroups();
    const all = [
      ...(await permissions(first!.SecurityGroupId)),
      ...(await permissions(second!.SecurityGroupId)),
    ];
    expect(
      all
        .map((rule) => `${rule.IpProtocol} ${rule.PortRange} ${rule.SourceCidrIp || rule.SourceGroupId}`)
        .sort(),
    ).toEqual(expect.arrayContaining(['TCP 22/22 0.0.0.0/0', 'TCP 80/80 0.0.0.0/0']));
  });

  it('keep ingress and egress rules, in the order they apply, and revoke them by their values', async () => {
    const group = await newGroup();
    const peer = await newGroup();
    const base = { SecurityGroupId: group };
    await ok('AuthorizeSecurityGroup', {
      ...base,
      IpProtocol: 'tcp',
      PortRange: '22/22',
      SourceCidrIp: '10.0.0.0/8',
      Priority: '5',
    });
    await ok('AuthorizeSecurityGroup', {
      ...base,
      IpProtocol: 'tcp',
      PortRange: '22/22',
      SourceCidrIp: '10.0.0.0/8',
      Priority: '5',
    });
    await ok('AuthorizeSecurityGroup', {
      ...base,
      IpProtocol: 'ICMP',
      PortRange: '-1/-1',
      SourceCidrIp: '0.0.0.0/0',
      Policy: 'drop',
      Priority: '5',
    });
    await ok('AuthorizeSecurityGroup', {
      ...base,
      IpProtocol: 'udp',
      PortRange: '1/200',
      SourceGroupId: peer,
      NicType: 'intranet',
    });
    await ok('AuthorizeSecurityGroupEgress', {
      ...base,
      IpProtocol: 'all',
      PortRange: '-1/-1',
      DestGroupId: peer,
      NicType: 'intranet',
      Description: 'to peer',
    });

    const rules = await permissions(group);
    // Priority 1 first, the newest first among equals; at priority 5 drop before accept; the repeated authorize added nothing.
    expect(
      rules.map((rule) => [rule.Direction, rule.IpProtocol, rule.PortRange, rule.Policy, rule.Priority]),
    ).toEqual([
      ['egress', 'ALL', '-1/-1', 'Accept', '1'],
      ['ingress', 'UDP', '1/200', 'Accept', '1'],
      ['ingress', 'ICMP', '-1/-1', 'Drop', '5'],
      ['ingress', 'TCP', '22/22', 'Accept', '5'],
    ]);
    expect(rules[1]).toMatchObject({ SourceGroupId: peer, NicType: 'intranet', DestGroupId: '' });
    expect(rules[0]).toMatchObject({ DestGroupId: peer, Description: 'to peer', SourceGroupId: '' });
    expect(await permissions(group, { Direction: 'egress' })).toHaveLength(1);
    expect(await permissions(group, { NicType: 'intranet' })).toHaveLength(2);

    // A group a rule names cannot go.
    expect(await refused('DeleteSecurityGroup', { SecurityGroupId: peer })).toEqual([
      'DependencyViolation',
      403,
    ]);

    await ok('RevokeSecurityGroup', {
      ...base,
      IpProtocol: 'tcp',
      PortRange: '22/22',
      SourceCidrIp: '10.0.0.0/8',
    });
    await ok('RevokeSecurityGroup', {
      ...base,
      IpProtocol: 'udp',
      PortRange: '1/200',
      SourceGroupId: peer,
      NicType: 'intranet',
    });
    await ok('RevokeSecurityGroupEgress', {
      ...base,
      IpProtocol: 'all',
      PortRange: '-1/-1',
      DestGroupId: peer,
      NicType: 'intranet',
    });
    // Revoking a rule that is not there changes nothing and succeeds, as today's API does.
    await ok('RevokeSecurityGroup', {
      ...base,
      IpProtocol: 'tcp',
      PortRange: '22/22',
      SourceCidrIp: '10.0.0.0/8',
    });
    expect((await permissions(group)).map((rule) => rule.IpProtocol)).toEqual(['ICMP']);
    await ok('DeleteSecurityGroup', { SecurityGroupId: peer });
    await ok('DeleteSecurityGroup', { SecurityGroupId: group });
  });

  it('refuse to delete a group that holds instances', async () => {
    const seeded = (await seededGroups()).find((group) => group.SecurityGroupName === 'default');
    expect(await refused('DeleteSecurityGroup', { SecurityGroupId: seeded!.SecurityGroupId })).toEqual([
      'DependencyViolation',
      403,
    ]);
    const message = (await ask('DeleteSecurityGroup', { SecurityGroupId: seeded!.SecurityGroupId })).body
      .Message;
    expect(message).toBe('There is still instance(s) in the specified security group.');
  });

  it('answer the documented errors of the group actions', async () => {
    const group = await newGroup();
    const nowhere = { RegionId: 'xx-nowhere-1' };
    expect(await refused('CreateSecurityGroup', nowhere)).toEqual(['InvalidRegionId.NotFound', 404]);
    expect(await refused('CreateSecurityGroup', { SecurityGroupName: '1-web' })).toEqual([
      'InvalidSecurityGroupName.Malformed',
      400,
    ]);
    expect(await refused('CreateSecurityGroup', { Description: 'http://x' })).toEqual([
      'InvalidDescription.Malformed',
      400,
    ]);
    expect(await refused('CreateSecurityGroup', { VpcId: 'vpc-none' })).toEqual([
      'InvalidVpcId.NotFound',
      403,
    ]);
    expect(await refused('DescribeSecurityGroupAttribute', { ...nowhere, SecurityGroupId: group })).toEqual([
      'InvalidRegionId.NotFound',
      404,
    ]);
    expect(
      await refused('DescribeSecurityGroupAttribute', { SecurityGroupId: group, NicType: 'wifi' }),
    ).toEqual(['InvalidNicType.ValueNotSupported', 400]);
    expect(await refused('DescribeSecurityGroupAttribute', {})).toEqual(['MissingParameter', 400]);
    expect(await refused('ModifySecurityGroupAttribute', { SecurityGroupId: 'sg-none' })).toEqual([
      'InvalidSecurityGroupId.NotFound',
      404,
    ]);
    expect(await refused('ModifySecurityGroupAttribute', { ...nowhere, SecurityGroupId: group })).toEqual([
      'InvalidRegionId.NotFound',
      404,
    ]);
    expect(
      await refused('ModifySecurityGroupAttribute', { SecurityGroupId: group, SecurityGroupName: 'x' }),
    ).toEqual(['InvalidSecurityGroupName.Malformed', 400]);
    expect(
      await refused('ModifySecurityGroupAttribute', { SecurityGroupId: group, Description: 'https://x' }),
    ).toEqual(['InvalidDescription.Malformed', 400]);
    expect(await refused('DeleteSecurityGroup', { SecurityGroupId: 'sg-none' })).toEqual([
      'InvalidSecurityGroupId.NotFound',
      404,
    ]);
    expect(await refused('DeleteSecurityGroup', { ...nowhere, SecurityGroupId: group })).toEqual([
      'InvalidRegionId.NotFound',
      404,
    ]);
    await ok('DeleteSecurityGroup', { SecurityGroupId: group });
  });

  it('hold at most 100 security groups an account', async () => {
    const made: string[] = [];
    let answer = await ask('CreateSecurityGroup', {});
    while (answer.status === 200) {
      made.push(answer.body.SecurityGroupId as string);
      answer = await ask('CreateSecurityGroup', {});
    }
    expect([answer.body.Code, answer.status]).toEqual(['QuotaExceed.SecurityGroup', 403]);
    // The seeded estate holds groups in this region only: all 100 are listed here.
    expect(made.length).toBeGreaterThan(90);
    expect((await ok('DescribeSecurityGroups', {})).TotalCount).toBe(100);
    for (const id of made) await ok('DeleteSecurityGroup', { SecurityGroupId: id });
    expect(await newGroup()).toMatch(/^sg-/);
  });
});

describe.each([
  {
    side: 'Source',
    authorize: 'AuthorizeSecurityGroup',
    revoke: 'RevokeSecurityGroup',
    blankStatus: [403, 400],
  },
  {
    side: 'Dest',
    authorize: 'AuthorizeSecurityGroupEgress',
    revoke: 'RevokeSecurityGroupEgress',
    blankStatus: [403, 400],
  },
] as const)('$authorize and $revoke refuse', ({ side, authorize, revoke, blankStatus }) => {
  let group: string;
  let classicPeer: string;
  let vpcGroup: string;
  beforeAll(async () => {
    const [seeded] = await seededGroups();
    group = await newGroup();
    classicPeer = await newGroup();
    vpcGroup = await newGroup({ VpcId: seeded!.VpcId });
  });
  afterAll(async () => {
    for (const id of [group, classicPeer, vpcGroup]) await ok('DeleteSecurityGroup', { SecurityGroupId: id });
  });
  const tcp = () => ({ SecurityGroupId: group, IpProtocol: 'tcp', PortRange: '22/22' });
  const cidr = `${side}CidrIp`;
  const groupParam = `${side}GroupId`;

  it('what both tables document, with the code of each', async () => {
    for (const [action, which] of [
      [authorize, 0],
      [revoke, 1],
    ] as const) {
      const isAuthorize = which === 0;
      const cases: [Record<string, string>, string, number][] = [
        [{ ...tcp(), RegionId: 'xx-nowhere-1', [cidr]: '0.0.0.0/0' }, 'InvalidRegionId.NotFound', 404],
        [
          { ...tcp(), SecurityGroupId: 'sg-none', [cidr]: '0.0.0.0/0' },
          'InvalidSecurityGroupId.NotFound',
          404,
        ],
        [{ ...tcp() }, 'MissingParameter', blankStatus[which]],
        [{ SecurityGroupId: group, PortRange: '22/22', [cidr]: '0.0.0.0/0' }, 'MissingParameter', 400],
        [{ SecurityGroupId: group, IpProtocol: 'tcp', [cidr]: '0.0.0.0/0' }, 'MissingParameter', 400],
        [
          { ...tcp(), IpProtocol: 'sctp', [cidr]: '0.0.0.0/0' },
          isAuthorize ? 'OperationDenied' : 'InvalidIpProtocol.ValueNotSupported',
          400,
        ],
        [
          { ...tcp(), PortRange: '200/1', [cidr]: '0.0.0.0/0' },
          isAuthorize ? 'InvalidIpProtocol.Malformed' : 'InvalidIpPortRange.Malformed',
          400,
        ],
        [
          { ...tcp(), PortRange: '-1/-1', [cidr]: '0.0.0.0/0' },
          isAuthorize ? 'OperationDenied' : 'InvalidIpPortRange.Malformed',
          400,
        ],
        [{ ...tcp(), Priority: '101', [cidr]: '0.0.0.0/0' }, 'InvalidPriority.Malformed', 400],
        [{ ...tcp(), Policy: 'maybe', [cidr]: '0.0.0.0/0' }, 'InvalidPolicy.Malformed', 400],
        [{ ...tcp(), NicType: 'wifi', [cidr]: '0.0.0.0/0' }, 'InvalidNicType.ValueNotSupported', 400],
        [{ ...tcp(), [cidr]: '10.0.0.300/8' }, `Invalid${side}CidrIp.Malformed`, 400],
        [{ ...tcp(), [groupParam]: classicPeer }, `Invalid${side}GroupId.Mismatch`, 403],
        [{ ...tcp(), [groupParam]: 'sg-none', NicType: 'intranet' }, `Invalid${side}GroupId.NotFound`, 404],
        [
          {
            ...tcp(),
            [groupParam]: classicPeer,
            NicType: 'intranet',
            [`${side}GroupOwnerAccount`]: 'someone-else',
          },
          `Invalid${side}GroupOwnerUserAccount.Mismatch`,
          403,
        ],
      ];
      for (const [params, code, status] of cases)
        expect(await refused(action, params), `${action} ${JSON.stringify(params)}`).toEqual([code, status]);
    }
    expect(await permissions(group)).toEqual([]);
  });

  it('what only authorizing documents: itself, another VPC, the rule limit', async () => {
    const intranet = { ...tcp(), NicType: 'intranet' };
    expect(await refused(authorize, { ...intranet, [groupParam]: group })).toEqual([
      'InvalidParamter.Conflict',
      403,
    ]);
    expect(await refused(authorize, { ...intranet, [groupParam]: vpcGroup })).toEqual([
      `Invalid${side}GroupId.Mismatch`,
      403,
    ]);
    for (let port = 1; port <= 100; port++)
      await ok(authorize, { ...tcp(), PortRange: `${port}/${port}`, [cidr]: '0.0.0.0/0' });
    expect(await refused(authorize, { ...tcp(), PortRange: '101/101', [cidr]: '0.0.0.0/0' })).toEqual([
      'AuthorizationLimitExceed',
      403,
    ]);
    expect(await permissions(group)).toHaveLength(100);
    for (let port = 1; port <= 100; port++)
      await ok(revoke, { ...tcp(), PortRange: `${port}/${port}`, [cidr]: '0.0.0.0/0' });
    expect(await permissions(group)).toEqual([]);
  });
});
