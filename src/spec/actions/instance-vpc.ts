import { defineAction } from '../action.js';
import { documented } from '../documented-errors.js';
import { p } from '../params.js';
import { ipv4Address } from '../vpc-common.js';
import { vSwitchNotFound } from '../vpc-errors.js';

const changing = 'InvalidPrivateIp.Changing';

export const ModifyInstanceVpcAttribute = defineAction({
  name: 'ModifyInstanceVpcAttribute',
  summary:
    'Moves a Stopped VPC instance to another VSwitch of its VPC in its zone, with a given or a free private address; once each time the instance is stopped.',
  idempotency: 'none',
  changes: [{ kind: 'instance', ids: 'InstanceId' }, { kind: 'vpc' }],
  params: {
    InstanceId: p.id({ required: true, doc: 'The instance to move.' }),
    VSwitchId: p.id({
      required: true,
      doc: 'The new VSwitch: of the same VPC, in the zone of the instance.',
    }),
    PrivateIpAddress: p.string({
      check: ipv4Address,
      code: 'InvalidPrivateIpAddress.Malformed',
      doc: 'The new private address, inside the VSwitch block; absent, a free one is given.',
    }),
  },
  response: {},
  errors: [
    vSwitchNotFound,
    documented(
      'InvalidVSwitchId.Mismatch',
      400,
      'Specified instance and virtual switch are not in the same zone.',
      'The VSwitch is in another zone than the instance.',
    ),
    documented(
      'InvalidInstanceId.NotFound',
      404,
      'Specified instance does not exist.',
      'The specified InstanceId does not exist.',
    ),
    documented(
      'InvalidPrivateIpAddress.Mismatch',
      400,
      'Specified private IP address is not in the CIDR block of virtual switch.',
      'The PrivateIpAddress is outside the VSwitch block, or one of the addresses it keeps.',
    ),
    documented(
      'InvalidPrivateIpAddress.Malformed',
      400,
      'Specified private IP address is malformed.',
      'The PrivateIpAddress is not an IPv4 address.',
    ),
    documented(
      'InvalidPrivateIpAddress.Duplicated',
      400,
      'Specified private IP address is duplicated.',
      'Another instance of the VPC has the PrivateIpAddress.',
    ),
    documented(
      changing,
      400,
      'Previous action is not finished yet.',
      'The VSwitch of the instance is still changing.',
    ),
    documented(
      'InvalidVSwitchId.NotFound',
      404,
      'Specified virtual switch is not found in the current VPC.',
      'The VSwitch belongs to another VPC than the instance.',
    ),
    documented(
      'IncorrectInstanceStatus',
      400,
      'The current status of the instance does not support this operation.',
      'The instance is not Stopped.',
    ),
    documented(
      'OperationDenied',
      400,
      'Specified operation is denied as your instance is not in the VPC.',
      'The instance is a classic one.',
    ),
    documented(
      changing,
      400,
      'Specified private IP address is not in the CIDR block of the virtual switch.',
      'The instance has changed its VSwitch since it was last stopped: once each stop.',
    ),
  ],
});
