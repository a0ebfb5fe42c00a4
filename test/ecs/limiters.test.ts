import { describe, expect, it } from 'vitest';
import { Semaphore, TokenBucket } from '../../src/ecs/limiters.js';

describe('TokenBucket', () => {
  function bucket(rate: number, burst: number) {
    let now = 0;
    const waits: number[] = [];
    const tokens = new TokenBucket(
      rate,
      burst,
      async (ms) => {
        waits.push(ms);
      },
      () => now,
    );
    return { tokens, waits, advance: (ms: number) => (now += ms) };
  }

  it('lets a burst through, then spaces callers one interval apart, in order', () => {
    const { tokens } = bucket(10, 3);
    expect([1, 2, 3, 4, 5, 6].map(() => tokens.reserve())).toStrictEqual([0, 0, 0, 100, 200, 300]);
  });

  it('refills with time, never beyond the burst', () => {
    const { tokens, advance } = bucket(10, 2);
    tokens.reserve();
    tokens.reserve();
    advance(100);
    expect(tokens.reserve()).toBe(0);
    expect(tokens.reserve()).toBe(100);
    advance(10_000);
    expect([tokens.reserve(), tokens.reserve(), tokens.reserve()]).toStrictEqual([0, 0, 100]);
  });

  it('waits through the injected sleep and gives the token back when aborted', async () => {
    const { tokens, waits } = bucket(1, 1);
    const signal = new AbortController().signal;
    await tokens.take(signal);
    await tokens.take(signal);
    expect(waits).toStrictEqual([1000]);

    const aborting = new TokenBucket(
      1,
      1,
      (_ms, s) => Promise.reject(s.reason),
      () => 0,
    );
    const controller = new AbortController();
    await aborting.take(controller.signal);
    controller.abort(new Error('stop'));
    await expect(aborting.take(controller.signal)).rejects.toThrow('stop');
    // The refused caller's token is back: the next one waits one interval, not two.
    expect(aborting.reserve()).toBe(1000);
  });

  it('never waits when the rate is Infinity', () => {
    const { tokens } = bucket(Number.POSITIVE_INFINITY, 1);
    expect(Array.from({ length: 100 }, () => tokens.reserve()).every((wait) => wait === 0)).toBe(true);
  });
});

describe('Semaphore', () => {
  it('admits up to its limit and hands slots on in arrival order', async () => {
    const slots = new Semaphore(2);
    const signal = new AbortController().signal;
    const order: string[] = [];
    const first = await slots.acquire(signal);
    const second = await slots.acquire(signal);
    const third = slots.acquire(signal).then((release) => {
      order.push('third');
      return release;
    });
    const fourth = slots.acquire(signal).then((release) => {
      order.push('fourth');
      return release;
    });
    await Promise.resolve();
    expect(order).toStrictEqual([]);
    first();
    first(); // releasing twice frees one slot only
    (await third)();
    second();
    (await fourth)();
    expect(order).toStrictEqual(['third', 'fourth']);
    // All slots are free again: two acquire at once, a third must wait.
    await slots.acquire(signal);
    await slots.acquire(signal);
    let thirdAdmitted = false;
    void slots.acquire(signal).then(() => {
      thirdAdmitted = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(thirdAdmitted).toBe(false);
  });

  it('drops a waiter whose signal fires, without losing a slot', async () => {
    const slots = new Semaphore(1);
    const release = await slots.acquire(new AbortController().signal);
    const controller = new AbortController();
    const waiting = slots.acquire(controller.signal);
    controller.abort(new Error('gone'));
    await expect(waiting).rejects.toThrow('gone');
    release();
    const again = await slots.acquire(new AbortController().signal);
    again();
  });
});
