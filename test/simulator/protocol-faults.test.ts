import { afterEach, describe, expect, it } from 'vitest';
import { FaultConfigError, FaultInjector } from '../../src/simulator/faults.js';
import { NonceRegistry } from '../../src/simulator/nonces.js';
import { getV1, type Harness, publicParams, START, signV1, startHarness, xmlError } from './support.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.server.close();
  h = undefined;
});

describe('injected faults', () => {
  it('answers Throttling (400) before acting, with x-acs-retry-after when configured', async () => {
    h = await startHarness({ faults: { throttlingRate: 1, retryAfterMs: 1500 } });
    const answer = await getV1(h.server, publicParams('DescribeRegions'));
    expect(answer.status).toBe(400);
    expect(xmlError(answer.body)).toMatchObject({
      code: 'Throttling',
      message: 'Request was denied due to request throttling.',
    });
    expect(answer.headers.get('x-acs-retry-after')).toBe('1500');
    expect(h.backend.calls).toEqual([]);
  });

  it('answers ServiceUnavailable (503) and InternalError (500) before acting', async () => {
    h = await startHarness({ faults: { serviceUnavailableRate: 1 } });
    const unavailable = await getV1(h.server, publicParams('DescribeRegions', { Format: 'JSON' }));
    expect(unavailable.status).toBe(503);
    expect(JSON.parse(unavailable.body).Code).toBe('ServiceUnavailable');
    expect(unavailable.headers.get('x-acs-retry-after')).toBeNull();

    h.server.faults.configure({ serviceUnavailableRate: 0, internalErrorRate: 1 });
    const internal = await getV1(h.server, publicParams('DescribeRegions'));
    expect(internal.status).toBe(500);
    expect(xmlError(internal.body).code).toBe('InternalError');
    expect(h.backend.calls).toEqual([]);
  });

  it('checks the request before injecting a fault: a bad signature is still SignatureDoesNotMatch', async () => {
    h = await startHarness({ faults: { throttlingRate: 1 } });
    const answer = await fetch(
      `${h.server.url}/?${signV1(publicParams('DescribeRegions'), { secret: 'x' })}`,
    );
    expect(xmlError(await answer.text()).code).toBe('SignatureDoesNotMatch');
  });

  it('drops the connection before acting', async () => {
    h = await startHarness({ faults: { dropRate: 1 } });
    await expect(getV1(h.server, publicParams('DescribeRegions'))).rejects.toThrow();
    expect(h.backend.calls).toEqual([]);
    expect(h.server.stats.snapshot().actions.DescribeRegions).toMatchObject({ calls: 1, faulted: 1 });
  });

  it('drops the connection after acting: the backend ran, the client sees a socket error', async () => {
    h = await startHarness({ faults: { dropAfterActingRate: 1 } });
    await expect(
      getV1(h.server, publicParams('DescribeZones', { RegionId: 'cn-hangzhou' })),
    ).rejects.toThrow();
    expect(h.backend.calls.map((call) => call.input)).toEqual([{ RegionId: 'cn-hangzhou' }]);

    h.server.faults.configure({ dropAfterActingRate: 0 });
    expect((await getV1(h.server, publicParams('DescribeRegions'))).status).toBe(200);
  });

  it('waits the configured latency plus jitter before each call', async () => {
    const delays: number[] = [];
    h = await startHarness({
      faults: { latencyMs: 100, jitterMs: 50, seed: 7 },
      sleep: async (ms) => {
        delays.push(ms);
      },
    });
    for (let i = 0; i < 5; i += 1) await getV1(h.server, publicParams('DescribeRegions'));
    expect(delays).toHaveLength(5);
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(100);
      expect(delay).toBeLessThanOrEqual(150);
    }
    const replay = new FaultInjector({ latencyMs: 100, jitterMs: 50, seed: 7 });
    expect(delays).toEqual(Array.from({ length: 5 }, () => replay.nextDelayMs()));
  });
});

describe('FaultInjector', () => {
  it('gives the same faults for the same seed, and the configured share of them', () => {
    const config = { throttlingRate: 0.2, serviceUnavailableRate: 0.1, dropAfterActingRate: 0.1, seed: 42 };
    const a = new FaultInjector(config);
    const b = new FaultInjector(config);
    const drawsA = Array.from({ length: 2000 }, () => a.nextFault());
    const drawsB = Array.from({ length: 2000 }, () => b.nextFault());
    expect(drawsA).toEqual(drawsB);
    const share = (kind: string) => drawsA.filter((fault) => fault === kind).length / drawsA.length;
    expect(share('throttling')).toBeGreaterThan(0.15);
    expect(share('throttling')).toBeLessThan(0.25);
    expect(share('serviceUnavailable')).toBeGreaterThan(0.06);
    expect(share('dropAfterActing')).toBeGreaterThan(0.06);
    expect(share('drop')).toBe(0);
    expect(new FaultInjector({ seed: 42 }).nextFault()).toBeUndefined();
  });

  it('restarts the sequence when the seed is set again', () => {
    const faults = new FaultInjector({ throttlingRate: 0.5, seed: 3 });
    const first = Array.from({ length: 20 }, () => faults.nextFault());
    faults.configure({ seed: 3 });
    expect(Array.from({ length: 20 }, () => faults.nextFault())).toEqual(first);
  });

  it('refuses invalid settings, naming each field, and keeps the old ones', () => {
    expect(() => new FaultInjector({ throttlingRate: 1.5 })).toThrow(FaultConfigError);
    const faults = new FaultInjector({ throttlingRate: 0.5 });
    try {
      faults.configure({ dropRate: 0.6, latencyMs: -1 });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(FaultConfigError);
      expect((error as FaultConfigError).problems.some((p) => p.startsWith('latencyMs:'))).toBe(true);
    }
    expect(() => faults.configure({ dropRate: 0.6 })).toThrow('add up to 1.1');
    expect(() => faults.configure([])).toThrow(FaultConfigError);
    expect(faults.settings).toMatchObject({ throttlingRate: 0.5, dropRate: 0, latencyMs: 0 });
    expect(faults.clear()).toMatchObject({ throttlingRate: 0 });
  });
});

describe('NonceRegistry', () => {
  it('refuses a nonce until its record expires, per AccessKeyId, and forgets expired records', () => {
    let now = START.getTime();
    const nonces = new NonceRegistry(() => new Date(now));
    const expiry = now + 60_000;
    expect(nonces.claim('a', 'n1', expiry)).toBe(true);
    expect(nonces.claim('a', 'n1', expiry)).toBe(false);
    expect(nonces.claim('b', 'n1', expiry)).toBe(true);
    expect(nonces.claim('a', 'n2', now + 120_000)).toBe(true);
    expect(nonces.size).toBe(3);

    now += 60_000;
    expect(nonces.claim('a', 'n3', now + 60_000)).toBe(true);
    expect(nonces.size).toBe(2);
    expect(nonces.claim('a', 'n1', now + 60_000)).toBe(true);
  });
});
