import type { ActionInput } from '../../spec/action.js';
import * as api from '../../spec/actions/security-groups.js';
import type { PermissionType } from '../../spec/datatypes.js';
import type { Infer } from '../../spec/shape.js';
import { isoTime } from '../clock.js';
import type { RegionState, SecurityGroupRecord, SecurityGroupRule } from '../store.js';
import { securityGroupView } from '../views.js';
import { type DomainContext, hasTags, inIdList, matches, paginate, type Reply, tagsFrom } from './context.js';
import { fail } from './errors.js';
import { requireRegion, requireSecurityGroup } from './guards.js';

/** Listed, as the reference says, in descending order of security group id. */
export function DescribeSecurityGroups(
  input: ActionInput<typeof api.DescribeSecurityGroups>,
  context: DomainContext,
): Reply<typeof api.DescribeSecurityGroups> {
  const region = context.account.regions.get(input.RegionId);
  const selected = [...(region?.securityGroups.values() ?? [])]
    .sort((a, b) => (a.securityGroupId < b.securityGroupId ? 1 : -1))
    .filter(
      (group) =>
        matches(input.VpcId, group.vpcId) &&
        inIdList(input.SecurityGroupIds, group.securityGroupId) &&
        matches(input.SecurityGroupName, group.securityGroupName) &&
        matches(input.NetworkType?.toLowerCase(), group.vpcId ? 'vpc' : 'classic') &&
        matches(input.SecurityGroupType, 'normal') &&
        matches(input.ResourceGroupId, group.resourceGroupId) &&
        hasTags(group.tags, input.Tag),
    );
  const { items, ...page } = paginate(selected, input);
  return { RegionId: input.RegionId, ...page, SecurityGroups: items.map(securityGroupView) };
}

/**
 * The rules in the order they apply: priority 1 first; at equal priority drop before
 * accept, then the newest first, as the reference orders them.
 */
function inApplyOrder(rules: readonly SecurityGroupRule[]): SecurityGroupRule[] {
  return rules
    .map((rule, index) => ({ rule, index }))
    .sort(
      (a, b) =>
        a.rule.priority - b.rule.priority ||
        (a.rule.policy === b.rule.policy ? 0 : a.rule.policy === 'drop' ? -1 : 1) ||
        b.rule.creationTime - a.rule.creationTime ||
        b.index - a.index,
    )
    .map(({ rule }) => rule);
}

function permissionView(rule: SecurityGroupRule): Infer<typeof PermissionType> {
  const ingress = rule.direction === 'ingress';
  return {
    // Today's API answers the protocol in upper case (TCP, ALL), as the reference's example does for ALL.
    IpProtocol: rule.ipProtocol.toUpperCase(),
    PortRange: rule.portRange,
    SourceCidrIp: ingress ? rule.cidrIp : '',
    SourceGroupId: ingress ? rule.groupId : '',
    SourceGroupOwnerAccount: ingress ? rule.groupOwnerAccount : '',
    DestCidrIp: ingress ? '' : rule.cidrIp,
    DestGroupId: ingress ? '' : rule.groupId,
    DestGroupOwnerAccount: ingress ? '' : rule.groupOwnerAccount,
    Policy: rule.policy === 'accept' ? 'Accept' : 'Drop',
    NicType: rule.nicType,
    Priority: String(rule.priority),
    Direction: rule.direction,
    Description: rule.description,
    CreateTime: isoTime(rule.creationTime),
  };
}

export function DescribeSecurityGroupAttribute(
  input: ActionInput<typeof api.DescribeSecurityGroupAttribute>,
  context: DomainContext,
): Reply<typeof api.DescribeSecurityGroupAttribute> {
  const { group } = requireSecurityGroup(
    api.DescribeSecurityGroupAttribute,
    context.account,
    input.RegionId,
    input.SecurityGroupId,
  );
  const direction = input.Direction ?? 'all';
  const rules = group.rules.filter(
    (rule) => (direction === 'all' || rule.direction === direction) && matches(input.NicType, rule.nicType),
  );
  return {
    RegionId: group.regionId,
    SecurityGroupId: group.securityGroupId,
    SecurityGroupName: group.securityGroupName,
    Description: group.description,
    VpcId: group.vpcId,
    Permissions: inApplyOrder(rules).map(permissionView),
  };
}

/** The VPCs the simulator knows in a region: its VPCs, and those its security groups and instances are in. */
function vpcsOf(region: RegionState): Set<string> {
  const vpcs = new Set<string>(region.vpcs.keys());
  for (const group of region.securityGroups.values()) if (group.vpcId) vpcs.add(group.vpcId);
  for (const instance of region.instances.values()) if (instance.vpcId) vpcs.add(instance.vpcId);
  return vpcs;
}

export function CreateSecurityGroup(
  input: ActionInput<typeof api.CreateSecurityGroup>,
  context: DomainContext,
): Reply<typeof api.CreateSecurityGroup> {
  const action = api.CreateSecurityGroup;
  const region = requireRegion(action, context.account, input.RegionId);
  if (input.VpcId && !vpcsOf(region).has(input.VpcId)) fail(action, 'InvalidVpcId.NotFound');
  // The reference's quota is the user's, over every region.
  let held = 0;
  for (const each of context.account.regions.values()) held += each.securityGroups.size;
  if (held >= context.rules.securityGroupsPerAccount) fail(action, 'QuotaExceed.SecurityGroup');
  const group: SecurityGroupRecord = {
    securityGroupId: context.newId('securityGroup', region.regionId),
    regionId: region.regionId,
    securityGroupName: input.SecurityGroupName ?? '',
    description: input.Description ?? '',
    vpcId: input.VpcId ?? '',
    creationTime: context.now,
    tags: tagsFrom(input.Tag),
    resourceGroupId: input.ResourceGroupId ?? '',
    rules: [],
  };
  region.securityGroups.set(group.securityGroupId, group);
  return { SecurityGroupId: group.securityGroupId };
}

export function ModifySecurityGroupAttribute(
  input: ActionInput<typeof api.ModifySecurityGroupAttribute>,
  context: DomainContext,
): Reply<typeof api.ModifySecurityGroupAttribute> {
  const { group } = requireSecurityGroup(
    api.ModifySecurityGroupAttribute,
    context.account,
    input.RegionId,
    input.SecurityGroupId,
  );
  if (input.SecurityGroupName !== undefined) group.securityGroupName = input.SecurityGroupName;
  if (input.Description !== undefined) group.description = input.Description;
  return {};
}

export function DeleteSecurityGroup(
  input: ActionInput<typeof api.DeleteSecurityGroup>,
  context: DomainContext,
): Reply<typeof api.DeleteSecurityGroup> {
  const action = api.DeleteSecurityGroup;
  const { region, group } = requireSecurityGroup(
    action,
    context.account,
    input.RegionId,
    input.SecurityGroupId,
  );
  const id = group.securityGroupId;
  for (const instance of region.instances.values())
    if (instance.securityGroupIds.includes(id))
      fail(action, 'DependencyViolation', 'There is still instance');
  for (const other of region.securityGroups.values())
    if (other !== group && other.rules.some((rule) => rule.groupId === id))
      fail(
        action,
        'DependencyViolation',
        'The specified security group has been authorized in another one of this',
      );
  region.securityGroups.delete(id);
  return {};
}
