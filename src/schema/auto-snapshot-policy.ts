import {
  type AutoSnapshotPolicyItem,
  autoSnapshotPolicyListing,
  autoSnapshotPolicyLoader,
} from '../loaders/auto-snapshot-policies.js';
import { DescribeAutoSnapshotPolicyEx } from '../spec/actions/auto-snapshot-policies.js';
import { builder } from './builder.js';
import { upstreamCost } from './cost.js';
import { DiskRef } from './disk.js';
import { defineOpenEnum, openEnumFields } from './enums.js';
import { present } from './errors.js';
import { defineListingFilter } from './listing-filter.js';
import { listingScope, withCursorScope } from './page-cursor.js';
import { resolvePageRequest } from './page-request.js';
import { pageArgument, pageObject } from './pagination.js';
import { regionIdArgument, requestedRegion } from './region-argument.js';
import { tagsField } from './tag.js';
import { jsonListOf, optionalText } from './wire-values.js';

export const AutoSnapshotPolicyStatus = defineOpenEnum('AutoSnapshotPolicyStatus', {
  description: 'The state of an automatic snapshot policy (Status).',
  values: {
    Normal: 'the policy takes snapshots on its schedule.',
    Expire: 'the account is in arrears, so the policy takes no snapshots.',
  },
});

function numbersOf(text: string | undefined, what: string): number[] | null {
  return jsonListOf(text, what)?.map(Number) ?? null;
}

export const AutoSnapshotPolicyRef = builder.objectRef<AutoSnapshotPolicyItem>('AutoSnapshotPolicy');

AutoSnapshotPolicyRef.implement({
  description:
    'An automatic snapshot policy (DescribeAutoSnapshotPolicyEx): a schedule of hours and weekdays on which ECS snapshots every disk the policy is applied to, and how long it keeps those snapshots. A region holds up to 100; a disk follows at most one.',
  fields: (t) => ({
    id: t.id({
      description: 'The ID of the policy (AutoSnapshotPolicyId), such as p-23f2i9s4t.',
      resolve: (policy) => present(policy.AutoSnapshotPolicyId, 'AutoSnapshotPolicyId of a policy'),
    }),
    name: t.string({
      nullable: true,
      description: 'The name of the policy (AutoSnapshotPolicyName).',
      resolve: (policy) => policy.AutoSnapshotPolicyName || null,
    }),
    regionId: t.id({
      nullable: true,
      description: 'The region of the policy and of its disks (RegionId).',
      resolve: (policy) => policy.RegionId || null,
    }),
    timePoints: t.intList({
      nullable: true,
      description:
        'The hours of the day, 0 to 23 in UTC+8, at which snapshots are taken (TimePoints, which ECS writes as a JSON array of strings).',
      resolve: (policy) => numbersOf(policy.TimePoints, 'TimePoints'),
    }),
    repeatWeekdays: t.intList({
      nullable: true,
      description:
        'The days of the week on which snapshots are taken, 1 (Monday) to 7 (Sunday) (RepeatWeekdays).',
      resolve: (policy) => numbersOf(policy.RepeatWeekdays, 'RepeatWeekdays'),
    }),
    retentionDays: t.int({
      nullable: true,
      description:
        'How many days the automatic snapshots are kept (RetentionDays): -1 keeps them until deleted, or 1 to 65536.',
      resolve: (policy) => policy.RetentionDays ?? null,
    }),
    diskCount: t.int({
      nullable: true,
      description: 'How many disks the policy is applied to (DiskNums).',
      resolve: (policy) => policy.DiskNums ?? null,
    }),
    volumeCount: t.int({
      nullable: true,
      description: 'How many extended volumes the policy is applied to (VolumeNums).',
      resolve: (policy) => policy.VolumeNums ?? null,
    }),
    ...openEnumFields(t, 'status', AutoSnapshotPolicyStatus, {
      description: 'The state of the policy (Status): Normal, or Expire when the account is in arrears.',
      read: (policy) => policy.Status || undefined,
    }),
    creationTime: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the policy was created (CreationTime), in UTC.',
      resolve: (policy) => optionalText(policy.CreationTime),
    }),
    enableCrossRegionCopy: t.boolean({
      nullable: true,
      description:
        'Whether the automatic snapshots are also copied to other regions (EnableCrossRegionCopy).',
      resolve: (policy) => policy.EnableCrossRegionCopy ?? null,
    }),
    targetCopyRegions: t.stringList({
      nullable: true,
      description: 'The regions the automatic snapshots are copied to (TargetCopyRegions); null when none.',
      resolve: (policy) => jsonListOf(policy.TargetCopyRegions, 'TargetCopyRegions'),
    }),
    copiedSnapshotsRetentionDays: t.int({
      nullable: true,
      description:
        'How many days the copies in other regions are kept (CopiedSnapshotsRetentionDays); -1 until deleted.',
      resolve: (policy) => policy.CopiedSnapshotsRetentionDays ?? null,
    }),
    resourceGroupId: t.id({
      nullable: true,
      description: 'The resource group the policy belongs to (ResourceGroupId).',
      resolve: (policy) => policy.ResourceGroupId || null,
    }),
    tags: tagsField(t, 'policy', (item) => item.Tags ?? []),
  }),
});

const AutoSnapshotPolicyPage = pageObject(
  'AutoSnapshotPolicy',
  AutoSnapshotPolicyRef,
  'A page of automatic snapshot policies, in the order ECS lists them.',
);

export const autoSnapshotPolicyFilters = defineListingFilter(DescribeAutoSnapshotPolicyEx, {
  name: 'AutoSnapshotPolicyFilter',
  description:
    'Which automatic snapshot policies to list (the filters of DescribeAutoSnapshotPolicyEx); all when empty.',
  fields: {
    name: 'AutoSnapshotPolicyName',
    resourceGroupId: {
      param: 'ResourceGroupId',
      description: 'Only policies of this resource group (ResourceGroupId).',
    },
    tags: { param: 'Tag', description: 'Only policies that carry all of these tags (Tag.N), at most 20.' },
  },
});

builder.queryFields((t) => ({
  autoSnapshotPolicy: t.field({
    type: AutoSnapshotPolicyRef,
    nullable: true,
    description:
      'One automatic snapshot policy by ID (DescribeAutoSnapshotPolicyEx); null when the region holds no such policy.',
    args: {
      id: t.arg.id({ required: true, description: 'The ID of the policy (AutoSnapshotPolicyId).' }),
      regionId: regionIdArgument(t),
    },
    extensions: upstreamCost({ calls: 'lookup', loader: 'autoSnapshotPolicies' }),
    resolve: (_root, args, context) =>
      autoSnapshotPolicyLoader(context).load({
        regionId: requestedRegion(args.regionId, context),
        id: String(args.id),
      }),
  }),
  autoSnapshotPolicies: t.field({
    type: AutoSnapshotPolicyPage,
    // Nullable so that one region's failure leaves the rest of the answer standing.
    nullable: true,
    description:
      'The automatic snapshot policies of a region, a page at a time (DescribeAutoSnapshotPolicyEx).',
    args: {
      regionId: regionIdArgument(t),
      filter: t.arg({
        type: autoSnapshotPolicyFilters.type,
        required: false,
        description: 'Which policies to list.',
      }),
      page: t.arg(pageArgument),
    },
    extensions: autoSnapshotPolicyFilters.extensions,
    resolve: async (_root, args, context) => {
      const params = args.filter ? autoSnapshotPolicyFilters.mapping.toInput(args.filter) : undefined;
      const regionId = requestedRegion(args.regionId, context);
      const scope = listingScope(context.limits.name, autoSnapshotPolicyListing.name, regionId, params);
      const page = await context.loaders.page(
        autoSnapshotPolicyListing,
        { regionId, filter: params },
        resolvePageRequest(args.page, context, 'autoSnapshotPolicies(page)', scope),
      );
      // Disks ask for their policy through this loader, so a listed policy costs them nothing.
      const byId = autoSnapshotPolicyLoader(context);
      for (const policy of page.nodes)
        byId.prime({ regionId, id: autoSnapshotPolicyListing.idOf(policy) }, policy);
      return withCursorScope(page, scope);
    },
  }),
}));

builder.objectFields(DiskRef, (t) => ({
  autoSnapshotPolicy: t.field({
    type: AutoSnapshotPolicyRef,
    nullable: true,
    description:
      'The automatic snapshot policy applied to the disk (AutoSnapshotPolicyId), looked up with the other policies of the answer (DescribeAutoSnapshotPolicyEx). Null when none applies or the policy is gone, or, with an error at this path, when ECS fails to list it.',
    extensions: upstreamCost({ calls: 'lookup', loader: 'autoSnapshotPolicies' }),
    resolve: (disk, _args, context) => {
      const policyId = optionalText(disk.AutoSnapshotPolicyId);
      return policyId === null
        ? null
        : autoSnapshotPolicyLoader(context).load({ regionId: disk.regionId, id: policyId });
    },
  }),
}));
