import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway } from '../../src/start.js';
import { loadStartConfig } from '../../src/start-config.js';
import { startRedis, type TestRedis } from '../support/redis-server.js';

let redis: TestRedis;
let inspect: Redis;
beforeAll(async () => {
  redis = await startRedis();
  inspect = new Redis(redis.url);
});
afterAll(async () => {
  inspect.disconnect();
  await redis.stop();
});

describe('startGateway with REDIS_URL', () => {
  it("gives the client the shared limiter: its calls' starts are in Redis, and closing leaves the replica count", async () => {
    const config = loadStartConfig(
      {
        PORT: '0',
        REDIS_URL: redis.url,
        REDIS_KEY_PREFIX: 'start:',
        ECS_RATE_LIMIT: '7',
        SIMULATOR_REGIONS: 'cn-shanghai',
        SIMULATOR_TRANSITIONS: 'immediate',
      },
      { homeDir: mkdtempSync(join(tmpdir(), 'start-limiter-home-')) },
    );
    const gateway = await startGateway(config);
    let closed = false;
    try {
      await expect.poll(() => inspect.zcard('start:quota:replicas')).toBe(1);
      const response = await fetch(gateway.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ regions { id } }' }),
      });
      const result = (await response.json()) as { data?: unknown; errors?: unknown };
      expect(result.errors).toBeUndefined();
      expect((result.data as { regions: { id: string }[] }).regions).toContainEqual({ id: 'cn-shanghai' });
      // The DescribeRegions call took its start from the shared window, by Redis's clock.
      const [member, score] = await inspect.zrange('start:quota:window', '0', '-1', 'WITHSCORES');
      expect(member).toMatch(/^[0-9a-f-]{36}:\d+$/);
      expect(Math.abs(Number(score) - Date.now())).toBeLessThan(10_000);
      expect(await inspect.pttl('start:quota:window')).toBeGreaterThan(1_000);
      await gateway.close();
      closed = true;
      expect(await inspect.zcard('start:quota:replicas')).toBe(0);
    } finally {
      if (!closed) await gateway.close();
    }
  });
});
