import type { ActionInput, AnyAction } from '../../spec/action.js';
import * as api from '../../spec/actions/security-group-rules.js';
import { portRangeFits, RULES_PER_GROUP } from '../../spec/security-group-common.js';
import type { SecurityGroupRecord, SecurityGroupRule } from '../store.js';
import type { DomainContext, Reply } from './context.js';
import { fail } from './errors.js';
import { requireSecurityGroup } from './guards.js';

/**
 * Ingress and egress rules: one core for the four actions, which differ in the name of
 * the rule's other end (Source*, Dest*) and in some codes of their tables.
 */

type RuleAction =
  | typeof api.AuthorizeSecurityGroup
  | typeof api.RevokeSecurityGroup
  | typeof api.AuthorizeSecurityGroupEgress
  | typeof api.RevokeSecurityGroupEgress;

type CommonInput = ActionInput<typeof api.AuthorizeSecurityGroup> &
  ActionInput<typeof api.AuthorizeSecurityGroupEgress>;
type RuleInput = Omit<
  CommonInput,
  | 'SourceGroupId'
  | 'SourceGroupOwnerAccount'
  | 'SourceGroupOwnerId'
  | 'SourceCidrIp'
  | 'DestGroupId'
  | 'DestGroupOwnerAccount'
  | 'DestGroupOwnerId'
  | 'DestCidrIp'
>;

/** The other end of the rule, whatever its spelling. */
interface End {
  readonly groupId: string | undefined;
  readonly ownerAccount: string | undefined;
  readonly ownerId: string | undefined;
  readonly cidrIp: string | undefined;
}

interface Mode {
  readonly side: 'Source' | 'Dest';
  readonly authorize: boolean;
}

/** The codes are the action's documented rows; `fail` refuses any other at run time and tests reach each. */
function refuse(action: RuleAction, code: string, messageStart = ''): never {
  return fail(action as AnyAction, code, messageStart);
}

/** The rule a call names, after every check of its table. */
function checkedRule(
  action: RuleAction,
  mode: Mode,
  input: RuleInput,
  end: End,
  group: SecurityGroupRecord,
  context: DomainContext,
): SecurityGroupRule {
  const { side } = mode;
  if (!end.cidrIp && !end.groupId) refuse(action, 'MissingParameter', 'The input parameter');
  const ipProtocol = input.IpProtocol.toLowerCase();
  if (!portRangeFits(ipProtocol, input.PortRange))
    refuse(action, mode.authorize ? 'OperationDenied' : 'InvalidIpPortRange.Malformed');
  let groupId = '';
  let groupOwnerAccount = '';
  // With a CIDR block, the group and its owner are ignored, as the reference says.
  if (!end.cidrIp && end.groupId) {
    if (input.NicType !== 'intranet') refuse(action, `Invalid${side}GroupId.Mismatch`, 'NicType');
    const region = context.account.regions.get(group.regionId);
    const other = region?.securityGroups.get(end.groupId);
    if (!other) refuse(action, `Invalid${side}GroupId.NotFound`);
    // The simulator sees one account a key: a named owner other than the caller's key does not hold this group.
    const owner = end.ownerAccount ?? end.ownerId;
    if (owner !== undefined && owner !== '' && owner !== context.account.accessKeyId)
      refuse(action, `Invalid${side}GroupOwnerUserAccount.Mismatch`);
    if (mode.authorize && other.securityGroupId === group.securityGroupId)
      refuse(action, 'InvalidParamter.Conflict');
    if (mode.authorize && other.vpcId !== group.vpcId)
      refuse(action, `Invalid${side}GroupId.Mismatch`, 'Specified security group');
    groupId = other.securityGroupId;
    groupOwnerAccount = end.ownerAccount ?? '';
  }
  return {
    direction: side === 'Source' ? 'ingress' : 'egress',
    ipProtocol,
    portRange: input.PortRange,
    cidrIp: end.cidrIp ?? '',
    groupId,
    groupOwnerAccount,
    policy: input.Policy?.toLowerCase() === 'drop' ? 'drop' : 'accept',
    priority: input.Priority ?? 1,
    // A VPC has no internet NIC: its rules are intranet, as today's API records them.
    nicType: group.vpcId ? 'intranet' : input.NicType === 'intranet' ? 'intranet' : 'internet',
    description: input.Description ?? '',
    creationTime: context.now,
  };
}

/** The reference names a rule by these values (not its priority or description). */
function sameRule(a: SecurityGroupRule, b: SecurityGroupRule): boolean {
  return (
    a.direction === b.direction &&
    a.ipProtocol === b.ipProtocol &&
    a.portRange === b.portRange &&
    a.cidrIp === b.cidrIp &&
    a.groupId === b.groupId &&
    a.policy === b.policy &&
    a.nicType === b.nicType
  );
}

function applyRule(action: RuleAction, mode: Mode, input: RuleInput, end: End, context: DomainContext): void {
  const { group } = requireSecurityGroup(action, context.account, input.RegionId, input.SecurityGroupId);
  const rule = checkedRule(action, mode, input, end, group, context);
  const existing = group.rules.findIndex((each) => sameRule(each, rule));
  if (mode.authorize) {
    // An existing rule is kept as it is: today's API answers success, and the reference documents no code.
    if (existing >= 0) return;
    if (group.rules.length >= RULES_PER_GROUP) refuse(action, 'AuthorizationLimitExceed');
    group.rules.push(rule);
  } else if (existing >= 0) {
    group.rules.splice(existing, 1);
  }
}

function source(input: ActionInput<typeof api.AuthorizeSecurityGroup>): End {
  return {
    groupId: input.SourceGroupId,
    ownerAccount: input.SourceGroupOwnerAccount,
    ownerId: input.SourceGroupOwnerId,
    cidrIp: input.SourceCidrIp,
  };
}

function dest(input: ActionInput<typeof api.AuthorizeSecurityGroupEgress>): End {
  return {
    groupId: input.DestGroupId,
    ownerAccount: input.DestGroupOwnerAccount,
    ownerId: input.DestGroupOwnerId,
    cidrIp: input.DestCidrIp,
  };
}

export function AuthorizeSecurityGroup(
  input: ActionInput<typeof api.AuthorizeSecurityGroup>,
  context: DomainContext,
): Reply<typeof api.AuthorizeSecurityGroup> {
  applyRule(api.AuthorizeSecurityGroup, { side: 'Source', authorize: true }, input, source(input), context);
  return {};
}

export function RevokeSecurityGroup(
  input: ActionInput<typeof api.RevokeSecurityGroup>,
  context: DomainContext,
): Reply<typeof api.RevokeSecurityGroup> {
  applyRule(api.RevokeSecurityGroup, { side: 'Source', authorize: false }, input, source(input), context);
  return {};
}

export function AuthorizeSecurityGroupEgress(
  input: ActionInput<typeof api.AuthorizeSecurityGroupEgress>,
  context: DomainContext,
): Reply<typeof api.AuthorizeSecurityGroupEgress> {
  applyRule(api.AuthorizeSecurityGroupEgress, { side: 'Dest', authorize: true }, input, dest(input), context);
  return {};
}

export function RevokeSecurityGroupEgress(
  input: ActionInput<typeof api.RevokeSecurityGroupEgress>,
  context: DomainContext,
): Reply<typeof api.RevokeSecurityGroupEgress> {
  applyRule(api.RevokeSecurityGroupEgress, { side: 'Dest', authorize: false }, input, dest(input), context);
  return {};
}
