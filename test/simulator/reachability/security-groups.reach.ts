import type { Params, Reach, ReachWorld, Unreachable } from './reach.js';
import { account, instanceIn, newGroup, tagRows } from './world-state.js';

/** The security-group actions: groups, and the four rule actions (ingress and egress, authorize and revoke). */

const NOWHERE = 'xx-nowhere-1';
const MISSING = 'sg-missing';
const RULES_PER_GROUP = 100;

/** A rule that passes every check, on a group of the seed's VPC: CIDR-addressed TCP 22. */
async function tcpRule(world: ReachWorld, cidrParam: string): Promise<Params> {
  return {
    SecurityGroupId: await newGroup(world),
    IpProtocol: 'tcp',
    PortRange: '22/22',
    [cidrParam]: '10.0.0.0/8',
  };
}

/** The parameters without those named: a rule with no CIDR block at all. */
function without(params: Params, ...names: string[]): Params {
  return Object.fromEntries(Object.entries(params).filter(([name]) => !names.includes(name)));
}

function ruleRows(action: string, side: 'Source' | 'Dest', authorize: boolean): Reach[] {
  const cidr = `${side}CidrIp`;
  const groupParam = `${side}GroupId`;
  const on =
    (extra: Params | ((world: ReachWorld, base: Params) => Promise<Params>)) =>
    async (world: ReachWorld): Promise<Params> => {
      const base = await tcpRule(world, cidr);
      const added = typeof extra === 'function' ? await extra(world, base) : extra;
      // An empty value stands for a parameter left out.
      const merged = { ...base, ...added };
      return without(merged, ...Object.keys(merged).filter((name) => merged[name] === ''));
    };
  /** The rule addressed to another group of the same VPC instead of a CIDR block. */
  const toGroup = (extra: Params) =>
    on(async (world) => ({ [cidr]: '', [groupParam]: await newGroup(world), NicType: 'intranet', ...extra }));
  const STATIC = { SecurityGroupId: MISSING, IpProtocol: 'tcp', PortRange: '22/22', [cidr]: '10.0.0.0/8' };
  const rows: Reach[] = [
    { action, code: 'InvalidRegionId.NotFound', params: { ...STATIC, RegionId: NOWHERE } },
    { action, code: 'InvalidSecurityGroupId.NotFound', params: STATIC },
    { action, code: 'InvalidPriority.Malformed', params: { ...STATIC, Priority: '101' } },
    { action, code: 'InvalidPolicy.Malformed', params: { ...STATIC, Policy: 'allow' } },
    { action, code: 'InvalidNicType.ValueNotSupported', params: { ...STATIC, NicType: 'wifi' } },
    { action, code: `Invalid${side}CidrIp.Malformed`, params: { ...STATIC, [cidr]: 'nowhere' } },
    {
      action,
      code: `Invalid${side}GroupId.NotFound`,
      params: on({ [cidr]: '', [groupParam]: MISSING, NicType: 'intranet' }),
    },
    { action, code: `Invalid${side}GroupId.Mismatch`, params: toGroup({ NicType: 'internet' }) },
    { action, code: 'MissingParameter', params: on({ [cidr]: '' }) },
    {
      action,
      code: `Invalid${side}GroupOwnerUserAccount.Mismatch`,
      params: toGroup({ [`${side}GroupOwnerAccount`]: 'another-account' }),
    },
  ];
  if (authorize)
    rows.push(
      { action, code: 'OperationDenied', params: { ...STATIC, IpProtocol: 'bogus' } },
      { action, code: 'InvalidIpProtocol.Malformed', params: { ...STATIC, PortRange: 'ssh' } },
      {
        action,
        code: 'InvalidParamter.Conflict',
        params: on(async (_world, base) => ({
          [cidr]: '',
          [groupParam]: base.SecurityGroupId!,
          NicType: 'intranet',
        })),
      },
      {
        action,
        code: 'AuthorizationLimitExceed',
        params: on(async (world, base) => {
          for (let port = 1; port <= RULES_PER_GROUP; port++)
            await world.ok(action, { ...base, PortRange: `${port}/${port}` });
          return { PortRange: `${RULES_PER_GROUP + 1}/${RULES_PER_GROUP + 1}` };
        }),
      },
    );
  else
    rows.push(
      { action, code: 'InvalidIpProtocol.ValueNotSupported', params: { ...STATIC, IpProtocol: 'bogus' } },
      { action, code: 'InvalidIpPortRange.Malformed', params: { ...STATIC, PortRange: 'ssh' } },
    );
  return rows;
}

export const reach: Reach[] = [
  ...ruleRows('AuthorizeSecurityGroup', 'Source', true),
  ...ruleRows('AuthorizeSecurityGroupEgress', 'Dest', true),
  ...ruleRows('RevokeSecurityGroup', 'Source', false),
  ...ruleRows('RevokeSecurityGroupEgress', 'Dest', false),

  { action: 'CreateSecurityGroup', code: 'InvalidRegionId.NotFound', params: { RegionId: NOWHERE } },
  {
    action: 'CreateSecurityGroup',
    code: 'InvalidSecurityGroupName.Malformed',
    params: { SecurityGroupName: 'x' },
  },
  {
    action: 'CreateSecurityGroup',
    code: 'InvalidDescription.Malformed',
    params: { Description: 'http://x' },
  },
  {
    action: 'CreateSecurityGroup',
    code: 'QuotaExceed.SecurityGroup',
    params: async (world) => {
      await account(world, { quotas: { securityGroupsPerAccount: 0 } });
      return {};
    },
  },
  { action: 'CreateSecurityGroup', code: 'InvalidVpcId.NotFound', params: { VpcId: 'vpc-missing' } },
  ...tagRows('CreateSecurityGroup'),

  {
    action: 'DeleteSecurityGroup',
    code: 'InvalidRegionId.NotFound',
    params: { RegionId: NOWHERE, SecurityGroupId: MISSING },
  },
  {
    action: 'DeleteSecurityGroup',
    code: 'InvalidSecurityGroupId.NotFound',
    params: { SecurityGroupId: MISSING },
  },
  {
    action: 'DeleteSecurityGroup',
    code: 'DependencyViolation',
    params: async (world) => ({
      SecurityGroupId: (await instanceIn(world, 'Running')).SecurityGroupIds.SecurityGroupId[0]!,
    }),
  },

  {
    action: 'DescribeSecurityGroupAttribute',
    code: 'InvalidRegionId.NotFound',
    params: { RegionId: NOWHERE, SecurityGroupId: MISSING },
  },
  {
    action: 'DescribeSecurityGroupAttribute',
    code: 'InvalidSecurityGroupId.NotFound',
    params: { SecurityGroupId: MISSING },
  },
  {
    action: 'DescribeSecurityGroupAttribute',
    code: 'InvalidNicType.ValueNotSupported',
    params: { SecurityGroupId: MISSING, NicType: 'wifi' },
  },
  ...tagRows('DescribeSecurityGroups'),

  {
    action: 'ModifySecurityGroupAttribute',
    code: 'InvalidRegionId.NotFound',
    params: { RegionId: NOWHERE, SecurityGroupId: MISSING, SecurityGroupName: 'web' },
  },
  {
    action: 'ModifySecurityGroupAttribute',
    code: 'InvalidSecurityGroupId.NotFound',
    params: { SecurityGroupId: MISSING, SecurityGroupName: 'web' },
  },
  {
    action: 'ModifySecurityGroupAttribute',
    code: 'InvalidSecurityGroupName.Malformed',
    params: { SecurityGroupId: MISSING, SecurityGroupName: 'x' },
  },
  {
    action: 'ModifySecurityGroupAttribute',
    code: 'InvalidDescription.Malformed',
    params: { SecurityGroupId: MISSING, Description: 'http://x' },
  },
];

export const unreachable: Unreachable[] = [];
