import { describe, expect, it } from 'vitest';
import { EcsError, EcsTransportError } from '../../src/ecs/errors.js';
import { backoffDelay, mayRetry, retryAfterMs } from '../../src/ecs/retry.js';

const service = (code: string, status: number) => new EcsError({ code, message: code }, status);
const transport = (code: ConstructorParameters<typeof EcsTransportError>[0], httpStatus?: number) =>
  new EcsTransportError(code, code, { httpStatus });

describe('mayRetry', () => {
  it.each([
    ['Throttling', service('Throttling', 400), true, true, true],
    ['Throttling.User', service('Throttling.User', 400), true, true, true],
    ['ServiceUnavailable', service('ServiceUnavailable', 503), true, true, false],
    ['InternalError', service('InternalError', 500), true, true, false],
    ['any 5xx', service('SomethingNew', 502), true, true, false],
    ['InvalidParameter', service('InvalidParameter', 400), false, false, false],
    ['IdempotentParameterMismatch', service('IdempotentParameterMismatch', 400), false, false, false],
    ['ConnectionRefused', transport('ConnectionRefused'), true, true, true],
    ['ConnectTimeout', transport('ConnectTimeout'), true, true, true],
    ['DnsFailure', transport('DnsFailure'), true, true, true],
    ['ConnectionReset', transport('ConnectionReset'), true, true, false],
    ['Timeout', transport('Timeout'), true, true, false],
    ['NetworkError', transport('NetworkError'), true, true, false],
    ['InvalidResponse 502', transport('InvalidResponse', 502), true, true, false],
    ['InvalidResponse 200', transport('InvalidResponse', 200), false, false, false],
    ['Aborted', transport('Aborted'), false, false, false],
    ['DeadlineExceeded', transport('DeadlineExceeded'), false, false, false],
    ['a plain Error', new Error('bug'), false, false, false],
  ])('%s: read %s, clientToken %s, none %s', (_name, error, read, clientToken, none) => {
    expect([mayRetry(error, 'read'), mayRetry(error, 'clientToken'), mayRetry(error, 'none')]).toStrictEqual([
      read,
      clientToken,
      none,
    ]);
  });
});

describe('backoffDelay', () => {
  const policy = { baseDelayMs: 100, maxDelayMs: 1000 };

  it('draws uniformly below a ceiling that doubles per attempt and is capped', () => {
    const nearlyOne = () => 0.999_999;
    expect([1, 2, 3, 4, 5, 6, 40].map((n) => backoffDelay(n, policy, nearlyOne))).toStrictEqual([
      99, 199, 399, 799, 999, 999, 999,
    ]);
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
    expect(backoffDelay(3, policy, () => 0.25)).toBe(100);
  });
});

describe('retryAfterMs', () => {
  it('reads x-acs-retry-after in milliseconds, then Retry-After in seconds', () => {
    expect(retryAfterMs({ 'x-acs-retry-after': '1500' })).toBe(1500);
    expect(retryAfterMs({ 'x-acs-retry-after': '250', 'retry-after': '9' })).toBe(250);
    expect(retryAfterMs({ 'retry-after': '2' })).toBe(2000);
  });

  it('ignores what is not a number', () => {
    expect(retryAfterMs({})).toBeUndefined();
    expect(retryAfterMs({ 'x-acs-retry-after': 'soon' })).toBeUndefined();
    expect(retryAfterMs({ 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' })).toBeUndefined();
    expect(retryAfterMs({ 'x-acs-retry-after': '-5' })).toBeUndefined();
  });
});
