import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SharedRedis } from '../../src/shared-state/redis.js';
import { startRedis, type TestRedis } from '../support/redis-server.js';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

describe('SharedRedis over a real redis-server', () => {
  it('connects, prefixes keys, and reports going down and coming back', async () => {
    const shared = new SharedRedis({ url: redis.url, keyPrefix: 'test:', maxReconnectDelayMs: 100 });
    const changes: Array<[boolean, string | undefined]> = [];
    shared.onChange((up, reason) => changes.push([up, reason]));
    try {
      expect(await shared.ready(5_000)).toBe(true);
      expect(shared.up).toBe(true);
      expect(shared.key('cache', 'a')).toBe('test:cache:a');
      await shared.client.set(shared.key('k'), 'v');
      expect(await shared.client.get('test:k')).toBe('v');

      await redis.stop();
      await expect.poll(() => shared.up).toBe(false);
      // No offline queue: a command while down fails at once instead of waiting for Redis.
      await expect(shared.client.get(shared.key('k'))).rejects.toThrow();

      await redis.restart();
      expect(await shared.ready(10_000)).toBe(true);
      expect(await shared.client.get(shared.key('k'))).toBeNull();
      expect(changes.map(([up]) => up)).toEqual([true, false, true]);
      expect(changes[1]?.[1]).toEqual(expect.any(String));
    } finally {
      await shared.close();
    }
    expect(shared.up).toBe(false);
  });

  it('never puts the password of the URL in a reason', async () => {
    const shared = new SharedRedis({
      url: `redis://user:s3cret-pass@127.0.0.1:${redis.port}`,
      keyPrefix: 'test:',
      maxReconnectDelayMs: 100,
    });
    const reasons: string[] = [];
    shared.onChange((_up, reason) => reasons.push(String(reason)));
    try {
      // The server has no such user: the connection fails, and says why without the secret.
      await expect.poll(() => reasons.length, { timeout: 5_000 }).toBeGreaterThan(0);
      expect(reasons.join(' ')).not.toContain('s3cret-pass');
    } finally {
      await shared.close();
    }
  });
});
