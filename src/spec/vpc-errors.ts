import { documented } from './documented-errors.js';

/** Rows the VPC, VSwitch and route-table tables share word for word. */

export const vpcNotFound = documented(
  'InvalidVpcId.NotFound',
  404,
  'Specified VPC does not exist.',
  'The VpcId names no VPC of the region.',
);
export const incorrectVpcStatus = documented(
  'IncorrectVpcStatus',
  400,
  'Current VPC status does not support this operation.',
  'The VPC is still Pending.',
);
export const vSwitchNotFound = documented(
  'InvalidVSwitchId.NotFound',
  404,
  'Specified virtual switch does not exist.',
  'The VSwitchId names no VSwitch of the region.',
);
export const routeEntryPending = documented(
  'IncorrectRouteEntryStatus',
  400,
  'Some route entry status blocked this operation.',
  'A route entry or VSwitch of the same VPC is still Pending.',
);
export const routeTableNotFound = documented(
  'InvalidRouteTableId.NotFound',
  404,
  'Specified route table does not exist.',
  'The RouteTableId names no route table of the region.',
);
export const cidrMalformed = documented(
  'InvalidCidrBlock.Malformed',
  400,
  'Specified CIDR block is not valid.',
  'The CIDR block is not a valid IPv4 block.',
);
