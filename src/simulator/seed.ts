import { regionInfo } from './catalog.js';
import { createRandom } from './random.js';
import { seedExtras } from './seed-extras.js';
import { seedNetwork } from './seed-network.js';
import { RegionSeeder } from './seed-region.js';
import type { AccountState, RegionState } from './store.js';

/**
 * Deterministic demo data: the same seed and sizes give the same store, id for id.
 * Every region draws from its own random stream, so a region seeded alone
 * (`seedRegion`) equals the same region seeded with the others.
 */

export interface SeedSizes {
  readonly instancesPerRegion: number;
  /** Disks per instance, the system disk included (at least 1). */
  readonly disksPerInstance: number;
  readonly snapshotsPerDisk: number;
  /**
   * Resources beside the instance tree: an unattached disk, a user image made from a
   * snapshot, a disk made from a snapshot, snapshots of a deleted disk, an automatic
   * snapshot policy, a second security group.
   */
  readonly extras: boolean;
}

export interface SeedOptions extends Partial<SeedSizes> {
  readonly seed?: string | number;
  /** The regions to fill; the others stay empty. */
  readonly regions?: readonly string[];
}

/**
 * The default estate: what `npm start` and `npm run simulator` serve unless SIMULATOR_*
 * says otherwise (src/simulator/settings.ts takes its defaults from here), with the extras. The
 * README describes it under "The default estate" and shows answers from it.
 */
export const DEFAULT_ESTATE = {
  seed: 1,
  regions: ['cn-hangzhou', 'cn-shanghai', 'cn-beijing'],
  instancesPerRegion: 6,
  disksPerInstance: 2,
  snapshotsPerDisk: 3,
} as const satisfies Omit<Required<SeedOptions>, 'extras'>;

/**
 * What `createSimulatorDomain` and `createSimulator` seed when given no `seed` option,
 * and the sizes a partial one leaves out: a smaller estate that tests are written
 * against (their ids and counts follow from it). Not the default estate above.
 */
export const DEFAULT_SEED: Required<SeedOptions> = {
  seed: 'ecs-demo',
  regions: ['cn-hangzhou', 'cn-shanghai', 'ap-southeast-1'],
  instancesPerRegion: 4,
  disksPerInstance: 2,
  snapshotsPerDisk: 2,
  extras: true,
};

/** Fills every account's regions from the seed options; `now` anchors every timestamp in the past. */
export function seedAccount(account: AccountState, options: SeedOptions, now: number): void {
  const settings = { ...DEFAULT_SEED, ...options };
  for (const regionId of settings.regions) {
    const region = account.regions.get(regionId);
    if (!region) throw new Error(`seed: unknown region ${regionId}`);
    seedRegion(region, settings, now);
  }
}

/** Adds a seeded estate of the given sizes to one region. */
export function seedRegion(
  region: RegionState,
  options: Partial<SeedSizes> & { readonly seed?: string | number },
  now: number,
): void {
  const sizes = { ...DEFAULT_SEED, ...options };
  const info = regionInfo(region.regionId);
  if (!info) throw new Error(`seed: unknown region ${region.regionId}`);
  if (sizes.disksPerInstance < 1)
    throw new Error('seed: disksPerInstance counts the system disk, so at least 1');
  const seeder = new RegionSeeder(region, info, createRandom(`${sizes.seed}:${region.regionId}`), now);
  seedNetwork(seeder);
  const groups = [seeder.securityGroup('default', 'Default group of the web tier')];
  if (sizes.extras) groups.push(seeder.securityGroup('db-private', 'Databases, reachable from the VPC only'));
  const [web, db] = groups;
  seeder.allow(web!, 'tcp', '22/22', { cidrIp: '0.0.0.0/0' });
  seeder.allow(web!, 'tcp', '80/80', { cidrIp: '0.0.0.0/0' });
  if (db) seeder.allow(db, 'tcp', '3306/3306', { groupId: web!.securityGroupId });
  for (let index = 0; index < sizes.instancesPerRegion; index++) {
    const instance = seeder.instance(index, groups);
    const system = seeder.systemDisk(instance);
    seeder.snapshots(system, sizes.snapshotsPerDisk);
    for (let slot = 1; slot < sizes.disksPerInstance; slot++) {
      seeder.snapshots(seeder.dataDisk(instance, slot), sizes.snapshotsPerDisk);
    }
  }
  if (sizes.extras) seedExtras(seeder);
}
