import { API_LIMITS, type ApiLimits, type ApiLimitsName, DEFAULT_API_LIMITS } from '../spec/limits.js';
import type { TimingMode } from './clock.js';
import { DEFAULT_ESTATE } from './seed.js';

/**
 * The simulator's own settings: the SIMULATOR_* variables and ECS_API_LIMITS, the one
 * module of the simulator that reads the environment. `npm run simulator` loads them
 * alone; `npm start` loads them beside the gateway's configuration for the embedded
 * simulator. Every problem is reported at once, each naming its variable and the rule
 * it breaks, in the words the gateway's configuration uses; a secret's value is never
 * repeated.
 */

export interface SimulatorSettings {
  readonly host: string;
  /** Port of the embedded simulator: SIMULATOR_PORT, else 0 (any free port). */
  readonly port: number;
  /** Port of `npm run simulator`: SIMULATOR_PORT, else 9000. */
  readonly standalonePort: number;
  /** Keys the simulator accepts. Public by design: they guard nothing. */
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly seed: number;
  readonly regions: readonly string[];
  readonly instancesPerRegion: number;
  readonly disksPerInstance: number;
  readonly snapshotsPerDisk: number;
  readonly transitions: TimingMode;
  readonly latencyMs: number;
  readonly jitterMs: number;
  /** Probabilities (0..1) that a call fails with Throttling, ServiceUnavailable, InternalError. */
  readonly throttleRate: number;
  readonly unavailableRate: number;
  readonly internalErrorRate: number;
  /** Probabilities (0..1) that the connection is dropped before, or after, the simulator acts. */
  readonly dropRate: number;
  readonly dropAfterActingRate: number;
  /** Share (0..1) of new snapshots that fail part-way. */
  readonly snapshotFailureRate: number;
  /** ECS_API_LIMITS: the generation whose PageSize, id-filter limits and quotas the simulator applies. */
  readonly apiLimits: ApiLimits;
}

export interface SettingProblem {
  readonly variable: string;
  readonly rule: string;
}

export class SimulatorSettingsError extends Error {
  override readonly name = 'SimulatorSettingsError';
  constructor(readonly problems: readonly SettingProblem[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems
        .map((problem) => `  ${problem.variable}: ${problem.rule}`)
        .join('\n')}`,
    );
  }
}

/** A variable's rule in words, and how its trimmed text parses (undefined: the rule is broken). */
interface Rule<T> {
  readonly rule: string;
  readonly parse: (raw: string) => T | undefined;
}

/** A rule and the value of the variable when it is unset or blank. */
interface Variable<T> extends Rule<T> {
  readonly fallback: T;
}

const withDefault = <T, F extends T | undefined>(rule: Rule<T>, fallback: F): Variable<T | F> => ({
  ...rule,
  fallback,
});

const integer = (min: number, max: number): Rule<number> => ({
  rule: `must be an integer from ${min} to ${max}`,
  parse: (raw) => {
    const value = /^-?\d+$/.test(raw) ? Number(raw) : Number.NaN;
    return value >= min && value <= max ? value : undefined;
  },
});

const decimal = (min: number, max: number): Rule<number> => ({
  rule: `must be a number from ${min} to ${max}`,
  parse: (raw) => {
    const value = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : Number.NaN;
    return value >= min && value <= max ? value : undefined;
  },
});

/** Matched without regard to case; the value is the canonical spelling. */
const oneOf = <const V extends readonly string[]>(values: V): Rule<V[number]> => ({
  rule: `must be one of ${values.join(', ')}`,
  parse: (raw) => values.find((value) => value.toLowerCase() === raw.toLowerCase()),
});

const text: Rule<string> = { rule: 'must not be empty', parse: (raw) => raw };

const accessKeyPart: Rule<string> = {
  rule: 'must be printable ASCII with no whitespace',
  parse: (raw) => (/^[\x21-\x7e]+$/.test(raw) ? raw : undefined),
};

const REGION_ID = /^[a-z]{2,}(-[a-z0-9]+)+$/;
const regionList: Rule<readonly string[]> = {
  rule: 'must be a comma-separated list of region ids such as cn-hangzhou,cn-shanghai',
  parse: (raw) => {
    const ids = raw.split(',').map((id) => id.trim());
    return ids.every((id) => REGION_ID.test(id)) && new Set(ids).size === ids.length ? ids : undefined;
  },
};

const MINUTE = 60_000;
const TRANSITIONS = ['realistic', 'immediate', 'manual'] as const satisfies readonly TimingMode[];
const LIMITS = ['2014', 'current'] as const satisfies readonly ApiLimitsName[];
const rate = withDefault(decimal(0, 1), 0);

const variables = {
  SIMULATOR_HOST: withDefault(text, '127.0.0.1'),
  // Unset: the embedded simulator takes any free port, `npm run simulator` 9000.
  SIMULATOR_PORT: withDefault(integer(0, 65_535), undefined),
  SIMULATOR_ACCESS_KEY_ID: withDefault(accessKeyPart, 'simulator'),
  SIMULATOR_ACCESS_KEY_SECRET: withDefault(accessKeyPart, 'simulator-secret'),
  // The default estate is declared once, beside the seeder (src/simulator/seed.ts).
  SIMULATOR_SEED: withDefault(integer(0, 2 ** 32 - 1), DEFAULT_ESTATE.seed),
  SIMULATOR_REGIONS: withDefault(regionList, DEFAULT_ESTATE.regions),
  SIMULATOR_INSTANCES_PER_REGION: withDefault(integer(0, 10_000), DEFAULT_ESTATE.instancesPerRegion),
  SIMULATOR_DISKS_PER_INSTANCE: withDefault(integer(1, 17), DEFAULT_ESTATE.disksPerInstance),
  SIMULATOR_SNAPSHOTS_PER_DISK: withDefault(integer(0, 256), DEFAULT_ESTATE.snapshotsPerDisk),
  SIMULATOR_TRANSITIONS: withDefault(oneOf(TRANSITIONS), 'realistic'),
  SIMULATOR_LATENCY_MS: withDefault(integer(0, MINUTE), 0),
  SIMULATOR_JITTER_MS: withDefault(integer(0, MINUTE), 0),
  SIMULATOR_THROTTLE_RATE: rate,
  SIMULATOR_UNAVAILABLE_RATE: rate,
  SIMULATOR_INTERNAL_ERROR_RATE: rate,
  SIMULATOR_DROP_RATE: rate,
  SIMULATOR_DROP_AFTER_ACTING_RATE: rate,
  SIMULATOR_SNAPSHOT_FAILURE_RATE: rate,
  // Shared with the gateway's client: both sides of the protocol apply one generation,
  // and default to the same one (the gateway's default is the simulator's).
  ECS_API_LIMITS: withDefault(oneOf(LIMITS), DEFAULT_API_LIMITS),
};

type Values = { -readonly [Name in keyof typeof variables]: (typeof variables)[Name]['fallback'] };

/** Every variable the simulator reads. */
export const SIMULATOR_VARIABLES: readonly string[] = Object.keys(variables);

/** Variables whose values are never shown, not even in an error message. */
const SECRET_VARIABLES = new Set(['SIMULATOR_ACCESS_KEY_SECRET']);

/**
 * The settings, or every problem found. Unset and blank are the same: `FOO=` in an
 * env file means "use the default".
 */
export function readSimulatorSettings(
  env: Readonly<Record<string, string | undefined>> = process.env,
): { readonly settings: SimulatorSettings; readonly problems: [] } | { readonly problems: SettingProblem[] } {
  const values: Record<string, unknown> = {};
  const problems: SettingProblem[] = [];
  for (const [name, variable] of Object.entries(variables) as [string, Variable<unknown>][]) {
    const raw = env[name]?.trim();
    if (!raw) {
      values[name] = variable.fallback;
      continue;
    }
    const value = variable.parse(raw);
    if (value !== undefined) values[name] = value;
    else
      problems.push({
        variable: name,
        rule: SECRET_VARIABLES.has(name)
          ? variable.rule
          : `${variable.rule} (got ${JSON.stringify(clip(raw))})`,
      });
  }
  if (problems.length > 0) return { problems };
  return { settings: settingsOf(values as Values), problems: [] };
}

/** Reads the settings; throws SimulatorSettingsError listing every problem. */
export function loadSimulatorSettings(
  env: Readonly<Record<string, string | undefined>> = process.env,
): SimulatorSettings {
  const read = readSimulatorSettings(env);
  if (!('settings' in read)) throw new SimulatorSettingsError(read.problems);
  return read.settings;
}

function settingsOf(vars: Values): SimulatorSettings {
  return {
    host: vars.SIMULATOR_HOST,
    port: vars.SIMULATOR_PORT ?? 0,
    standalonePort: vars.SIMULATOR_PORT ?? 9000,
    accessKeyId: vars.SIMULATOR_ACCESS_KEY_ID,
    accessKeySecret: vars.SIMULATOR_ACCESS_KEY_SECRET,
    seed: vars.SIMULATOR_SEED,
    regions: [...vars.SIMULATOR_REGIONS],
    instancesPerRegion: vars.SIMULATOR_INSTANCES_PER_REGION,
    disksPerInstance: vars.SIMULATOR_DISKS_PER_INSTANCE,
    snapshotsPerDisk: vars.SIMULATOR_SNAPSHOTS_PER_DISK,
    transitions: vars.SIMULATOR_TRANSITIONS,
    latencyMs: vars.SIMULATOR_LATENCY_MS,
    jitterMs: vars.SIMULATOR_JITTER_MS,
    throttleRate: vars.SIMULATOR_THROTTLE_RATE,
    unavailableRate: vars.SIMULATOR_UNAVAILABLE_RATE,
    internalErrorRate: vars.SIMULATOR_INTERNAL_ERROR_RATE,
    dropRate: vars.SIMULATOR_DROP_RATE,
    dropAfterActingRate: vars.SIMULATOR_DROP_AFTER_ACTING_RATE,
    snapshotFailureRate: vars.SIMULATOR_SNAPSHOT_FAILURE_RATE,
    // A copy: the shared table stays undecorated whoever freezes or redacts the settings.
    apiLimits: { ...API_LIMITS[vars.ECS_API_LIMITS] },
  };
}

function clip(value: string): string {
  return value.length > 60 ? `${value.slice(0, 60)}…` : value;
}
