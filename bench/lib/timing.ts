import { median } from './stats.js';

/** Milliseconds since an arbitrary origin, from the monotonic high-resolution clock. */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export async function timeMs(task: () => Promise<unknown>): Promise<number> {
  const start = nowMs();
  await task();
  return nowMs() - start;
}

export interface InterleavedOptions {
  /** Runs; each gives one median per variant, so a ratio is taken within one run. */
  readonly runs: number;
  /** Samples of each variant per run: one count for all, or one per variant. */
  readonly samplesPerRun: number | Readonly<Record<string, number>>;
  /** Untimed rounds first, to warm connections, caches and the JIT. */
  readonly warmup: number;
  /** Stops starting runs after this long (at least one run is made). */
  readonly budgetMs?: number;
}

export interface InterleavedResult {
  /** Per variant, the median of each run, ms. */
  readonly runMedians: Readonly<Record<string, readonly number[]>>;
  /** Per variant, every sample, ms. */
  readonly samples: Readonly<Record<string, readonly number[]>>;
}

/**
 * Times variants in turn (a, b, c, a, b, c, ...) so drift of the machine touches them
 * alike; each run's median per variant is what a ratio is taken from.
 */
export async function timeInterleaved(
  variants: Readonly<Record<string, () => Promise<unknown>>>,
  options: InterleavedOptions,
): Promise<InterleavedResult> {
  const names = Object.keys(variants);
  const { samplesPerRun } = options;
  const samplesOf = (name: string) =>
    typeof samplesPerRun === 'number' ? samplesPerRun : (samplesPerRun[name] ?? 1);
  for (let i = 0; i < options.warmup; i++) for (const name of names) await variants[name]!();
  const runMedians: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  const samples: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  const started = nowMs();
  for (let run = 0; run < options.runs; run++) {
    if (run > 0 && options.budgetMs !== undefined && nowMs() - started > options.budgetMs) break;
    const current: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
    const most = Math.max(...names.map(samplesOf));
    for (let i = 0; i < most; i++)
      for (const name of names) if (i < samplesOf(name)) current[name]!.push(await timeMs(variants[name]!));
    for (const name of names) {
      runMedians[name]!.push(median(current[name]!));
      samples[name]!.push(...current[name]!);
    }
  }
  return { runMedians, samples };
}

/** Per run, a's median over b's; a ratio is only ever taken within one run. */
export function runRatios(result: InterleavedResult, a: string, b: string): number[] {
  const over = result.runMedians[a] ?? [];
  const under = result.runMedians[b] ?? [];
  return over.map((value, run) => value / (under[run] as number));
}

/**
 * Calls `op` in batches until `budgetMs` is spent, at least `minBatches` batches, and
 * returns the cost of one call per batch, ns: for figures far below a millisecond.
 */
export function timePerOp(
  op: () => unknown,
  options: { batch: number; minBatches: number; budgetMs: number },
): number[] {
  const perOp: number[] = [];
  const started = nowMs();
  while (perOp.length < options.minBatches || nowMs() - started < options.budgetMs) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < options.batch; i++) op();
    perOp.push(Number(process.hrtime.bigint() - start) / options.batch);
  }
  return perOp;
}
