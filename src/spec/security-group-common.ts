import { p, type StringRule } from './params.js';
import { description, resourceName } from './value-rules.js';

/**
 * What the security-group actions share: the group's id, name and description, and the
 * parameters of a rule, which ingress (Source*) and egress (Dest*) spell alike.
 */

export const PROTOCOLS = ['tcp', 'udp', 'icmp', 'gre', 'all'] as const;

/** At most this many rules a group holds, ingress and egress together (AuthorizationLimitExceed). */
export const RULES_PER_GROUP = 100;

/** `from/to`: two integers from -1 to 65535, from not above to. Whether they suit the protocol is checked later. */
export const portRange: StringRule = (value) => {
  const match = /^(-?\d+)\/(-?\d+)$/.exec(value);
  if (!match) return 'must be two port numbers as from/to, such as 22/22 or -1/-1';
  const from = Number(match[1]);
  const to = Number(match[2]);
  if (from < -1 || to > 65535 || from > 65535 || to < -1) return 'ports must be from -1 to 65535';
  if (from > to) return 'the first port must not be above the second';
  return undefined;
};

/** Whether a valid port range suits the protocol: 1 to 65535 for tcp and udp, -1/-1 for the others. */
export function portRangeFits(protocol: string, range: string): boolean {
  const [from, to] = range.split('/').map(Number) as [number, number];
  const ported = protocol === 'tcp' || protocol === 'udp';
  return ported ? from >= 1 && to <= 65535 : from === -1 && to === -1;
}

/** An IPv4 CIDR block (`10.0.0.0/8`) or a single IPv4 address. */
export const ipv4Cidr: StringRule = (value) => {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(value);
  if (!match) return 'must be an IPv4 address or CIDR block, such as 10.0.0.0/8';
  const octets = match.slice(1, 5).map(Number);
  if (octets.some((octet) => octet > 255)) return 'each part of the address must be from 0 to 255';
  if (match[5] !== undefined && Number(match[5]) > 32) return 'the prefix length must be from 0 to 32';
  return undefined;
};

export const securityGroupId = p.id({ required: true, doc: 'The ID of the security group.' });
export const regionId = p.string({ required: true, doc: 'The region of the security group.' });

export const securityGroupName = p.string({
  minLength: 2,
  maxLength: 128,
  check: resourceName,
  code: 'InvalidSecurityGroupName.Malformed',
  doc: 'The name: 2 to 128 characters, starting with a letter or Chinese character, then letters, digits, ".", "_", "-" or ":"; not starting with http:// or https://.',
});
export const securityGroupDescription = p.string({
  minLength: 2,
  maxLength: 256,
  check: description,
  code: 'InvalidDescription.Malformed',
  doc: 'The description: 2 to 256 characters, not starting with http:// or https://.',
});

/** The codes an action answers for a bad rule parameter; they differ between its tables. */
interface RuleCodes<PR extends string, PO extends string> {
  readonly protocol: PR;
  readonly portRange: PO;
}

/** The parameters every rule takes, whichever its direction. */
export function ruleParams<const PR extends string, const PO extends string>(codes: RuleCodes<PR, PO>) {
  return {
    SecurityGroupId: securityGroupId,
    RegionId: regionId,
    IpProtocol: p.string({
      required: true,
      values: PROTOCOLS,
      ignoreCase: true,
      code: codes.protocol,
      doc: 'The protocol: tcp, udp, icmp, gre or all.',
    }),
    PortRange: p.string({
      required: true,
      check: portRange,
      code: codes.portRange,
      doc: 'The ports as from/to: 1 to 65535 for tcp and udp ("22/22", "1/200"), -1/-1 for icmp, gre and all.',
    }),
    Policy: p.string({
      values: ['accept', 'drop'],
      ignoreCase: true,
      code: 'InvalidPolicy.Malformed',
      doc: 'accept (default) or drop.',
    }),
    Priority: p.int({
      min: 1,
      max: 100,
      code: 'InvalidPriority.Malformed',
      doc: 'The priority, 1 (default, highest) to 100; at equal priority drop wins.',
    }),
    NicType: p.string({
      values: ['internet', 'intranet'],
      code: 'InvalidNicType.ValueNotSupported',
      doc: 'internet (default) or intranet; intranet for a rule naming a security group.',
    }),
    Description: p.string({
      minLength: 1,
      maxLength: 512,
      doc: "Today's API: a description of the rule, up to 512 characters.",
    }),
  } as const;
}

/**
 * The other end of an ingress rule: a CIDR block or another security group (of this
 * account unless an owner is named), one of them required; given both, the block wins.
 */
export const sourceParams = {
  SourceGroupId: p.id({
    doc: 'The source security group, in the same region (classic) or VPC; NicType must then be intranet. Either it or SourceCidrIp is required.',
  }),
  SourceGroupOwnerAccount: p.string({
    doc: "The account holding the source security group, when it is another account's; ignored with SourceCidrIp.",
  }),
  SourceGroupOwnerId: p.string({
    doc: "The id of the account holding the source security group, when it is another account's; ignored with SourceCidrIp.",
  }),
  SourceCidrIp: p.string({
    check: ipv4Cidr,
    code: 'InvalidSourceCidrIp.Malformed',
    doc: 'The source IPv4 range in CIDR form (0.0.0.0/0 for any). Either it or SourceGroupId is required.',
  }),
} as const;

/** The other end of an egress rule, as for ingress. */
export const destParams = {
  DestGroupId: p.id({
    doc: 'The destination security group, in the same region (classic) or VPC; NicType must then be intranet. Either it or DestCidrIp is required.',
  }),
  DestGroupOwnerAccount: p.string({
    doc: "The account holding the destination security group, when it is another account's; ignored with DestCidrIp.",
  }),
  DestGroupOwnerId: p.string({
    doc: "The id of the account holding the destination security group, when it is another account's; ignored with DestCidrIp.",
  }),
  DestCidrIp: p.string({
    check: ipv4Cidr,
    code: 'InvalidDestCidrIp.Malformed',
    doc: 'The destination IPv4 range in CIDR form (0.0.0.0/0 for any). Either it or DestGroupId is required.',
  }),
} as const;
