/**
 * The shared read cache's own report, `extensions.upstream.cache` of a result under
 * debug, and what a row of the dashboard scenario makes of many of them. A build
 * without the cache has no such field: its rows show "—", not a made-up zero.
 */

/** One result's report: its lookups, and the store as the request left it. */
export interface CacheReport {
  /** Calls answered from the store. */
  readonly hits: number;
  /** Calls that joined an identical call already in flight. */
  readonly coalesced: number;
  /** Calls that went upstream. */
  readonly misses: number;
  /** Age of the oldest stored answer the result was built from, ms; absent when it used none. */
  readonly oldestAgeMs?: number;
  readonly storeEntries: number;
  readonly storeBytes: number;
}

const COUNTS = ['hits', 'coalesced', 'misses', 'storeEntries', 'storeBytes'] as const;

const isFigure = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0;

/** The cache report of a GraphQL response body, or undefined when it has none (or a malformed one). */
export function cacheReportOf(body: unknown): CacheReport | undefined {
  const cache = (body as { extensions?: { upstream?: { cache?: unknown } } } | undefined)?.extensions
    ?.upstream?.cache;
  if (typeof cache !== 'object' || cache === null) return undefined;
  const fields = cache as Record<string, unknown>;
  if (!COUNTS.every((field) => isFigure(fields[field]))) return undefined;
  const { oldestAgeMs } = fields;
  if (oldestAgeMs !== undefined && !isFigure(oldestAgeMs)) return undefined;
  const report = Object.fromEntries(COUNTS.map((field) => [field, fields[field]])) as Record<string, number>;
  return (oldestAgeMs === undefined ? report : { ...report, oldestAgeMs }) as unknown as CacheReport;
}

/** A row's cache figures, over the results that carried a report. */
export interface CacheSummary {
  /** Results with a report. */
  readonly reports: number;
  readonly hits: number;
  readonly coalesced: number;
  readonly misses: number;
  /** hits / (hits + coalesced + misses); undefined when no call was looked up. */
  readonly hitRatio: number | undefined;
  /** coalesced / (hits + coalesced + misses). */
  readonly coalescedRatio: number | undefined;
  /** The oldest stored answer any result was built from, ms; undefined when none used one. */
  readonly maxOldestAgeMs: number | undefined;
  /** The store as the last result (in order of completion) left it. */
  readonly storeEntries: number;
  readonly storeBytes: number;
}

/** Sums the reports, given in the order the results completed; undefined when none carried one. */
export function summarizeCache(reports: ReadonlyArray<CacheReport | undefined>): CacheSummary | undefined {
  const present = reports.filter((report): report is CacheReport => report !== undefined);
  const last = present.at(-1);
  if (last === undefined) return undefined;
  const sum = (field: 'hits' | 'coalesced' | 'misses') =>
    present.reduce((total, report) => total + report[field], 0);
  const hits = sum('hits');
  const coalesced = sum('coalesced');
  const misses = sum('misses');
  const lookups = hits + coalesced + misses;
  const ages = present.flatMap((report) => (report.oldestAgeMs === undefined ? [] : [report.oldestAgeMs]));
  return {
    reports: present.length,
    hits,
    coalesced,
    misses,
    hitRatio: lookups === 0 ? undefined : hits / lookups,
    coalescedRatio: lookups === 0 ? undefined : coalesced / lookups,
    maxOldestAgeMs: ages.length === 0 ? undefined : Math.max(...ages),
    storeEntries: last.storeEntries,
    storeBytes: last.storeBytes,
  };
}
