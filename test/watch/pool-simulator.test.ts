import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateSnapshot } from '../../src/spec/actions/create-snapshot.js';
import { DescribeDisks } from '../../src/spec/actions/disk-reads.js';
import { API_LIMITS } from '../../src/spec/limits.js';
import { createEcsFetcher } from '../../src/watch/ecs-fetcher.js';
import { createWatchPool, type WatchFetcher } from '../../src/watch/pool.js';
import { MAIN_REGION, type ReadStack, startReadStack } from '../integration/read-stack.js';
import { manualTimers } from '../support/manual-timers.js';

const limits = API_LIMITS['2014'];

describe('WatchPool over the simulator', () => {
  let stack: ReadStack;
  let diskId: string;
  beforeAll(async () => {
    stack = await startReadStack({
      limits,
      sizes: { instancesPerRegion: 1, disksPerInstance: 1, snapshotsPerDisk: 0 },
    });
    const disks = await stack.client.call(DescribeDisks, {
      RegionId: MAIN_REGION,
      PageNumber: 1,
      PageSize: 10,
    });
    diskId = disks.Disks[0]?.DiskId ?? '';
  });
  afterAll(() => stack.close());

  /**
   * Snapshots the disk and watches the snapshot with `count` watchers until it is done,
   * the pool's clock and the simulator's moving together a second at a time. Answers what
   * each watcher saw and the DescribeSnapshots calls the simulator served.
   */
  async function watchSnapshot(count: number) {
    const created = await stack.client.call(CreateSnapshot, { DiskId: diskId }, { regionId: MAIN_REGION });
    const snapshotId = created.SnapshotId ?? '';
    stack.resetCounts();
    const timers = manualTimers();
    const fetchFromEcs = createEcsFetcher({ ecs: stack.client, limits });
    let inFlight: Promise<unknown> = Promise.resolve();
    // The loopback call takes real time: each step waits for the poll it started.
    const fetch: WatchFetcher = (kind, regionId, ids) => {
      const poll = fetchFromEcs(kind, regionId, ids);
      inFlight = poll.catch(() => undefined);
      return poll;
    };
    const pool = createWatchPool({ fetch, timers });
    const seen = Array.from({ length: count }, () => [] as string[]);
    for (const lines of seen)
      void (async () => {
        for await (const event of pool.watch('snapshot', MAIN_REGION, [snapshotId]))
          if (event.type === 'state') lines.push(`${event.item.Status} ${event.item.Progress}`);
      })();
    const step = async (ms: number) => {
      stack.simulator.advance(ms);
      await timers.advance(ms);
      await inFlight;
      await timers.advance(0);
    };
    await step(0);
    for (let second = 0; second < 40 && !seen[0]?.at(-1)?.startsWith('accomplished'); second += 1)
      await step(1_000);
    pool.close();
    return { seen, describes: stack.simulatorCallsByAction().DescribeSnapshots ?? 0 };
  }

  it('follows a snapshot from 0 % to accomplished, and 100 watchers cost the Describe calls of 1', async () => {
    const one = await watchSnapshot(1);
    const hundred = await watchSnapshot(100);
    const progress = (line: string) => Number.parseInt(line.split(' ')[1] ?? '', 10);
    for (const lines of [...one.seen, ...hundred.seen]) {
      expect(lines[0]).toBe('progressing 0%');
      expect(lines.at(-1)).toBe('accomplished 100%');
      const values = lines.map(progress);
      expect(values).toStrictEqual([...values].sort((a, b) => a - b));
      expect(new Set(values).size).toBe(values.length);
    }
    // The seeded disk's snapshot takes 11 s: one poll a second while it moves, one Describe each.
    expect(one.seen[0]).toStrictEqual([
      ...['0', '9', '18', '27', '37', '46', '55', '64', '74', '83', '92'].map((p) => `progressing ${p}%`),
      'accomplished 100%',
    ]);
    for (const lines of hundred.seen) expect(lines).toStrictEqual(one.seen[0]);
    expect(one.describes).toBe(12);
    expect(hundred.describes).toBe(12);
  });
});
