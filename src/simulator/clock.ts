/**
 * The simulator's sense of time. Every timestamp and every transition reads this
 * clock, so tests can hold time still and move it by hand.
 *
 * - `realistic`: wall time; transitions take as long as on ECS (an instance starts in
 *   about 3 s, a snapshot takes 10 to 20 s);
 * - `immediate`: wall time; every transition completes at once;
 * - `manual`: time starts at a fixed instant and moves only with `advance(ms)`;
 *   transitions take their realistic durations.
 */
export type TimingMode = 'realistic' | 'immediate' | 'manual';

/** How long each transition takes, in milliseconds. */
export interface TransitionDurations {
  /** Pending -> Stopped after CreateInstance. */
  readonly instanceCreate: number;
  /** How long a released instance still reads as Deleted before it is gone. */
  readonly instanceDeleted: number;
  /** Stopped -> Starting -> Running. */
  readonly instanceStart: number;
  /** Running -> Stopping -> Stopped. */
  readonly instanceStop: number;
  /** Creating -> Available. */
  readonly diskCreate: number;
  /** Attaching -> In_use. */
  readonly diskAttach: number;
  /** Detaching -> Available. */
  readonly diskDetach: number;
  /** ReIniting -> In_use (ReInitDisk and ResetDisk). */
  readonly diskReInit: number;
  /** A snapshot of an empty disk; larger disks take longer, up to `snapshotMax`. */
  readonly snapshotMin: number;
  readonly snapshotMax: number;
  /** Creating -> Available for a user image. */
  readonly imageCreate: number;
}

export const REALISTIC_DURATIONS: TransitionDurations = {
  instanceCreate: 10_000,
  instanceDeleted: 60_000,
  instanceStart: 3_000,
  instanceStop: 3_000,
  diskCreate: 2_000,
  diskAttach: 1_000,
  diskDetach: 1_000,
  diskReInit: 3_000,
  snapshotMin: 10_000,
  snapshotMax: 20_000,
  imageCreate: 5_000,
};

const IMMEDIATE_DURATIONS: TransitionDurations = {
  instanceCreate: 0,
  instanceDeleted: 0,
  instanceStart: 0,
  instanceStop: 0,
  diskCreate: 0,
  diskAttach: 0,
  diskDetach: 0,
  diskReInit: 0,
  snapshotMin: 0,
  snapshotMax: 0,
  imageCreate: 0,
};

export interface SimulatorClock {
  readonly mode: TimingMode;
  readonly durations: TransitionDurations;
  /** Milliseconds since the epoch. */
  now(): number;
  /** Moves a manual clock forward; other modes follow wall time and refuse. */
  advance(ms: number): void;
}

export interface ClockOptions {
  readonly mode?: TimingMode;
  /** Where a manual clock starts (ms since the epoch). */
  readonly start?: number;
  /** Overrides of the mode's transition durations. */
  readonly durations?: Partial<TransitionDurations>;
  /** Wall time source for realistic and immediate modes. */
  readonly wallTime?: () => number;
}

/** 2025-01-06T00:00:00Z, a Monday: a fixed, readable start for manual clocks. */
export const MANUAL_CLOCK_START = Date.UTC(2025, 0, 6);

export function createClock(options: ClockOptions = {}): SimulatorClock {
  const { mode = 'realistic', start = MANUAL_CLOCK_START, wallTime = Date.now } = options;
  const base = mode === 'immediate' ? IMMEDIATE_DURATIONS : REALISTIC_DURATIONS;
  const durations = { ...base, ...options.durations };
  if (mode !== 'manual') {
    return {
      mode,
      durations,
      now: wallTime,
      advance() {
        throw new Error(`advance() needs a manual clock; this one is ${mode}`);
      },
    };
  }
  let current = start;
  return {
    mode,
    durations,
    now: () => current,
    advance(ms: number) {
      if (!Number.isFinite(ms) || ms < 0)
        throw new Error(`advance(ms): ms must be a finite number >= 0, got ${ms}`);
      current += ms;
    },
  };
}

/** ISO 8601 in UTC to the second, as ECS writes CreationTime: `2025-01-06T08:30:00Z`. */
export function isoTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}
