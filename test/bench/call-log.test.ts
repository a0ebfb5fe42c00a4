import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actionOf,
  type CallLog,
  countByAction,
  maxInWindow,
  startCallLog,
} from '../../bench/lib/call-log.js';
import { EcsClient } from '../../src/ecs/client.js';
import { staticCredentials } from '../../src/ecs/credentials.js';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { DescribeInstances } from '../../src/spec/actions/instance-reads.js';
import { DescribeRegions } from '../../src/spec/actions/regions.js';
import { API_LIMITS } from '../../src/spec/limits.js';

describe('maxInWindow', () => {
  it('counts the fullest window [t, t + w) over every t', () => {
    expect(maxInWindow([], 1000)).toBe(0);
    expect(maxInWindow([0, 999, 1000, 1999, 2000], 1000)).toBe(2);
    expect(maxInWindow([5, 0, 10, 3000, 3001], 1000)).toBe(3);
    expect(maxInWindow([0, 0, 0, 1000], 1000)).toBe(3);
  });
});

describe('actionOf', () => {
  it('reads the ACS3 header, else Action in the query, else in a form body', () => {
    expect(actionOf({ 'x-acs-action': 'DescribeDisks' }, '/?Action=Other', Buffer.alloc(0))).toBe(
      'DescribeDisks',
    );
    expect(actionOf({}, '/?Action=DescribeRegions&Format=XML', Buffer.alloc(0))).toBe('DescribeRegions');
    expect(
      actionOf(
        { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        '/',
        Buffer.from('Format=XML&Action=StopInstance'),
      ),
    ).toBe('StopInstance');
    expect(actionOf({ 'content-type': 'application/json' }, '/', Buffer.from('{}'))).toBe('?');
  });
});

describe('a call log in front of the simulator', () => {
  let simulator: Simulator;
  let log: CallLog;
  beforeAll(async () => {
    simulator = await createSimulator({ limits: API_LIMITS.current });
    log = await startCallLog(simulator.url);
  });
  afterAll(async () => {
    await log.close();
    await simulator.close();
  });

  for (const signature of ['v1', 'v3'] as const)
    it(`logs each call and forwards it unchanged (signature ${signature} verified by the simulator)`, async () => {
      log.reset();
      simulator.stats.reset();
      const client = new EcsClient({
        endpoint: log.url,
        defaultRegionId: 'cn-hangzhou',
        credentials: staticCredentials({
          accessKeyId: simulator.accessKeyId,
          accessKeySecret: simulator.accessKeySecret,
        }),
        signature,
      });
      try {
        const regions = await client.call(DescribeRegions, {});
        expect(regions).toMatchObject({ Regions: expect.anything() });
        await client.call(DescribeInstances, { RegionId: 'cn-hangzhou' });
      } finally {
        await client.close();
      }
      expect(countByAction(log.calls)).toEqual({ DescribeInstances: 1, DescribeRegions: 1 });
      expect(log.calls[0]!.atMs).toBeLessThanOrEqual(log.calls[1]!.atMs);
      expect(simulator.stats.snapshot().actions).toMatchObject({
        DescribeRegions: { calls: 1, succeeded: 1 },
        DescribeInstances: { calls: 1, succeeded: 1 },
      });
    });
});
