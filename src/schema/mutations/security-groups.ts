import {
  directionOf,
  type PermissionItem,
  securityGroupRulesLoader,
} from '../../loaders/security-group-rules.js';
import { type SecurityGroupItem, securityGroupListing } from '../../loaders/security-groups.js';
import type { AnyAction } from '../../spec/action.js';
import {
  AuthorizeSecurityGroup,
  AuthorizeSecurityGroupEgress,
  RevokeSecurityGroup,
  RevokeSecurityGroupEgress,
} from '../../spec/actions/security-group-rules.js';
import {
  CreateSecurityGroup,
  DeleteSecurityGroup,
  ModifySecurityGroupAttribute,
} from '../../spec/actions/security-groups.js';
import { SecurityGroupRef } from '../security-group.js';
import { affectedResource, deletedResource, describeAfter } from './affected.js';
import { defineMutation, type MutationDone } from './define-mutation.js';
import { showsAttributes } from './evidence.js';
import type { Evidence } from './lost-answer.js';
import { noEvidence } from './lost-answer.js';
import { oneOf } from './pair-rules.js';

/**
 * The security-group mutations: create, rename, delete, and the four rule actions
 * (ingress and egress, as ECS has them). Each answers the group described afresh: the
 * request's caches, its rules loader among them, are dropped after the write, so a
 * `rules` selection in the payload reads the rules as they are now.
 */

function theGroup<A extends AnyAction>(
  _action: A,
  description: string,
  id: (done: MutationDone<A>) => string | undefined,
  afterLostAnswer: Parameters<
    typeof affectedResource<A, typeof securityGroupListing.action, SecurityGroupItem>
  >[0]['afterLostAnswer'],
) {
  return affectedResource<A, typeof securityGroupListing.action, SecurityGroupItem>({
    field: 'securityGroup',
    type: SecurityGroupRef,
    listing: securityGroupListing,
    description,
    id,
    afterLostAnswer,
  });
}

defineMutation({
  name: 'createSecurityGroup',
  action: CreateSecurityGroup,
  ...theGroup(
    CreateSecurityGroup,
    'The security group created: its instances reach each other, everything else is closed until rules open it.',
    (done) => done.result?.SecurityGroupId,
    noEvidence('the new group’s id was in the lost answer'),
  ),
});

defineMutation({
  name: 'modifySecurityGroupAttribute',
  action: ModifySecurityGroupAttribute,
  ...theGroup(
    ModifySecurityGroupAttribute,
    'The security group with its new name or description.',
    (done) => done.input.SecurityGroupId,
    {
      shows: 'the group has every attribute given',
      holds: (group, done) =>
        showsAttributes(group, done.input, {
          RegionId: () => true,
          SecurityGroupId: 'SecurityGroupId',
          SecurityGroupName: 'SecurityGroupName',
          Description: 'Description',
        }),
    },
  ),
});

defineMutation({
  name: 'deleteSecurityGroup',
  action: DeleteSecurityGroup,
  ...deletedResource(DeleteSecurityGroup, {
    field: 'securityGroupId',
    description: 'The security group deleted.',
    id: (done) => done.input.SecurityGroupId,
    lookUp: (done, id) => describeAfter(done.context, securityGroupListing, done.regionId, id),
  }),
});

type RuleAction =
  | typeof AuthorizeSecurityGroup
  | typeof RevokeSecurityGroup
  | typeof AuthorizeSecurityGroupEgress
  | typeof RevokeSecurityGroupEgress;

interface RuleInput {
  readonly IpProtocol: string;
  readonly PortRange: string;
  readonly Policy?: string | undefined;
  readonly NicType?: string | undefined;
  readonly Priority?: number | undefined;
  readonly SourceCidrIp?: string | undefined;
  readonly SourceGroupId?: string | undefined;
  readonly DestCidrIp?: string | undefined;
  readonly DestGroupId?: string | undefined;
}

/** Whether a rule as ECS lists it is the one an input names (as ECS matches a revoke: given a CIDR block, it wins over a group). */
export function ruleMatches(
  rule: PermissionItem,
  input: RuleInput,
  direction: 'ingress' | 'egress',
): boolean {
  const egress = direction === 'egress';
  const cidr = egress ? input.DestCidrIp : input.SourceCidrIp;
  const group = egress ? input.DestGroupId : input.SourceGroupId;
  const same = (a: string | undefined, b: string | undefined) =>
    (a ?? '').toLowerCase() === (b ?? '').toLowerCase();
  return (
    directionOf(rule) === direction &&
    same(rule.IpProtocol, input.IpProtocol) &&
    rule.PortRange === input.PortRange &&
    (cidr
      ? (egress ? rule.DestCidrIp : rule.SourceCidrIp) === cidr
      : (egress ? rule.DestGroupId : rule.SourceGroupId) === group) &&
    same(rule.Policy, input.Policy ?? 'accept') &&
    (input.Priority === undefined || Number(rule.Priority) === input.Priority) &&
    (input.NicType === undefined || rule.NicType === input.NicType)
  );
}

/**
 * A rule mutation's payload is the group; after a lost answer, its rules read afresh
 * (a second call) show whether the rule is there (authorize) or gone (revoke).
 */
function theRuleGroup<A extends RuleAction>(action: A, direction: 'ingress' | 'egress', present: boolean) {
  const group = theGroup(
    action,
    present
      ? `The security group, now with the ${direction} rule; select its rules to see them.`
      : `The security group, without the ${direction} rule; select its rules to see them.`,
    (done) => (done.input as unknown as { readonly SecurityGroupId: string }).SecurityGroupId,
    noEvidence('unused: the rules decide'),
  );
  const afterLostAnswer: Evidence<A, Awaited<ReturnType<typeof group.read>>> = {
    shows: present ? `the group’s rules hold the rule` : `the group’s rules no longer hold the rule`,
    check: async (done) => {
      const input = done.input as unknown as RuleInput & { readonly SecurityGroupId: string };
      const rules = await securityGroupRulesLoader(done.context).load({
        regionId: done.regionId,
        id: input.SecurityGroupId,
      });
      if (rules === null) return undefined;
      const holds = rules.some((rule) => ruleMatches(rule, input, direction));
      return holds === present ? group.read(done) : undefined;
    },
  };
  const [cidr, groupId] =
    direction === 'ingress' ? ['SourceCidrIp', 'SourceGroupId'] : ['DestCidrIp', 'DestGroupId'];
  return {
    ...group,
    afterLostAnswer,
    // The group, and after a lost answer its rules first.
    reads: { fixed: 2 },
    pairRules: [oneOf(cidr as string, groupId as string, 'MissingParameter')],
  };
}

defineMutation({
  name: 'authorizeSecurityGroup',
  action: AuthorizeSecurityGroup,
  ...theRuleGroup(AuthorizeSecurityGroup, 'ingress', true),
});

defineMutation({
  name: 'revokeSecurityGroup',
  action: RevokeSecurityGroup,
  ...theRuleGroup(RevokeSecurityGroup, 'ingress', false),
});

defineMutation({
  name: 'authorizeSecurityGroupEgress',
  action: AuthorizeSecurityGroupEgress,
  ...theRuleGroup(AuthorizeSecurityGroupEgress, 'egress', true),
});

defineMutation({
  name: 'revokeSecurityGroupEgress',
  action: RevokeSecurityGroupEgress,
  ...theRuleGroup(RevokeSecurityGroupEgress, 'egress', false),
});
