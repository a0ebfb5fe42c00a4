import DataLoader from 'dataloader';
import type { ActionResult } from '../spec/action.js';
import { DescribeInstances } from '../spec/actions/instance-reads.js';
import { DescribeRouteTables } from '../spec/actions/route-tables.js';
import { DescribeVpcs, DescribeVRouters } from '../spec/actions/vpcs.js';
import { DescribeVSwitches } from '../spec/actions/vswitches.js';
import { VPCS_PER_REGION, VSWITCHES_PER_VPC } from '../spec/vpc-common.js';
import { asError, chunk, distinct, groupBy } from './batching.js';
import type { InstanceItem } from './instances.js';
import { type ResourceKey, resourceCacheKey } from './listing.js';
import type { Clearable, LoadersOptions } from './loaders.js';

/**
 * The network reads of one request. The VPC actions filter by one parent only (VSwitches
 * by VpcId, route tables by VRouterId), so each is one call per distinct parent of the
 * request; VPCs are looked up by id in batches of up to 20 comma-separated ids
 * (today's DescribeVpcs), and a region's VPCs (at most 10, the quota) fit one page.
 */

export type VpcItem = ActionResult<typeof DescribeVpcs>['Vpcs'][number];
export type VSwitchItem = ActionResult<typeof DescribeVSwitches>['VSwitches'][number] & {
  readonly regionId: string;
};
export type RouteTableItem = ActionResult<typeof DescribeRouteTables>['RouteTables'][number];
export type VRouterItem = ActionResult<typeof DescribeVRouters>['VRouters'][number];

/** Ids one DescribeVpcs takes (today's API: up to 20, comma-separated). */
export const VPC_IDS_PER_CALL = 20;

type Loader<V> = DataLoader<ResourceKey, V, string>;

export interface NetworkLoaders extends Clearable {
  /** A VPC by id, or null when ECS does not list it. */
  readonly vpc: Loader<VpcItem | null>;
  /** Every VPC of a region (key id ignored: the region's list), one call. */
  readonly vpcsOfRegion: DataLoader<string, readonly VpcItem[]>;
  /** The VSwitches of a VPC, one DescribeVSwitches per VPC. */
  readonly vSwitchesOfVpc: Loader<readonly VSwitchItem[]>;
  /** The route tables of a VRouter with their entries, one DescribeRouteTables per VRouter. */
  readonly routeTablesOfVRouter: Loader<readonly RouteTableItem[]>;
  /**
   * Every VRouter of a region (one a VPC, so at most 10, the VPC quota), one unfiltered
   * DescribeVRouters per region: the action filters by one id only, so a scan of the
   * region answers every VPC of the request in that one call.
   */
  readonly vRoutersOfRegion: DataLoader<string, readonly VRouterItem[]>;
  /** The first page (the API page limit) of a VPC's instances: one DescribeInstances filtered by VpcId. */
  readonly instancesOfVpc: Loader<readonly InstanceItem[]>;
}

function perKey<V>(load: (key: ResourceKey) => Promise<V>): Loader<V> {
  return new DataLoader<ResourceKey, V, string>(
    (keys) => Promise.all(keys.map((key) => load(key).catch(asError))),
    { cacheKeyFn: resourceCacheKey },
  );
}

export function networkLoaders(options: LoadersOptions): NetworkLoaders {
  const { ecs, limits } = options;
  const pageSize = limits.pageSize;

  const vpc = new DataLoader<ResourceKey, VpcItem | null, string>(
    async (keys) => {
      const found = new Map<string, VpcItem | Error>();
      const perCall = Math.min(VPC_IDS_PER_CALL, pageSize);
      const calls = [...groupBy(keys, (key) => key.regionId)].flatMap(([regionId, regionKeys]) =>
        chunk(distinct(regionKeys.map((key) => key.id)), perCall).map(async (ids) => {
          try {
            const result = await ecs.call(DescribeVpcs, {
              RegionId: regionId,
              VpcId: ids.join(','),
              PageSize: ids.length,
            });
            for (const item of result.Vpcs)
              found.set(resourceCacheKey({ regionId, id: item.VpcId ?? '' }), item);
          } catch (error) {
            for (const id of ids) found.set(resourceCacheKey({ regionId, id }), asError(error));
          }
        }),
      );
      await Promise.all(calls);
      return keys.map((key) => found.get(resourceCacheKey(key)) ?? null);
    },
    { cacheKeyFn: resourceCacheKey },
  );

  const vpcsOfRegion = new DataLoader<string, readonly VpcItem[]>((regionIds) =>
    Promise.all(
      regionIds.map(async (regionId) => {
        try {
          // The quota keeps a region to 10 VPCs: one page holds them.
          const result = await ecs.call(DescribeVpcs, {
            RegionId: regionId,
            PageSize: Math.min(pageSize, Math.max(VPCS_PER_REGION, 50)),
          });
          for (const item of result.Vpcs) vpc.prime({ regionId, id: item.VpcId ?? '' }, item);
          return result.Vpcs;
        } catch (error) {
          return asError(error);
        }
      }),
    ),
  );

  const vRoutersOfRegion = new DataLoader<string, readonly VRouterItem[]>((regionIds) =>
    Promise.all(
      regionIds.map(async (regionId) => {
        try {
          // One VRouter a VPC and at most 10 VPCs a region: one page holds them.
          const result = await ecs.call(DescribeVRouters, {
            RegionId: regionId,
            PageSize: Math.min(pageSize, Math.max(VPCS_PER_REGION, 50)),
          });
          return result.VRouters;
        } catch (error) {
          return asError(error);
        }
      }),
    ),
  );

  const vSwitchesOfVpc = perKey(async ({ regionId, id }) => {
    // At most 24 a VPC: one page of 50 holds them.
    const result = await ecs.call(
      DescribeVSwitches,
      { VpcId: id, PageSize: Math.min(pageSize, Math.max(VSWITCHES_PER_VPC, 50)) },
      { regionId },
    );
    return result.VSwitches.map((item) => ({ ...item, regionId }));
  });

  const routeTablesOfVRouter = perKey(async ({ regionId, id }) => {
    const result = await ecs.call(DescribeRouteTables, { VRouterId: id, PageSize: pageSize }, { regionId });
    return result.RouteTables;
  });

  const instancesOfVpc = perKey(async ({ regionId, id }) => {
    const result = await ecs.call(DescribeInstances, { RegionId: regionId, VpcId: id, PageSize: pageSize });
    return result.Instances.map((instance) => ({ ...instance, regionId }));
  });

  return {
    vpc,
    vpcsOfRegion,
    vSwitchesOfVpc,
    routeTablesOfVRouter,
    vRoutersOfRegion,
    instancesOfVpc,
    clearAll() {
      vpc.clearAll();
      vpcsOfRegion.clearAll();
      vSwitchesOfVpc.clearAll();
      routeTablesOfVRouter.clearAll();
      vRoutersOfRegion.clearAll();
      instancesOfVpc.clearAll();
    },
  };
}
