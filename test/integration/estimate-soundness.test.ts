import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_LIMITS } from '../../src/spec/limits.js';
import { execute } from '../graph/support/gateway.js';
import { MAIN_REGION, OTHER_REGIONS, type ReadStack, startReadStack } from './read-stack.js';

/**
 * The estimate is an upper bound: for each query of the table, on estates built to
 * make the loaders work hardest (many disks per instance, many snapshots per disk, few
 * instances asked for in a big region), the calls the real loaders make against the
 * simulator never exceed the estimate reported before execution.
 */
const [OTHER_A, OTHER_B] = OTHER_REGIONS as [string, string];

const QUERIES: Record<string, string> = {
  'every snapshot of 50 instances': `{ instances(regionId: "${MAIN_REGION}", page: { size: 50 }) {
    nodes { snapshots(page: { all: true }) { totalCount } } } }`,
  'the same under three region aliases': `{
    a: instances(regionId: "${MAIN_REGION}", page: { size: 50 }) { nodes { snapshots(page: { all: true }) { totalCount } } }
    b: instances(regionId: "${OTHER_A}", page: { size: 50 }) { nodes { snapshots(page: { all: true }) { totalCount } } }
    c: instances(regionId: "${OTHER_B}", page: { size: 50 }) { nodes { snapshots(page: { all: true }) { totalCount } } } }`,
  'disks and their snapshots of 50 instances': `{ instances(regionId: "${MAIN_REGION}", page: { size: 50 }) {
    nodes { disks { nodes { snapshots { totalCount } } } } } }`,
  'snapshots of 3 instances and of their disks, twice by alias': `{ instances(regionId: "${MAIN_REGION}", page: { size: 3 }) {
    nodes { x: snapshots(page: { all: true }) { totalCount } disks(page: { all: true }) { nodes { snapshots(page: { all: true }) { totalCount } y: snapshots { totalCount } } } } } }`,
  'a page of disks with their snapshots, instance and policy': `{ disks(regionId: "${MAIN_REGION}", page: { size: 50 }) {
    nodes { snapshots { totalCount } instance { id zone { id } securityGroups { id } image { id } } autoSnapshotPolicy { id } } } }`,
  'every region’s inventory': '{ regions { instances(page: { all: true }) { nodes { id zone { id } } } } }',
  'every region’s disks and their instances’ disks': `{ regions { id zones { id } disks(page: { size: 50 }) {
    nodes { instance { disks { nodes { id } } } } } } }`,
  'snapshots with their source disks and instances': `{ snapshots(regionId: "${MAIN_REGION}", page: { size: 50, number: 2 }) {
    nodes { sourceDisk { id instance { id disks { totalCount } snapshots { totalCount } } } } } }`,
  'security groups with their rules and instances, and the instances’ groups': `{ securityGroups(regionId: "${MAIN_REGION}", page: { size: 5 }) {
    nodes { rules { portRange } egress: rules(direction: EGRESS) { portRange } instances(page: { all: true }) { nodes { securityGroups { id rules { portRange } } } } } } }`,
  'a skipped relation costs nothing': `query ($skip: Boolean = true) { instances(regionId: "${MAIN_REGION}", page: { size: 50 }) {
    nodes { id snapshots(page: { all: true }) @skip(if: $skip) { totalCount } disks @include(if: false) { totalCount } } } }`,
};

interface Upstream {
  readonly calls: number;
  readonly estimate: number;
}

async function measure(stack: ReadStack, query: string): Promise<Upstream> {
  const result = await execute(stack.gateway, query);
  expect(result.errors).toBeUndefined();
  return result.extensions?.upstream as Upstream;
}

describe.each([
  {
    // 425 snapshots an instance: 9 pages of 50, cut by the cap at 8.
    name: 'many disks per instance and many snapshots per disk (2014 limits, cap 8)',
    limits: API_LIMITS['2014'],
    sizes: { instancesPerRegion: 12, disksPerInstance: 17, snapshotsPerDisk: 25 },
    allPagesCap: 8,
  },
  {
    name: 'few instances asked for in a big region (current limits, cap 20)',
    limits: API_LIMITS.current,
    sizes: { instancesPerRegion: 400, disksPerInstance: 3, snapshotsPerDisk: 4 },
    allPagesCap: 20,
  },
])('the estimate bounds the calls: $name', ({ limits, sizes, allPagesCap }) => {
  let stack: ReadStack;
  beforeAll(async () => {
    stack = await startReadStack({
      limits,
      sizes,
      gateway: { allPagesCap, maxUpstreamCalls: 100_000 },
    });
  });
  afterAll(() => stack.close());

  it.each(Object.keys(QUERIES))('%s', { timeout: 120_000 }, async (name) => {
    const query = QUERIES[name] as string;
    // Twice: with the region list not yet cached (read to count), then cached.
    for (let round = 0; round < 2; round++) {
      stack.resetCounts();
      const { calls, estimate } = await measure(stack, query);
      expect(calls).toBe(stack.calls.length);
      expect(calls).toBeLessThanOrEqual(estimate);
      if (name.startsWith('a skipped')) expect(estimate).toBe(1);
    }
  });
});
