import { defineAction } from '../action.js';
import { documented, securityGroupNotFound } from '../documented-errors.js';
import { destParams, ruleParams, sourceParams } from '../security-group-common.js';

/**
 * Rules of a security group: ingress (Authorize/RevokeSecurityGroup) and egress (the
 * *Egress pair). A rule is its protocol, ports, other end (CIDR block or group), policy,
 * priority and NIC type; revoking takes the same values as authorizing did.
 *
 * The reference says an existing rule cannot be authorized again nor a missing one
 * revoked, but documents no code for either; today's API answers both with success and
 * changes nothing, and so does the simulator. Today's API takes ClientToken on all four.
 */

const regionNotFound = documented(
  'InvalidRegionId.NotFound',
  404,
  'The RegionId provided does not exist in our records.',
  'The specified RegionId does not exist.',
);
const priorityMalformed = documented(
  'InvalidPriority.Malformed',
  400,
  'The specified parameter "Priority" is not valid.',
  'The Priority is not from 1 to 100.',
);
const policyMalformed = documented(
  'InvalidPolicy.Malformed',
  400,
  'The specified parameter "Policy" is not valid.',
  'The Policy is neither accept nor drop.',
);
const nicTypeNotSupported = documented(
  'InvalidNicType.ValueNotSupported',
  400,
  'The specified NicType does not exist.',
  'The NicType is neither internet nor intranet.',
);
const limitExceeded = documented(
  'AuthorizationLimitExceed',
  403,
  'The limit of Authorization in one security group reaches.',
  'The security group holds as many rules as it may (100).',
);
const protocolPortMismatch = documented(
  'OperationDenied',
  400,
  'The specified IpProtocol does not exist or IpProtocol and PortRange do not match.',
  'The PortRange does not suit the IpProtocol (1 to 65535 for tcp and udp, -1/-1 otherwise).',
);
const authorizePortMalformed = documented(
  'InvalidIpProtocol.Malformed',
  400,
  'The specified parameter "PortRange" is not valid.',
  'The PortRange is not from/to with ports from -1 to 65535, from not above to.',
);
const revokeProtocolNotSupported = documented(
  'InvalidIpProtocol.ValueNotSupported',
  400,
  'The specified IpProtocol does not exist.',
  'The IpProtocol is not tcp, udp, icmp, gre or all.',
);
const revokePortMalformed = documented(
  'InvalidIpPortRange.Malformed',
  400,
  'The specified parameter "PortRange" is not valid.',
  'The PortRange is malformed or does not suit the IpProtocol.',
);

/** The rows the four tables word alike but for Source/Dest. */
function sideErrors<const S extends 'Source' | 'Dest'>(side: S, bothBlankStatus: number) {
  const group = side === 'Source' ? 'source' : 'destination';
  return [
    documented(
      `Invalid${side}GroupId.NotFound` as `Invalid${S}GroupId.NotFound`,
      404,
      `The ${side}GroupId provided does not exist in our records.`,
      `The ${side}GroupId names no security group of the region.`,
    ),
    documented(
      `Invalid${side}GroupId.Mismatch` as `Invalid${S}GroupId.Mismatch`,
      403,
      'NicType is required or NicType expects intrnet.',
      `A rule naming a ${group} security group (without ${side}CidrIp) must have NicType intranet.`,
    ),
    documented(
      `Invalid${side}CidrIp.Malformed` as `Invalid${S}CidrIp.Malformed`,
      400,
      `The specified parameter "${side}CidrIp" is not valid.`,
      `The ${side}CidrIp is not an IPv4 address or CIDR block.`,
    ),
    documented(
      'MissingParameter',
      bothBlankStatus,
      `The input parameter "${side}GroupId" or "${side}CidrIp" cannot be both blank.`,
      `Neither ${side}GroupId nor ${side}CidrIp is given.`,
    ),
    documented(
      `Invalid${side}GroupId.Mismatch` as `Invalid${S}GroupId.Mismatch`,
      403,
      `${side}GroupOwner Account is required`,
      `The ${group} security group is another account's, and ${side}GroupOwnerAccount is not given.`,
    ),
    documented(
      `Invalid${side}GroupOwnerUserAccount.Mismatch` as `Invalid${S}GroupOwnerUserAccount.Mismatch`,
      403,
      `The specified ${side}GroupId is not belong to the ${side}GroupOwner Account`,
      `The ${group} security group is not of the account ${side}GroupOwnerAccount names.`,
    ),
  ] as const;
}

/** The rows only the authorizing tables have. */
function authorizeErrors<const S extends 'Source' | 'Dest'>(side: S) {
  return [
    limitExceeded,
    documented(
      'InvalidParamter.Conflict',
      403,
      `The specified SecurityGroupId should be different from the ${side}GroupId.`,
      `The ${side}GroupId is the security group itself.`,
    ),
    documented(
      `Invalid${side}GroupId.Mismatch` as `Invalid${S}GroupId.Mismatch`,
      403,
      `Specified security group and ${side === 'Source' ? 'source' : 'destination'} group are not in the same VPC.`,
      `The two security groups are not in the same VPC (or only one is in a VPC).`,
    ),
  ] as const;
}

const ruleChanges = [{ kind: 'securityGroup', ids: 'SecurityGroupId' }] as const;

export const AuthorizeSecurityGroup = defineAction({
  name: 'AuthorizeSecurityGroup',
  summary:
    'Adds an ingress rule to a security group, from a CIDR block or another security group: at most 100 rules a group.',
  idempotency: 'clientToken',
  changes: ruleChanges,
  params: {
    ...ruleParams({ protocol: 'OperationDenied', portRange: 'InvalidIpProtocol.Malformed' }),
    ...sourceParams,
  },
  response: {},
  errors: [
    regionNotFound,
    securityGroupNotFound,
    protocolPortMismatch,
    authorizePortMalformed,
    priorityMalformed,
    policyMalformed,
    nicTypeNotSupported,
    ...sideErrors('Source', 403),
    ...authorizeErrors('Source'),
  ],
});

export const RevokeSecurityGroup = defineAction({
  name: 'RevokeSecurityGroup',
  summary: 'Removes an ingress rule from a security group, named by the values it was authorized with.',
  idempotency: 'clientToken',
  changes: ruleChanges,
  params: {
    ...ruleParams({
      protocol: 'InvalidIpProtocol.ValueNotSupported',
      portRange: 'InvalidIpPortRange.Malformed',
    }),
    ...sourceParams,
  },
  response: {},
  errors: [
    regionNotFound,
    securityGroupNotFound,
    revokeProtocolNotSupported,
    revokePortMalformed,
    priorityMalformed,
    policyMalformed,
    nicTypeNotSupported,
    ...sideErrors('Source', 400),
  ],
});

export const AuthorizeSecurityGroupEgress = defineAction({
  name: 'AuthorizeSecurityGroupEgress',
  summary:
    'Adds an egress rule to a security group, to a CIDR block or another security group: at most 100 rules a group.',
  idempotency: 'clientToken',
  changes: ruleChanges,
  params: {
    ...ruleParams({ protocol: 'OperationDenied', portRange: 'InvalidIpProtocol.Malformed' }),
    ...destParams,
  },
  response: {},
  errors: [
    regionNotFound,
    securityGroupNotFound,
    protocolPortMismatch,
    authorizePortMalformed,
    priorityMalformed,
    policyMalformed,
    nicTypeNotSupported,
    ...sideErrors('Dest', 403),
    ...authorizeErrors('Dest'),
  ],
});

export const RevokeSecurityGroupEgress = defineAction({
  name: 'RevokeSecurityGroupEgress',
  summary: 'Removes an egress rule from a security group, named by the values it was authorized with.',
  idempotency: 'clientToken',
  changes: ruleChanges,
  params: {
    ...ruleParams({
      protocol: 'InvalidIpProtocol.ValueNotSupported',
      portRange: 'InvalidIpPortRange.Malformed',
    }),
    ...destParams,
  },
  response: {},
  errors: [
    regionNotFound,
    securityGroupNotFound,
    revokeProtocolNotSupported,
    revokePortMalformed,
    priorityMalformed,
    policyMalformed,
    nicTypeNotSupported,
    ...sideErrors('Dest', 400),
  ],
});
