import { EcsClient, type EcsClientOptions } from '../../src/ecs/client.js';
import { staticCredentials } from '../../src/ecs/credentials.js';
import { formatTimestamp } from '../../src/signature/v1.js';
import { createSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';
import { DescribeDisks } from '../../src/spec/actions/disk-reads.js';
import { API_LIMITS } from '../../src/spec/limits.js';
import { type Answer, answer, publicParams, signV1 } from './support.js';

/**
 * The whole simulator (protocol server and seeded domain) for end-to-end tests over
 * loopback. The domain runs on a manual clock unless told otherwise; signatures are
 * checked against wall time, as every real client stamps its calls with it.
 */

export const REGION = 'cn-hangzhou';

/** A small estate in one region: 3 instances of 2 disks, 1 snapshot each, plus the extras. */
export const SMALL_SEED = {
  seed: 'integration',
  regions: [REGION],
  instancesPerRegion: 3,
  disksPerInstance: 2,
  snapshotsPerDisk: 1,
} as const;

/**
 * The 2014 limits unless `options.limits` says otherwise: these tests count pages of 50
 * and filters of 10 ids (the default profile, today's, is started by name where a test
 * is about it). `clientFor` signs under the same limits.
 */
export function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  return createSimulator({
    limits: API_LIMITS['2014'],
    transitions: 'manual',
    seed: SMALL_SEED,
    logger: {
      error: (message, error) => {
        throw new Error(`the simulator logged an unexpected failure: ${message}`, { cause: error });
      },
    },
    ...options,
  });
}

/** Our client, signed with the simulator's keys, retrying at once (no real backoff waits); 2014 limits unless told. */
export function clientFor(simulator: Simulator, options: Partial<EcsClientOptions> = {}): EcsClient {
  return new EcsClient({
    credentials: staticCredentials({
      accessKeyId: simulator.accessKeyId,
      accessKeySecret: simulator.accessKeySecret,
    }),
    defaultRegionId: REGION,
    endpoint: simulator.url,
    ratePerSecond: Number.POSITIVE_INFINITY,
    sleep: async () => {},
    limits: API_LIMITS['2014'],
    ...options,
  });
}

/** A v1 request signed by hand (not by EcsClient), stamped now, for what the client refuses to send. */
export async function signedGet(simulator: Simulator, params: Record<string, string>): Promise<Answer> {
  const signed = publicParams(params.Action ?? '', {
    AccessKeyId: simulator.accessKeyId,
    Timestamp: formatTimestamp(new Date()),
    ...params,
  });
  return answer(await fetch(`${simulator.url}/?${signV1(signed, { secret: simulator.accessKeySecret })}`));
}

/** The seeded disks of the region, all of them. */
export async function seededDisks(client: EcsClient) {
  return (await client.call(DescribeDisks, { RegionId: REGION, PageSize: 50 })).Disks;
}

/** A disk that can be snapshotted: In_use on an instance of the seed (every seeded instance has started). */
export async function snapshotableDiskId(client: EcsClient): Promise<string> {
  const disk = (await seededDisks(client)).find((candidate) => candidate.Status === 'In_use');
  if (!disk?.DiskId) throw new Error('the seed has no disk In_use');
  return disk.DiskId;
}
