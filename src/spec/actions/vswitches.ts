import { defineAction } from '../action.js';
import { documented, zoneNotFound } from '../documented-errors.js';
import { p } from '../params.js';
import { t } from '../shape.js';
import { cidrBlock, networkDescription, networkName, VSwitchSetType } from '../vpc-common.js';
import {
  cidrMalformed,
  incorrectVpcStatus,
  routeEntryPending,
  vpcNotFound,
  vSwitchNotFound,
} from '../vpc-errors.js';

/** VSwitches: the subnets of a VPC, one zone each (2014 reference; today the VPC product's). */

const nameMalformed = documented(
  'InvalidVSwitchName.Malformed',
  400,
  'Specified virtual switch name is not valid.',
  'The VSwitchName breaks the name rule.',
);
const descriptionMalformed = documented(
  'InvalidVSwitchDescription.Malformed',
  400,
  'Specified virtual switch description is not valid.',
  'The Description breaks the description rule.',
);
const vSwitchPending = 'IncorrectVSwitchStatus';

export const CreateVSwitch = defineAction({
  name: 'CreateVSwitch',
  summary:
    'Creates a VSwitch in a zone of an Available VPC: its block inside the VPC block, mask 16 to 24 bits, overlapping no other VSwitch or custom route; at most 24 a VPC. Pending for a moment, then Available.',
  idempotency: 'clientToken',
  changes: [{ kind: 'vpc' }],
  params: {
    ZoneId: p.string({ required: true, doc: 'The zone of the VSwitch; its instances stay in it.' }),
    CidrBlock: p.string({
      required: true,
      check: cidrBlock,
      code: 'InvalidCidrBlock.Malformed',
      doc: 'The VSwitch block: inside the VPC block, mask 16 to 24 bits; the first address and the last nine are kept by the system. It cannot change later.',
    }),
    VpcId: p.id({ required: true, doc: 'The VPC of the new VSwitch.' }),
    VSwitchName: networkName('InvalidVSwitchName.Malformed', 'VSwitch'),
    Description: networkDescription('InvalidVSwitchDescription.Malformed', 'VSwitch'),
  },
  response: { VSwitchId: t.string },
  errors: [
    zoneNotFound,
    vpcNotFound,
    cidrMalformed,
    nameMalformed,
    descriptionMalformed,
    documented(
      'ResourceNotAvailable',
      400,
      'Resource you requested is not available in this region or zone.',
      'The zone does not offer VSwitches.',
    ),
    documented(
      'InvalidParameter',
      400,
      'Specified CIDR block is not valid in VPC.',
      'The CidrBlock is not inside the VPC block.',
    ),
    documented(
      'InvalidCidrBlock.Overlapped',
      400,
      'Specified CIDR block overlapped with other subnets.',
      'The CidrBlock overlaps the block of another VSwitch of the VPC.',
    ),
    documented(
      'InvalidCidrBlock.Overlapped',
      400,
      'Specified CIDR block overlapped with other entry',
      'The CidrBlock is, or holds, the destination of a custom route entry of the VPC.',
    ),
    documented(
      'QuotaExceeded.VSwitch',
      400,
      'Virtual switch quota exceeded.',
      'The VPC holds 24 VSwitches already.',
    ),
    routeEntryPending,
    documented(
      vSwitchPending,
      400,
      'Some virtual switch is modifying within the same VPC.',
      'Another VSwitch of the VPC is still Pending.',
    ),
    documented(
      'InvalidCidrBlock.MaskLength',
      400,
      'Specified CIDR block is not valid.',
      'The mask of the CidrBlock is not 16 to 24 bits.',
    ),
    incorrectVpcStatus,
  ],
});

export const DeleteVSwitch = defineAction({
  name: 'DeleteVSwitch',
  summary: 'Deletes an Available VSwitch that holds no instance, with its system route entry.',
  idempotency: 'none',
  changes: [{ kind: 'vpc' }],
  params: { VSwitchId: p.id({ required: true, doc: 'The VSwitch to delete.' }) },
  response: {},
  errors: [
    // Not in the 2014 table, but the VPC API answers it for an unknown VSwitch today.
    vSwitchNotFound,
    documented(
      vSwitchPending,
      400,
      'The current virtual switch status does not support this operation.',
      'The VSwitch is still Pending.',
    ),
    documented(
      'DependencyViolation',
      400,
      'Specified object has dependent resources.',
      'Instances remain in the VSwitch.',
    ),
    documented(
      'IncorrectRouteEntryStatus',
      400,
      'Some route entry status blocked this operation.',
      'A custom route entry of the VPC is still Pending.',
    ),
  ],
});

export const DescribeVSwitches = defineAction({
  name: 'DescribeVSwitches',
  summary: 'Lists the VSwitches of a VPC, oldest first, page by page.',
  idempotency: 'read',
  reads: {
    kind: 'vpc',
    list: 'VSwitches',
    ids: 'VSwitchId',
    status: { field: 'Status', transitional: ['Pending'] },
  },
  params: {
    VpcId: p.id({ required: true, doc: 'The VPC whose VSwitches to list.' }),
    VSwitchId: p.id({ doc: 'Only this VSwitch.' }),
    ZoneId: p.string({ doc: 'Only the VSwitches of this zone.' }),
    PageNumber: p.pageNumber(),
    PageSize: p.pageSize(),
  },
  response: {
    TotalCount: t.int,
    PageNumber: t.int,
    PageSize: t.int,
    VSwitches: t.list('VSwitch', VSwitchSetType),
  },
  page: { list: 'VSwitches' },
  errors: [
    documented(
      'Forbidden.VpcNotFound',
      404,
      'Specified VPC is not found during access authentication.',
      'The VpcId names no VPC of the region.',
    ),
  ],
});

export const ModifyVSwitchAttribute = defineAction({
  name: 'ModifyVSwitchAttribute',
  summary: 'Renames a VSwitch or changes its description; absent ones stay.',
  idempotency: 'none',
  changes: [{ kind: 'vpc' }],
  params: {
    VSwitchId: p.id({ required: true, doc: 'The VSwitch to change.' }),
    VSwitchName: networkName('InvalidVSwitchName.Malformed', 'VSwitch'),
    Description: networkDescription('InvalidVSwitchDescription.Malformed', 'VSwitch'),
  },
  response: {},
  errors: [
    documented(
      'InvalidVSwitchId.NotFound',
      404,
      'The specified virtual switch does not exists.',
      'The VSwitchId names no VSwitch of the region.',
    ),
    nameMalformed,
    descriptionMalformed,
  ],
});
