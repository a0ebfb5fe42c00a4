import { createSimulatorDomain, type SimulatorDomain } from '../../src/simulator/domain.js';
import { createSimulator } from '../../src/simulator/index.js';
import { seedRegion } from '../../src/simulator/seed.js';
import type { SimulatorServer } from '../../src/simulator/server.js';
import { API_LIMITS, type ApiLimits } from '../../src/spec/limits.js';

/** The account every benchmark client signs with; it exists only in the simulator. */
export const BENCH_ACCOUNT = { accessKeyId: 'bench', accessKeySecret: 'bench-secret' } as const;

/** The region the nested query reads; the default seed fills other regions with unrelated resources. */
export const NESTED_REGION = 'cn-hangzhou';
/** The large region the small page is taken from. */
export const LARGE_REGION = 'cn-beijing';

export interface RegionSizes {
  readonly instances: number;
  /** Per instance, the system disk included. */
  readonly disksPerInstance: number;
  readonly snapshotsPerDisk: number;
}

export const NESTED_SIZES: RegionSizes = { instances: 50, disksPerInstance: 3, snapshotsPerDisk: 4 };
export const LARGE_SIZES: RegionSizes = { instances: 500, disksPerInstance: 3, snapshotsPerDisk: 4 };

/** What a region holds, read from the simulator's store: what a lower bound is computed from. */
export interface RegionCensus {
  readonly regionId: string;
  readonly instances: number;
  readonly disks: number;
  readonly snapshots: number;
}

export interface BenchSimulator {
  readonly server: SimulatorServer;
  readonly domain: SimulatorDomain;
  readonly limits: ApiLimits;
  census(regionId: string): RegionCensus;
  close(): Promise<void>;
}

/** The demo estate, kept out of the benchmark regions so that their counts stay exact. */
const DEMO_SEED = { regions: ['cn-shanghai', 'cn-shenzhen', 'ap-southeast-1'] };

/** Fills each benchmark region with the given sizes and nothing else, so its counts are exactly the sizes'. */
function seedBenchRegions(domain: SimulatorDomain, regions: Readonly<Record<string, RegionSizes>>): void {
  const account = domain.store.account(BENCH_ACCOUNT.accessKeyId);
  for (const [regionId, sizes] of Object.entries(regions)) {
    const region = account.regions.get(regionId);
    if (!region) throw new Error(`the simulator has no region ${regionId}`);
    if (region.instances.size > 0) throw new Error(`${regionId} is already seeded; pick a region of its own`);
    seedRegion(
      region,
      {
        seed: `bench:${regionId}`,
        instancesPerRegion: sizes.instances,
        disksPerInstance: sizes.disksPerInstance,
        snapshotsPerDisk: sizes.snapshotsPerDisk,
        extras: false,
      },
      domain.clock.now(),
    );
  }
}

/**
 * The simulator's domain alone, for in-process figures: the demo estate (the unrelated
 * resources) plus the benchmark regions. Transitions are immediate: the benchmarks only read.
 */
export function createBenchDomain(
  regions: Readonly<Record<string, RegionSizes>> = { [NESTED_REGION]: NESTED_SIZES },
  limits: ApiLimits = API_LIMITS['2014'],
): SimulatorDomain {
  const domain = createSimulatorDomain({ clock: 'immediate', limits, seed: DEMO_SEED });
  seedBenchRegions(domain, regions);
  return domain;
}

/** What a region of the domain holds, from its store. */
export function census(domain: SimulatorDomain, regionId: string): RegionCensus {
  const region = domain.store.account(BENCH_ACCOUNT.accessKeyId).regions.get(regionId);
  if (!region) throw new Error(`the simulator has no region ${regionId}`);
  return {
    regionId,
    instances: region.instances.size,
    disks: region.disks.size,
    snapshots: region.snapshots.size,
  };
}

/** The whole simulator (createSimulator) on 127.0.0.1, port 0, with the bench estate and a fixed latency on every call. */
export async function startBenchSimulator(
  options: {
    readonly regions?: Readonly<Record<string, RegionSizes>>;
    readonly latencyMs?: number;
    readonly limits?: ApiLimits;
  } = {},
): Promise<BenchSimulator> {
  const limits = options.limits ?? API_LIMITS['2014'];
  const simulator = await createSimulator({
    ...BENCH_ACCOUNT,
    seed: DEMO_SEED,
    transitions: 'immediate',
    faults: { latencyMs: options.latencyMs ?? 0, seed: 1 },
    limits,
  });
  seedBenchRegions(simulator.domain, options.regions ?? { [NESTED_REGION]: NESTED_SIZES });
  return {
    server: simulator.server,
    domain: simulator.domain,
    limits,
    census: (regionId) => census(simulator.domain, regionId),
    close: () => simulator.close(),
  };
}
