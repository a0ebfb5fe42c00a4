import { z } from 'zod';

/**
 * Injected failures, so the gateway's retries, timeouts and idempotency can be tested
 * against the simulator. Each valid ECS call draws once from a seeded generator and may
 * be answered, before the backend acts, with Throttling (400), ServiceUnavailable (503)
 * or InternalError (500), or have its connection destroyed; or the backend acts and the
 * connection is destroyed before the answer (the case a ClientToken exists for).
 * Apart from calls, a share of the snapshots created may fail part-way (Status `failed`).
 */

const rate = z.number().min(0).max(1);
const millis = z.number().int().min(0).max(600_000);

const settingsSchema = z.strictObject({
  /** Fixed delay before every ECS call is handled, ms. */
  latencyMs: millis,
  /** Up to this much more delay, drawn uniformly per call, ms. */
  jitterMs: millis,
  /** Share of calls answered `Throttling` (HTTP 400). */
  throttlingRate: rate,
  /** Share of calls answered `ServiceUnavailable` (HTTP 503). */
  serviceUnavailableRate: rate,
  /** Share of calls answered `InternalError` (HTTP 500). */
  internalErrorRate: rate,
  /** Share of calls whose connection is destroyed before the backend acts. */
  dropRate: rate,
  /** Share of calls whose connection is destroyed after the backend acted. */
  dropAfterActingRate: rate,
  /** When set, Throttling answers carry `x-acs-retry-after: <ms>` (what the official SDK reads). */
  retryAfterMs: millis.nullable(),
  /**
   * Share of snapshots created that fail part-way, between 10% and 90% of their duration.
   * About snapshots, not calls: it does not count in the five call rates' sum.
   */
  snapshotFailureRate: rate,
  /** Seed of the generator: the same seed and calls give the same faults. */
  seed: z.number().int().min(0).max(0xffffffff),
});

export type FaultSettings = z.infer<typeof settingsSchema>;
export type FaultConfig = Partial<FaultSettings>;

export type FaultKind = 'throttling' | 'serviceUnavailable' | 'internalError' | 'drop' | 'dropAfterActing';

const RATES: ReadonlyArray<readonly [FaultKind, keyof FaultSettings]> = [
  ['throttling', 'throttlingRate'],
  ['serviceUnavailable', 'serviceUnavailableRate'],
  ['internalError', 'internalErrorRate'],
  ['drop', 'dropRate'],
  ['dropAfterActing', 'dropAfterActingRate'],
];

const NO_FAULTS: Readonly<Omit<FaultSettings, 'seed'>> = {
  latencyMs: 0,
  jitterMs: 0,
  throttlingRate: 0,
  serviceUnavailableRate: 0,
  internalErrorRate: 0,
  dropRate: 0,
  dropAfterActingRate: 0,
  retryAfterMs: null,
  snapshotFailureRate: 0,
};

/** Where in its duration a failing snapshot fails: never at once, never at the very end. */
const FAILURE_POINT = { from: 0.1, to: 0.9 } as const;

/** Fault settings that break a rule; `problems` names each field and its rule. */
export class FaultConfigError extends Error {
  override readonly name = 'FaultConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid fault settings: ${problems.join('; ')}.`);
  }
}

function validate(settings: unknown): FaultSettings {
  const parsed = settingsSchema.safeParse(settings);
  if (!parsed.success)
    throw new FaultConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || 'settings'}: ${issue.message}`),
    );
  const total = RATES.reduce((sum, [, key]) => sum + (parsed.data[key] as number), 0);
  if (total > 1 + 1e-9)
    throw new FaultConfigError([
      `the five call rates (all but snapshotFailureRate) add up to ${total}, at most 1`,
    ]);
  return parsed.data;
}

/** mulberry32: small, fast and good enough to spread faults; deterministic per seed. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector {
  #settings: FaultSettings;
  #random: () => number;

  /** Throws FaultConfigError naming every broken rule. */
  constructor(config: FaultConfig = {}) {
    this.#settings = validate({ ...NO_FAULTS, seed: randomSeed(), ...config });
    this.#random = generator(this.#settings.seed);
  }

  get settings(): FaultSettings {
    return { ...this.#settings };
  }

  /**
   * Changes some settings and keeps the others; a new seed restarts the generator.
   * Throws FaultConfigError (and changes nothing) when the result would be invalid.
   */
  configure(patch: unknown): FaultSettings {
    if (typeof patch !== 'object' || patch === null || Array.isArray(patch))
      throw new FaultConfigError(['settings: expected a JSON object']);
    const next = validate({ ...this.#settings, ...patch });
    if ('seed' in patch) this.#random = generator(next.seed);
    this.#settings = next;
    return this.settings;
  }

  /** Back to no faults, keeping the seed and restarting its sequence. */
  clear(): FaultSettings {
    this.#settings = { ...NO_FAULTS, seed: this.#settings.seed };
    this.#random = generator(this.#settings.seed);
    return this.settings;
  }

  /** The delay before the next call is handled, ms. */
  nextDelayMs(): number {
    const { latencyMs, jitterMs } = this.#settings;
    return jitterMs > 0 ? latencyMs + Math.floor(this.#random() * (jitterMs + 1)) : latencyMs;
  }

  /** The fault for the next call, if any: one draw over the cumulative rates. */
  nextFault(): FaultKind | undefined {
    const active = RATES.filter(([, key]) => (this.#settings[key] as number) > 0);
    if (active.length === 0) return undefined;
    let draw = this.#random();
    for (const [kind, key] of active) {
      draw -= this.#settings[key] as number;
      if (draw < 0) return kind;
    }
    return undefined;
  }

  /**
   * Whether the snapshot being created fails, and when: the share of its duration, in
   * [0.1, 0.9), at which it fails; undefined when it will complete. Draws nothing at rate 0,
   * so enabling only call faults leaves their sequence as it was.
   */
  nextSnapshotFailure(): number | undefined {
    const { snapshotFailureRate } = this.#settings;
    if (snapshotFailureRate <= 0 || this.#random() >= snapshotFailureRate) return undefined;
    return FAILURE_POINT.from + this.#random() * (FAILURE_POINT.to - FAILURE_POINT.from);
  }
}

function randomSeed(): number {
  return Math.floor(Math.random() * 0x100000000);
}
