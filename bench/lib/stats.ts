/** The few statistics the benchmark quotes: medians and percentiles of samples. */

function sorted(values: readonly number[]): number[] {
  if (values.length === 0) throw new RangeError('statistics of no samples are undefined');
  for (const value of values)
    if (!Number.isFinite(value)) throw new RangeError(`a sample must be a finite number; got ${value}`);
  return [...values].sort((a, b) => a - b);
}

/** The middle value; the mean of the two middle values for an even count. */
export function median(values: readonly number[]): number {
  const ordered = sorted(values);
  const middle = ordered.length >> 1;
  return ordered.length % 2 === 1
    ? (ordered[middle] as number)
    : ((ordered[middle - 1] as number) + (ordered[middle] as number)) / 2;
}

/**
 * The nearest-rank percentile: the smallest sample with at least p% of the samples at
 * or below it, so p99 of 100 samples is the 99th smallest, and p100 the largest.
 */
export function percentile(values: readonly number[], p: number): number {
  if (!(p > 0 && p <= 100)) throw new RangeError(`a percentile is over 0 and at most 100; got ${p}`);
  const ordered = sorted(values);
  const rank = Math.ceil((p / 100) * ordered.length);
  return ordered[rank - 1] as number;
}

export interface Summary {
  readonly count: number;
  readonly median: number;
  readonly p99: number;
  readonly min: number;
  readonly max: number;
}

export function summarize(values: readonly number[]): Summary {
  const ordered = sorted(values);
  return {
    count: ordered.length,
    median: median(ordered),
    p99: percentile(ordered, 99),
    min: ordered[0] as number,
    max: ordered[ordered.length - 1] as number,
  };
}

/** A time that may be a lower bound: a request given up on after `ms` would have taken longer. */
export interface TimeSample {
  readonly ms: number;
  readonly lowerBound: boolean;
}

/**
 * The nearest-rank percentile of times of which some are lower bounds, and whether the
 * true percentile may be higher than it: it may when a lower bound is at or under it,
 * since that request could belong anywhere above.
 */
export function percentileAtLeast(
  samples: readonly TimeSample[],
  p: number,
): { readonly ms: number; readonly atLeast: boolean } {
  const ms = percentile(
    samples.map((sample) => sample.ms),
    p,
  );
  return { ms, atLeast: samples.some((sample) => sample.lowerBound && sample.ms <= ms) };
}
