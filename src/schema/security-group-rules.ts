import { pageOfCollected } from '../loaders/pages.js';
import {
  directionOf,
  type PermissionItem,
  type RuleDirection,
  securityGroupRulesLoader,
} from '../loaders/security-group-rules.js';
import {
  instancesOfSecurityGroup,
  MAX_INSTANCES_PER_SECURITY_GROUP,
  type SecurityGroupItem,
} from '../loaders/security-groups.js';
import { RULES_PER_GROUP } from '../spec/security-group-common.js';
import { builder } from './builder.js';
import { upstreamCost } from './cost.js';
import { decidedBy } from './deciding-pages.js';
import { defineOpenEnum, openEnumFields } from './enums.js';
import { present } from './errors.js';
import { InstancePage } from './instance.js';
import { relationScope, withCursorScope } from './page-cursor.js';
import { resolvePageRequest } from './page-request.js';
import { pageArgument, relationFieldCost } from './pagination.js';
import { SecurityGroupRef } from './security-group.js';
import { nonEmpty, optionalText } from './wire-values.js';

/**
 * The rules of a security group (DescribeSecurityGroupAttribute, one call per group and
 * request) and its instances (DescribeInstances by SecurityGroupId, or a scan).
 */

interface RuleRow {
  readonly rule: PermissionItem;
  readonly regionId: string;
}

export const RuleDirectionEnum = builder.enumType('SecurityGroupRuleDirection', {
  description: 'Which traffic a security-group rule is about (Direction).',
  values: {
    INGRESS: { value: 'ingress', description: '`ingress`: traffic into the instances.' },
    EGRESS: { value: 'egress', description: '`egress`: traffic out of the instances.' },
  },
});

export const RuleNicType = builder.enumType('SecurityGroupRuleNicType', {
  description: 'The network interface a security-group rule applies to (NicType).',
  values: {
    INTERNET: { value: 'internet', description: '`internet`: the public network interface.' },
    INTRANET: { value: 'intranet', description: '`intranet`: the internal network interface.' },
  },
});

const RulePolicy = defineOpenEnum('SecurityGroupRulePolicy', {
  description: 'What a security-group rule does with the traffic it matches (Policy).',
  values: { accept: 'the traffic is let through.', drop: 'the traffic is dropped without an answer.' },
});

const IpProtocol = defineOpenEnum('SecurityGroupRuleProtocol', {
  description: 'The protocol a security-group rule matches (IpProtocol).',
  values: {
    tcp: 'TCP.',
    udp: 'UDP.',
    icmp: 'ICMP.',
    gre: 'GRE.',
    all: 'every protocol.',
  },
});

export const SecurityGroupRuleRef = builder.objectRef<RuleRow>('SecurityGroupRule').implement({
  description:
    'A rule of a security group (PermissionType): traffic of a protocol and port range, from (ingress) or to (egress) a CIDR block or another security group, accepted or dropped. At equal priority a drop rule wins.',
  fields: (t) => ({
    direction: t.field({
      type: RuleDirectionEnum,
      description: 'Whether the rule is about incoming or outgoing traffic (Direction).',
      resolve: ({ rule }) => directionOf(rule),
    }),
    ...openEnumFields(t, 'ipProtocol', IpProtocol, {
      description: 'The protocol the rule matches (IpProtocol).',
      read: ({ rule }) => nonEmpty(rule.IpProtocol?.toLowerCase()),
    }),
    portRange: t.string({
      nullable: true,
      description: 'The ports as from/to (PortRange): 22/22, 1/65535; -1/-1 for icmp, gre and all.',
      resolve: ({ rule }) => rule.PortRange || null,
    }),
    sourceCidrIp: t.string({
      nullable: true,
      description: 'Ingress: the source address range (SourceCidrIp).',
      resolve: ({ rule }) => rule.SourceCidrIp || null,
    }),
    sourceGroupId: t.id({
      nullable: true,
      description: 'Ingress: the source security group (SourceGroupId).',
      resolve: ({ rule }) => rule.SourceGroupId || null,
    }),
    sourceGroupOwnerAccount: t.string({
      nullable: true,
      description:
        "Ingress: the account of the source group, when it is another account's (SourceGroupOwnerAccount).",
      resolve: ({ rule }) => rule.SourceGroupOwnerAccount || null,
    }),
    destCidrIp: t.string({
      nullable: true,
      description: 'Egress: the destination address range (DestCidrIp).',
      resolve: ({ rule }) => rule.DestCidrIp || null,
    }),
    destGroupId: t.id({
      nullable: true,
      description: 'Egress: the destination security group (DestGroupId).',
      resolve: ({ rule }) => rule.DestGroupId || null,
    }),
    destGroupOwnerAccount: t.string({
      nullable: true,
      description:
        "Egress: the account of the destination group, when it is another account's (DestGroupOwnerAccount).",
      resolve: ({ rule }) => rule.DestGroupOwnerAccount || null,
    }),
    ...openEnumFields(t, 'policy', RulePolicy, {
      description: 'Whether matching traffic is accepted or dropped (Policy).',
      read: ({ rule }) => nonEmpty(rule.Policy?.toLowerCase()),
    }),
    nicType: t.field({
      type: RuleNicType,
      nullable: true,
      description: 'The network interface the rule applies to (NicType).',
      resolve: ({ rule }) =>
        rule.NicType === 'internet' || rule.NicType === 'intranet' ? rule.NicType : null,
    }),
    priority: t.int({
      nullable: true,
      description: 'The priority, 1 (highest) to 100 (Priority).',
      resolve: ({ rule }) => {
        const priority = Number(rule.Priority);
        return rule.Priority && Number.isInteger(priority) ? priority : null;
      },
    }),
    description: t.string({
      nullable: true,
      description: 'The description of the rule (Description).',
      resolve: ({ rule }) => rule.Description || null,
    }),
    creationTime: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the rule was added (CreateTime), in UTC.',
      resolve: ({ rule }) => optionalText(rule.CreateTime),
    }),
  }),
});

builder.objectFields(SecurityGroupRef, (t) => ({
  regionId: t.id({
    description: 'The region of the security group (RegionId of the listing it came from).',
    resolve: (group: SecurityGroupItem) => group.regionId,
  }),
  rules: t.field({
    type: [SecurityGroupRuleRef],
    // Nullable so that a failed read of one group's rules leaves the other groups standing.
    nullable: true,
    description:
      'The rules of the security group, highest priority first (DescribeSecurityGroupAttribute): one call per group of the request, whatever the arguments, which filter its answer. Null when ECS no longer knows the group, or, with an error at this path, when ECS fails to answer.',
    args: {
      direction: t.arg({
        type: RuleDirectionEnum,
        required: false,
        description: 'Only ingress or only egress rules; both when absent.',
      }),
      nicType: t.arg({
        type: RuleNicType,
        required: false,
        description: 'Only the rules of this network interface; all when absent.',
      }),
    },
    extensions: upstreamCost({ calls: 'each', items: RULES_PER_GROUP }),
    resolve: async (group, args, context) => {
      const regionId = group.regionId;
      const id = present(group.SecurityGroupId, 'SecurityGroupId of a security group');
      const rules = await securityGroupRulesLoader(context).load({ regionId, id });
      if (rules === null) return null;
      const direction: RuleDirection | null | undefined = args.direction;
      return rules
        .filter((rule) => !direction || directionOf(rule) === direction)
        .filter((rule) => !args.nicType || rule.NicType === args.nicType)
        .map((rule) => ({ rule, regionId }));
    },
  }),
  instances: t.field({
    type: InstancePage,
    // Nullable so that a failed listing of one group's instances leaves the other groups standing.
    nullable: true,
    description:
      'The instances in the security group (DescribeInstances with SecurityGroupId), a page at a time. The instances of every group of a list are fetched together: one call per group, or a scan of the region when that costs fewer calls. Null, with an error at this path, when ECS fails to list them.',
    args: { page: t.arg(pageArgument) },
    extensions: {
      ...relationFieldCost('instancesOfSecurityGroup', { maxChildren: MAX_INSTANCES_PER_SECURITY_GROUP }),
      ...decidedBy(instancesOfSecurityGroup),
    },
    resolve: async (group, args, context) => {
      const id = present(group.SecurityGroupId, 'SecurityGroupId of a security group');
      const scope = relationScope('SecurityGroup.instances', group.regionId, id);
      const request = resolvePageRequest(args.page, context, 'page', scope);
      const collected = await context.loaders
        .related(instancesOfSecurityGroup)
        .load({ regionId: group.regionId, id });
      return withCursorScope(pageOfCollected(collected, request), scope);
    },
  }),
}));
