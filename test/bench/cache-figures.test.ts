import { describe, expect, it } from 'vitest';
import { type CacheReport, cacheReportOf, summarizeCache } from '../../bench/lib/cache-figures.js';

const report = (fields: Partial<CacheReport>): CacheReport => ({
  hits: 0,
  coalesced: 0,
  misses: 0,
  storeEntries: 0,
  storeBytes: 0,
  ...fields,
});

const bodyWith = (cache: unknown) => ({
  data: {},
  extensions: { upstream: { calls: 0, byAction: {}, cache } },
});

describe('cacheReportOf', () => {
  it('reads the six figures of extensions.upstream.cache, and nothing else', () => {
    const cache = { hits: 2, coalesced: 1, misses: 0, oldestAgeMs: 812, storeEntries: 3, storeBytes: 9041 };
    expect(cacheReportOf(bodyWith({ ...cache, extra: 'ignored' }))).toEqual(cache);
  });

  it('has no oldest age when the result used no stored answer', () => {
    const cache = { hits: 0, coalesced: 0, misses: 3, storeEntries: 3, storeBytes: 9041 };
    expect(cacheReportOf(bodyWith(cache))).toEqual(cache);
    expect(cacheReportOf(bodyWith({ ...cache, oldestAgeMs: 'old' }))).toBeUndefined();
  });

  it('is undefined for a build without the field, or a figure missing or not a count', () => {
    expect(cacheReportOf({ data: {}, extensions: { upstream: { calls: 3, byAction: {} } } })).toBeUndefined();
    expect(cacheReportOf(undefined)).toBeUndefined();
    expect(cacheReportOf(bodyWith(null))).toBeUndefined();
    expect(
      cacheReportOf(bodyWith({ hits: 1, coalesced: 0, misses: 0, oldestAgeMs: 0, storeEntries: 1 })), // no storeBytes
    ).toBe(undefined);
    expect(
      cacheReportOf(
        bodyWith({ hits: '1', coalesced: 0, misses: 0, oldestAgeMs: 0, storeEntries: 1, storeBytes: 1 }),
      ),
    ).toBeUndefined();
    expect(
      cacheReportOf(
        bodyWith({ hits: -1, coalesced: 0, misses: 0, oldestAgeMs: 0, storeEntries: 1, storeBytes: 1 }),
      ),
    ).toBeUndefined();
  });
});

describe('summarizeCache', () => {
  it('sums the lookups, keeps the oldest age, and takes the store from the last result', () => {
    const summary = summarizeCache([
      report({ misses: 3, storeEntries: 3, storeBytes: 900 }),
      undefined, // a failed request: no report
      report({ coalesced: 3, oldestAgeMs: 10, storeEntries: 3, storeBytes: 900 }),
      report({ hits: 2, misses: 1, oldestAgeMs: 4990, storeEntries: 4, storeBytes: 1200 }),
      report({ hits: 3, oldestAgeMs: 30, storeEntries: 2, storeBytes: 600 }),
    ]);
    expect(summary).toEqual({
      reports: 4,
      hits: 5,
      coalesced: 3,
      misses: 4,
      hitRatio: 5 / 12,
      coalescedRatio: 3 / 12,
      maxOldestAgeMs: 4990,
      storeEntries: 2,
      storeBytes: 600,
    });
  });

  it('is undefined when no result carried a report, and has no ratio without lookups', () => {
    expect(summarizeCache([undefined, undefined])).toBeUndefined();
    expect(summarizeCache([])).toBeUndefined();
    const idle = summarizeCache([report({ storeEntries: 1 })]);
    expect(idle?.hitRatio).toBeUndefined();
    expect(idle?.maxOldestAgeMs).toBeUndefined();
  });
});
