import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loggedGateway, post } from '../logs/support.js';
import { freeLoopbackPort, startRedis, type TestRedis } from '../support/redis-server.js';

const PASSWORD = 'SECRETredisPasswordValue';

async function readyz(url: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${url}/readyz`);
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

describe('a gateway with REDIS_URL', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });

  it('says in /readyz that it shares state, and serves', async () => {
    const { url, lines } = await loggedGateway({ REDIS_URL: redis.url });
    await expect.poll(async () => (await readyz(url)).sharedState).toBe('redis');
    const answer = await post(url, { query: '{ regions { id } }' });
    expect(answer.status).toBe(200);
    expect(lines().some((line) => line.msg === 'Redis connected: shared state')).toBe(true);
  });

  it('starts and serves without Redis, says so once in the log and in /readyz, and notices Redis coming', async () => {
    const port = await freeLoopbackPort();
    const redisUrl = `redis://default:${PASSWORD}@127.0.0.1:${port}`;
    const { url, lines, text } = await loggedGateway({ REDIS_URL: redisUrl });
    expect(await readyz(url)).toEqual({ status: 'ready', sharedState: 'local' });
    const answer = await post(url, { query: '{ regions { id } }' });
    expect(answer.status).toBe(200);
    expect(answer.json.errors).toBeUndefined();
    await expect.poll(() => lines().filter((line) => line.level === 'warn').length).toBe(1);
    const warning = lines().find((line) => line.level === 'warn');
    expect(warning).toMatchObject({
      msg: 'Redis unreachable: serving with local state until it is back',
      redis: `redis://[redacted]@127.0.0.1:${port}`,
    });
    // Reconnection attempts go on without a line each.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(lines().filter((line) => line.level === 'warn')).toHaveLength(1);

    // Redis comes, wanting the URL's password: the replica shares again, and says so.
    const late = await startRedis({ port, password: PASSWORD });
    try {
      await expect.poll(async () => (await readyz(url)).sharedState, { timeout: 10_000 }).toBe('redis');
      expect(lines().filter((line) => line.level === 'info' && String(line.msg).startsWith('Redis'))).toEqual(
        [expect.objectContaining({ msg: 'Redis connected: shared state' })],
      );
      expect(text()).not.toContain(PASSWORD);
    } finally {
      await late.stop();
    }
  });
});
