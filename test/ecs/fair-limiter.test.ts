import { describe, expect, it } from 'vitest';
import { FairLimiter } from '../../src/ecs/fair-limiter.js';
import { manualTimers } from '../support/manual-timers.js';

const open = () => new AbortController().signal;
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** Starts `count` acquisitions for `flow`, recording `flow:n` in `granted` as each is granted. */
function queue(limiter: FairLimiter, flow: string, count: number, granted: string[]) {
  return Array.from({ length: count }, (_, n) =>
    limiter.acquire({ flow, signal: open() }).then((release) => {
      granted.push(`${flow}:${n + 1}`);
      return release;
    }),
  );
}

describe('FairLimiter: concurrency', () => {
  it('serves a newcomer next, not after the thousand calls queued before it', async () => {
    const limiter = new FairLimiter({ maxConcurrency: 2, ratePerSecond: Number.POSITIVE_INFINITY, burst: 1 });
    const granted: string[] = [];
    const big = queue(limiter, 'big', 1000, granted);
    await settle();
    const small = queue(limiter, 'small', 1, granted);
    await settle();
    expect(granted).toStrictEqual(['big:1', 'big:2']);
    expect(limiter.state).toStrictEqual({ active: 2, flows: 2, waiting: 999 });

    // Each release grants the next flow in turn: big had its turn, so small is next but one.
    (await big[0])?.();
    await settle();
    (await big[1])?.();
    await settle();
    expect(granted).toStrictEqual(['big:1', 'big:2', 'big:3', 'small:1']);

    for (const pending of [...big.slice(2), ...small]) {
      (await pending)();
    }
    expect(granted).toHaveLength(1001);
    expect(limiter.state).toStrictEqual({ active: 0, flows: 0, waiting: 0 });
  });

  it('alternates between flows and keeps arrival order within each', async () => {
    const limiter = new FairLimiter({ maxConcurrency: 1, ratePerSecond: Number.POSITIVE_INFINITY, burst: 1 });
    const granted: string[] = [];
    const first = await limiter.acquire({ flow: 'a', signal: open() });
    const a = queue(limiter, 'a', 3, granted);
    const b = queue(limiter, 'b', 2, granted);
    const c = queue(limiter, 'c', 1, granted);
    first();
    for (const pending of [a[0], b[0], c[0], a[1], b[1], a[2]]) (await pending)?.();
    expect(granted).toStrictEqual(['a:1', 'b:1', 'c:1', 'a:2', 'b:2', 'a:3']);
  });

  it('puts a retry at the head of its own flow', async () => {
    const limiter = new FairLimiter({ maxConcurrency: 1, ratePerSecond: Number.POSITIVE_INFINITY, burst: 1 });
    const granted: string[] = [];
    const first = await limiter.acquire({ flow: 'a', signal: open() });
    const fresh = queue(limiter, 'a', 2, granted);
    const retry = limiter.acquire({ flow: 'a', retry: true, signal: open() }).then((release) => {
      granted.push('a:retry');
      return release;
    });
    first();
    for (const pending of [retry, fresh[0], fresh[1]]) (await pending)?.();
    expect(granted).toStrictEqual(['a:retry', 'a:1', 'a:2']);
  });

  it('drops a waiter whose signal fires, keeping its slot count and leaving no flow behind', async () => {
    const limiter = new FairLimiter({ maxConcurrency: 1, ratePerSecond: Number.POSITIVE_INFINITY, burst: 1 });
    const held = await limiter.acquire({ flow: 'a', signal: open() });
    const controller = new AbortController();
    const waiting = limiter.acquire({ flow: 'gone', signal: controller.signal });
    const other = limiter.acquire({ flow: 'b', signal: open() });
    expect(limiter.state).toStrictEqual({ active: 1, flows: 2, waiting: 2 });
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    expect(limiter.state).toStrictEqual({ active: 1, flows: 1, waiting: 1 });
    held();
    held(); // releasing twice frees one slot only
    (await other)();
    expect(limiter.state).toStrictEqual({ active: 0, flows: 0, waiting: 0 });
    await expect(
      limiter.acquire({ flow: 'x', signal: AbortSignal.abort(new Error('late')) }),
    ).rejects.toThrow('late');
  });

  it('keeps no state for the thousands of flows that came and went', async () => {
    const limiter = new FairLimiter({ maxConcurrency: 4, ratePerSecond: Number.POSITIVE_INFINITY, burst: 1 });
    const granted: string[] = [];
    // Every call is done as soon as it is granted.
    const all = Array.from({ length: 2000 }, (_, n) => queue(limiter, `request-${n}`, 3, granted)).flat();
    await Promise.all(all.map((pending) => pending.then((release) => release())));
    expect(granted).toHaveLength(6000);
    expect(limiter.state).toStrictEqual({ active: 0, flows: 0, waiting: 0 });
  });
});

describe('FairLimiter: rate', () => {
  it('lets a burst through, then one call per interval, on the injected clock', async () => {
    const timers = manualTimers();
    const limiter = new FairLimiter({ maxConcurrency: 100, ratePerSecond: 10, burst: 3, timers });
    const granted: string[] = [];
    queue(limiter, 'a', 6, granted);
    await settle();
    expect(granted).toStrictEqual(['a:1', 'a:2', 'a:3']);
    await timers.advance(99);
    expect(granted).toHaveLength(3);
    await timers.advance(1);
    expect(granted).toHaveLength(4);
    await timers.advance(200);
    expect(granted).toHaveLength(6);
    expect(timers.pending()).toBe(0);
  });

  it('refills with time, never beyond the burst', async () => {
    const timers = manualTimers();
    const limiter = new FairLimiter({ maxConcurrency: 100, ratePerSecond: 10, burst: 2, timers });
    const granted: string[] = [];
    queue(limiter, 'a', 2, granted);
    await timers.advance(10_000);
    queue(limiter, 'b', 3, granted);
    await settle();
    expect(granted).toStrictEqual(['a:1', 'a:2', 'b:1', 'b:2']);
    await timers.advance(100);
    expect(granted).toHaveLength(5);
  });

  it('gives the tokens in turn: a one-call flow waits one interval behind a thousand queued calls', async () => {
    const timers = manualTimers();
    const limiter = new FairLimiter({ maxConcurrency: 100, ratePerSecond: 20, burst: 1, timers });
    const granted: string[] = [];
    const big = queue(limiter, 'big', 1000, granted);
    await settle();
    await timers.advance(500); // ten more of big's calls are sent
    expect(granted).toHaveLength(11);
    queue(limiter, 'small', 1, granted);
    await timers.advance(50);
    await timers.advance(50);
    expect(granted.indexOf('small:1')).toBeLessThanOrEqual(12);
    expect(granted.slice(-2)).toContain('small:1');
    for (const pending of big.slice(0, 11)) (await pending)();
  });

  it('drops a waiter aborted while the bucket is empty, granting the next one on time', async () => {
    const timers = manualTimers();
    const limiter = new FairLimiter({ maxConcurrency: 100, ratePerSecond: 1, burst: 1, timers });
    const granted: string[] = [];
    queue(limiter, 'a', 1, granted);
    const controller = new AbortController();
    const aborted = limiter.acquire({ flow: 'b', signal: controller.signal });
    queue(limiter, 'c', 1, granted);
    controller.abort(new Error('gone'));
    await expect(aborted).rejects.toThrow('gone');
    await timers.advance(1000);
    expect(granted).toStrictEqual(['a:1', 'c:1']);
    expect(limiter.state).toMatchObject({ flows: 0, waiting: 0 });
  });
});

describe('FairLimiter: a slot given back unused', () => {
  it('returns its rate token, so the next call goes at once instead of a token later', async () => {
    const timers = manualTimers();
    const limiter = new FairLimiter({ maxConcurrency: 4, ratePerSecond: 1, burst: 1, timers });
    const granted: string[] = [];
    const grant = (name: string) =>
      limiter.acquire({ flow: 'a', signal: open() }).then((release) => {
        granted.push(name);
        return release;
      });
    (await grant('refused by the breaker'))({ unused: true });
    const sent = grant('sent');
    await settle();
    expect(granted).toStrictEqual(['refused by the breaker', 'sent']);

    // A slot that was used keeps its token spent: the next call waits a second for one.
    (await sent)();
    void grant('next');
    await settle();
    expect(granted).toHaveLength(2);
    await timers.advance(1_000);
    await settle();
    expect(granted).toStrictEqual(['refused by the breaker', 'sent', 'next']);
  });
});
