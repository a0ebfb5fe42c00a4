import type { ApiLimitsName } from '../../src/spec/limits.js';
import type { Table } from './table.js';
import type { TargetVerdict } from './targets.js';

/** How long a run may take: `quick` for a smoke run, fewer repetitions. */
export interface RunSettings {
  readonly quick: boolean;
  /** The API profile S1 and S2 run under (`--limits`); the other scenarios keep 2014. */
  readonly limits?: ApiLimitsName;
}

export interface ScenarioReport {
  readonly tables: readonly Table[];
  readonly targets: readonly TargetVerdict[];
  /** Parts that could not run, each with its reason; never replaced by made-up figures. */
  readonly skipped: readonly string[];
  /** The raw figures, for bench/results/latest.json. */
  readonly raw: Readonly<Record<string, unknown>>;
}

export interface Scenario {
  /** What `--only` takes. */
  readonly name: string;
  readonly title: string;
  run(settings: RunSettings): Promise<ScenarioReport>;
}

/** Thrown by a scenario that cannot run at all, with the reason it prints. */
export class ScenarioSkipped extends Error {
  override readonly name = 'ScenarioSkipped';
}

/** Closes what was opened, in reverse order, even when the scenario failed. */
export class Resources {
  readonly #closers: Array<() => Promise<void> | void> = [];

  add<T extends { close(): Promise<void> | void }>(resource: T): T {
    this.#closers.push(() => resource.close());
    return resource;
  }

  async close(): Promise<void> {
    for (const close of this.#closers.reverse()) await close();
    this.#closers.length = 0;
  }
}

/** Runs `body` with a Resources that is closed whatever happens. */
export async function withResources<T>(body: (resources: Resources) => Promise<T>): Promise<T> {
  const resources = new Resources();
  try {
    return await body(resources);
  } finally {
    await resources.close();
  }
}
