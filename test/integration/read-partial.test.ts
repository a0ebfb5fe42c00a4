import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_LIMITS } from '../../src/spec/limits.js';
import { execute } from '../graph/support/gateway.js';
import { MAIN_REGION, OTHER_REGIONS, type ReadStack, startReadStack } from './read-stack.js';

interface RegionInstances {
  readonly regions: { readonly id: string; readonly instances: { readonly totalCount: number } | null }[];
}

/**
 * One region throttled by the simulator's fault injection, the others answered: the
 * client sends one call at a time, so the second DescribeInstances is the one that
 * meets `Throttling` (the fault is set after the first and cleared after the second).
 */
describe('a multi-region query when one region throttles', () => {
  let stack: ReadStack;
  let instanceCalls = 0;
  beforeAll(async () => {
    stack = await startReadStack({
      limits: API_LIMITS['2014'],
      sizes: { instancesPerRegion: 4, disksPerInstance: 1, snapshotsPerDisk: 0 },
      client: { maxConcurrency: 1 },
      afterCall: (event, simulator) => {
        if (event.action !== 'DescribeInstances') return;
        instanceCalls += 1;
        if (instanceCalls === 1) simulator.faults.configure({ throttlingRate: 1 });
        else simulator.faults.clear();
      },
    });
  });
  afterAll(() => stack.close());

  it('nulls that region’s list with Throttling at its path and keeps every other region', async () => {
    stack.resetCounts();
    const result = await execute<RegionInstances>(
      stack.gateway,
      '{ regions { id instances { totalCount } } }',
    );
    const regions = result.data?.regions ?? [];
    expect(regions.length).toBeGreaterThan(3);
    const throttled = stack.calls.filter((call) => call.action === 'DescribeInstances')[1];
    expect(throttled?.errorCode).toBe('Throttling');
    const index = regions.findIndex((region) => region.id === throttled?.regionId);
    expect(index).toBeGreaterThanOrEqual(0);

    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0]).toMatchObject({
      path: ['regions', index, 'instances'],
      extensions: { code: 'Throttling', httpStatus: 400, requestId: expect.any(String) },
    });
    expect(regions[index]?.instances).toBeNull();
    // Every other region answered with its own count: the seeded ones theirs, the rest 0.
    const counts = Object.fromEntries(
      regions.filter((_, at) => at !== index).map((region) => [region.id, region.instances?.totalCount]),
    );
    const seeded: Record<string, number> = {
      [MAIN_REGION]: 4,
      [OTHER_REGIONS[0] as string]: 3,
      [OTHER_REGIONS[1] as string]: 3,
    };
    for (const [regionId, count] of Object.entries(counts)) expect(count).toBe(seeded[regionId] ?? 0);
    expect(Object.keys(counts)).toHaveLength(regions.length - 1);
    // One DescribeRegions and one DescribeInstances per region; the throttled one not retried.
    expect(stack.simulatorCallsByAction()).toEqual({
      DescribeRegions: 1,
      DescribeInstances: regions.length,
    });
  });
});
