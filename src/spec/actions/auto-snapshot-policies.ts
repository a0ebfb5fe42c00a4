import { defineAction } from '../action.js';
import {
  AutoSnapshotExecutionStatusType,
  AutoSnapshotPolicyExType,
  AutoSnapshotPolicyType,
} from '../datatypes.js';
import {
  diskCategoryNotSupported,
  documented,
  notEnoughBalance,
  policyNotFound,
  policyNotInRegion,
  snapshotServiceUnavailable,
  tagErrors,
} from '../documented-errors.js';
import { p } from '../params.js';
import { t } from '../shape.js';
import { hourList, resourceName, retentionDays, tagsParam, weekdayList } from '../value-rules.js';

/**
 * Today's policy actions (one account may hold up to 100 policies a region, each applied
 * to any disks). The writes take camelCase parameters on the wire (`regionId`,
 * `timePoints`, as today's SDKs send them); the 2014 reference spells them in
 * PascalCase, which the simulator also accepts through `aliases`.
 *
 * Idempotency: the 2014 reference lists ClientToken on CreateAutoSnapshotPolicy and
 * ModifyAutoSnapshotPolicyEx, but today's API takes none on any policy action, so a
 * retried create could make a second policy: they are declared `none`.
 */

// Today's tables answer ParameterInvalid with 403 for a malformed value.
const MALFORMED = { code: 'ParameterInvalid', httpStatus: 403 } as const;

function malformed(what: string) {
  return documented(
    'ParameterInvalid',
    403,
    `The specified ${what} parameter is invalid.`,
    `The ${what} breaks its rule.`,
  );
}

const regionId = p.string({
  required: true,
  aliases: ['RegionId'],
  ...MALFORMED,
  doc: 'The region of the policy (and of the disks).',
});
const policyId = p.id({
  required: true,
  aliases: ['AutoSnapshotPolicyId'],
  ...MALFORMED,
  doc: 'The ID of the automatic snapshot policy.',
});
const policyName = p.string({
  minLength: 2,
  maxLength: 128,
  check: resourceName,
  aliases: ['AutoSnapshotPolicyName'],
  ...MALFORMED,
  doc: 'The policy name: 2 to 128 characters, starting with a letter or Chinese character, then letters, digits, ":", "_", "." or "-"; not starting with http:// or https://.',
});
const timePointsDoc =
  'The hours of the day (UTC+8) to take snapshots at, as a JSON array of up to 24 distinct strings from "0" to "23": ["0", "12"].';
const weekdaysDoc =
  'The days of the week to take snapshots on, as a JSON array of up to 7 distinct strings from "1" (Monday) to "7": ["1", "7"].';
const retentionDoc = 'Days to keep the automatic snapshots: -1 keeps them until deleted, or 1 to 65536.';
const diskIds = p.idList({
  required: true,
  max: 'ids',
  aliases: ['DiskIds'],
  ...MALFORMED,
  doc: 'The disks, as a JSON array such as ["d-1", "d-2"].',
});
const diskIdsInvalid = documented(
  'ParameterInvalid',
  403,
  'The specified DiskIds are invalid.',
  'diskIds is not a JSON array of disk ids.',
);
const regionIdInvalid = malformed('RegionId');

export const CreateAutoSnapshotPolicy = defineAction({
  name: 'CreateAutoSnapshotPolicy',
  summary:
    'Creates an automatic snapshot policy (at most 100 a region); apply it to disks with ApplyAutoSnapshotPolicy. A snapshot still running at the next time point skips it.',
  idempotency: 'none',
  changes: [{ kind: 'autoSnapshotPolicy' }],
  params: {
    regionId,
    autoSnapshotPolicyName: policyName,
    timePoints: p.string({
      required: true,
      check: hourList,
      aliases: ['TimePoints'],
      ...MALFORMED,
      doc: timePointsDoc,
    }),
    repeatWeekdays: p.string({
      required: true,
      check: weekdayList,
      aliases: ['RepeatWeekdays'],
      ...MALFORMED,
      doc: weekdaysDoc,
    }),
    retentionDays: p.int({
      required: true,
      min: -1,
      max: 65536,
      check: retentionDays,
      aliases: ['RetentionDays'],
      ...MALFORMED,
      doc: retentionDoc,
    }),
    ResourceGroupId: p.string({ doc: 'The resource group of the policy.' }),
    Tag: tagsParam('Tags for the policy, as Tag.N.Key and Tag.N.Value, N from 1 to 20.'),
  },
  response: {
    AutoSnapshotPolicyId: t.string,
  },
  errors: [
    regionIdInvalid,
    malformed('RepeatWeekDays'),
    malformed('TimePoints'),
    malformed('RetentionDays'),
    documented(
      'AutoSnapshotPolicy.QuotaExceed',
      403,
      'The maximum number of automatic snapshot policy has been reached.',
      'The region holds as many automatic snapshot policies as the account may have (100).',
    ),
    diskCategoryNotSupported,
    notEnoughBalance,
    snapshotServiceUnavailable,
    ...tagErrors,
  ],
});

export const ModifyAutoSnapshotPolicyEx = defineAction({
  name: 'ModifyAutoSnapshotPolicyEx',
  summary:
    'Changes the name, schedule or retention of an automatic snapshot policy; absent ones stay. The disks it applies to follow at once.',
  idempotency: 'none',
  changes: [{ kind: 'autoSnapshotPolicy', ids: 'autoSnapshotPolicyId' }],
  params: {
    regionId,
    autoSnapshotPolicyId: policyId,
    autoSnapshotPolicyName: policyName,
    timePoints: p.string({ check: hourList, aliases: ['TimePoints'], ...MALFORMED, doc: timePointsDoc }),
    repeatWeekdays: p.string({
      check: weekdayList,
      aliases: ['RepeatWeekdays'],
      ...MALFORMED,
      doc: weekdaysDoc,
    }),
    retentionDays: p.int({
      min: -1,
      max: 65536,
      check: retentionDays,
      aliases: ['RetentionDays'],
      ...MALFORMED,
      doc: retentionDoc,
    }),
  },
  response: {},
  errors: [
    policyNotFound,
    policyNotInRegion,
    regionIdInvalid,
    malformed('RepeatWeekDays'),
    malformed('TimePoints'),
    documented(
      'ParameterInvalid',
      403,
      'The specified AutoSnapshotPolicyId is invalid.',
      'The autoSnapshotPolicyId is not a policy id.',
    ),
    malformed('RetentionDays'),
  ],
});

export const DeleteAutoSnapshotPolicy = defineAction({
  name: 'DeleteAutoSnapshotPolicy',
  summary: 'Deletes an automatic snapshot policy; the disks it applied to take no more automatic snapshots.',
  idempotency: 'none',
  // The disks it applied to lose it.
  changes: [{ kind: 'autoSnapshotPolicy', ids: 'autoSnapshotPolicyId' }, { kind: 'disk' }],
  params: { regionId, autoSnapshotPolicyId: policyId },
  response: {},
  errors: [policyNotFound, policyNotInRegion],
});

export const ApplyAutoSnapshotPolicy = defineAction({
  name: 'ApplyAutoSnapshotPolicy',
  summary:
    'Applies an automatic snapshot policy to disks; a disk has at most one, so this replaces any policy it had.',
  idempotency: 'none',
  // A disk that had another policy leaves it, so every policy's disk count may change.
  changes: [{ kind: 'disk', ids: 'diskIds' }, { kind: 'autoSnapshotPolicy' }],
  params: {
    regionId,
    autoSnapshotPolicyId: policyId,
    diskIds,
  },
  response: {},
  errors: [
    policyNotFound,
    policyNotInRegion,
    documented(
      'InvalidDiskId.NotFound',
      404,
      'The specified disk does not exist in the region.',
      'A disk does not exist in the region.',
    ),
    regionIdInvalid,
    documented(
      'ParameterInvalid',
      403,
      'The specified AutoSnapshotPolicyId parameter is invalid.',
      'The autoSnapshotPolicyId is not a policy id.',
    ),
    diskIdsInvalid,
    diskCategoryNotSupported,
    documented(
      'PartofDiskCategory.OperationNotSupported',
      400,
      'The types of some disks in the disk list do not support creating snapshots.',
      'Some of the disks are of a category without snapshots.',
    ),
    notEnoughBalance,
    snapshotServiceUnavailable,
  ],
});

export const CancelAutoSnapshotPolicy = defineAction({
  name: 'CancelAutoSnapshotPolicy',
  summary: 'Removes the automatic snapshot policy from disks.',
  idempotency: 'none',
  changes: [{ kind: 'disk', ids: 'diskIds' }, { kind: 'autoSnapshotPolicy' }],
  params: { regionId, diskIds },
  response: {},
  errors: [
    { ...diskIdsInvalid, httpStatus: 404 },
    { ...regionIdInvalid, httpStatus: 404 },
  ],
});

export const DescribeAutoSnapshotPolicyEx = defineAction({
  name: 'DescribeAutoSnapshotPolicyEx',
  summary: 'Lists the automatic snapshot policies of a region, page by page.',
  idempotency: 'read',
  reads: { kind: 'autoSnapshotPolicy', list: 'AutoSnapshotPolicies', ids: 'AutoSnapshotPolicyId' },
  params: {
    RegionId: p.string({ required: true, doc: 'The region to list.' }),
    AutoSnapshotPolicyId: p.id({ doc: 'Only this policy.' }),
    AutoSnapshotPolicyName: p.string({ doc: 'Only policies of this name.' }),
    ResourceGroupId: p.string({ doc: 'Only policies in this resource group.' }),
    Tag: tagsParam('Only policies that carry these tags (Tag.N.Key, Tag.N.Value, N up to 20).'),
    PageNumber: p.pageNumber(),
    PageSize: p.pageSize(),
  },
  response: {
    TotalCount: t.int,
    PageNumber: t.int,
    PageSize: t.int,
    AutoSnapshotPolicies: t.list('AutoSnapshotPolicy', AutoSnapshotPolicyExType),
  },
  page: { list: 'AutoSnapshotPolicies' },
  errors: [
    documented(
      'InvalidRegionId.NotFound',
      400,
      'The specified RegionId does not exist.',
      'The RegionId does not exist.',
    ),
    documented(
      'InvalidTag.Mismatch',
      400,
      'The specified Tag.n.Key and Tag.n.Value are not match.',
      'A Tag.N.Value was given without its Tag.N.Key.',
    ),
    ...tagErrors,
  ],
});

/**
 * The 2014 API's single account-wide policy: one schedule for system disks and one for
 * data disks, with how many automatic snapshots are kept.
 */
export const DescribeAutoSnapshotPolicy = defineAction({
  name: 'DescribeAutoSnapshotPolicy',
  summary: 'Returns the account-wide automatic snapshot policy of the 2014 API and how its last runs went.',
  idempotency: 'read',
  reads: { kind: 'autoSnapshotPolicy' },
  params: {},
  response: {
    /** How many automatic snapshots the account holds. */
    AutoSnapshotOccupation: t.int,
    AutoSnapshotPolicy: AutoSnapshotPolicyType,
    AutoSnapshotExcutionStatus: AutoSnapshotExecutionStatusType,
  },
});
