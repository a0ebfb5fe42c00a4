import { describe, expect, it } from 'vitest';
import { ConsecutiveFailureBreaker } from '../../src/ecs/circuit-breaker.js';

const HOST = 'ecs.cn-hangzhou.aliyuncs.com';
const OTHER = 'ecs.cn-shanghai.aliyuncs.com';

function breaker(threshold = 3, coolDownMs = 5_000) {
  const clock = { now: 1_000_000 };
  const subject = new ConsecutiveFailureBreaker({
    failureThreshold: threshold,
    coolDownMs,
    now: () => clock.now,
  });
  const fail = (host = HOST, probe = false) => subject.record(host, 'failure', probe, 'ConnectionRefused');
  return { subject, clock, fail };
}

describe('ConsecutiveFailureBreaker', () => {
  it('opens after the threshold of connection failures in a row, for that endpoint only', async () => {
    const { subject, clock, fail } = breaker(3);
    await fail();
    await fail();
    expect(await subject.admit(HOST)).toStrictEqual({ allowed: true, probe: false });
    await fail();
    expect(subject.stateOf(HOST)).toBe('open');
    expect(await subject.admit(HOST)).toStrictEqual({
      allowed: false,
      retryAt: clock.now + 5_000,
      probing: false,
      failures: 3,
      lastFailure: 'ConnectionRefused',
    });
    expect(await subject.admit(OTHER)).toStrictEqual({ allowed: true, probe: false });
  });

  it('forgets failures when any answer arrives between them', async () => {
    const { subject, fail } = breaker(3);
    await fail();
    await fail();
    await subject.record(HOST, 'success', false);
    await fail();
    await fail();
    expect(subject.stateOf(HOST)).toBe('closed');
    await fail();
    expect(subject.stateOf(HOST)).toBe('open');
  });

  it('counts nothing for attempts that ended without news of the endpoint', async () => {
    const { subject, fail } = breaker(2);
    await fail();
    await subject.record(HOST, 'ignored', false);
    await subject.record(HOST, 'ignored', false);
    expect(subject.stateOf(HOST)).toBe('closed');
    await fail();
    expect(subject.stateOf(HOST)).toBe('open');
  });

  it('half-opens after the cool-down: one probe goes, the others are refused while it is out', async () => {
    const { subject, clock, fail } = breaker(1, 5_000);
    await fail();
    clock.now += 4_999;
    expect(await subject.admit(HOST)).toMatchObject({ allowed: false, probing: false });
    clock.now += 1;
    expect(await subject.admit(HOST)).toStrictEqual({ allowed: true, probe: true });
    expect(subject.stateOf(HOST)).toBe('halfOpen');
    expect(await subject.admit(HOST)).toStrictEqual({
      allowed: false,
      retryAt: clock.now,
      probing: true,
      failures: 1,
      lastFailure: 'ConnectionRefused',
    });
    await subject.record(HOST, 'success', true);
    expect(subject.stateOf(HOST)).toBe('closed');
    expect(await subject.admit(HOST)).toStrictEqual({ allowed: true, probe: false });
  });

  it('opens for another cool-down when the probe fails', async () => {
    const { subject, clock, fail } = breaker(2, 1_000);
    await fail();
    await fail();
    clock.now += 1_000;
    expect(await subject.admit(HOST)).toMatchObject({ allowed: true, probe: true });
    await subject.record(HOST, 'failure', true, 'ConnectTimeout');
    expect(await subject.admit(HOST)).toStrictEqual({
      allowed: false,
      retryAt: clock.now + 1_000,
      probing: false,
      failures: 3,
      lastFailure: 'ConnectTimeout',
    });
  });

  it('lets the next call probe when the probe ended without news (aborted)', async () => {
    const { subject, clock, fail } = breaker(1, 1_000);
    await fail();
    clock.now += 1_000;
    expect(await subject.admit(HOST)).toMatchObject({ probe: true });
    await subject.record(HOST, 'ignored', true);
    expect(await subject.admit(HOST)).toStrictEqual({ allowed: true, probe: true });
  });

  it('lets stragglers admitted before it opened change nothing: the probe decides', async () => {
    const { subject, clock, fail } = breaker(1, 1_000);
    await fail();
    await fail(); // a call that was already in flight
    expect(await subject.admit(HOST)).toMatchObject({
      allowed: false,
      retryAt: clock.now + 1_000,
      failures: 1,
    });
    clock.now += 1_000;
    expect(await subject.admit(HOST)).toMatchObject({ probe: true });
    await fail(); // another straggler fails while the probe is out
    expect(subject.stateOf(HOST)).toBe('halfOpen');
    await subject.record(HOST, 'success', true);
    expect(subject.stateOf(HOST)).toBe('closed');
  });
});

describe('ConsecutiveFailureBreaker: memory', () => {
  it('remembers a bounded number of failing endpoints, the least recently used forgotten first', async () => {
    const breaker = new ConsecutiveFailureBreaker({ failureThreshold: 1, coolDownMs: 60_000, now: () => 0 });
    for (let n = 0; n < 5_000; n += 1)
      await breaker.record(`ecs.made-up-${n}.example`, 'failure', false, 'DnsFailure');
    expect(breaker.stateOf('ecs.made-up-4999.example')).toBe('open');
    expect(breaker.stateOf('ecs.made-up-0.example')).toBe('closed');
  });
});
