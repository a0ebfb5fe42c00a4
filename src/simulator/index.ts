import { API_LIMITS, type ApiLimits, DEFAULT_API_LIMITS } from '../spec/limits.js';
import type { AccountDenials, AccountQuotas, AccountView, InstanceLocksView } from './account-settings.js';
import type { FailedSnapshot } from './backend.js';
import { REGIONS, regionInfo } from './catalog.js';
import type { ClockOptions, TimingMode } from './clock.js';
import { createSimulatorDomain, type SimulatorDomain } from './domain.js';
import type { SimulatorLogger } from './ecs-endpoint.js';
import { type FaultConfig, FaultInjector } from './faults.js';
import { DEFAULT_SEED, type SeedOptions } from './seed.js';
import {
  createSimulatorServer,
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_ACCESS_KEY_SECRET,
  type SimulatorServer,
} from './server.js';
import type { SimulatorSettings } from './settings.js';
import type { SimulatorStats } from './stats.js';
import type { LockReason } from './store.js';

/**
 * The whole embedded ECS simulator: the protocol server in front of a seeded domain,
 * for one account. The gateway starts it in process when it has neither credentials
 * nor an ECS_ENDPOINT; `npm run simulator` starts it alone (main.ts). It reads no
 * environment: `simulatorOptionsFromSettings` maps the settings read by settings.ts
 * onto its options.
 */

export interface SimulatorOptions {
  /** Interface to listen on; 127.0.0.1 by default. */
  readonly host?: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** The one account the simulator accepts; `simulator` / `simulator-secret` by default. */
  readonly accessKeyId?: string;
  readonly accessKeySecret?: string;
  /** The demo estate (seed, regions, sizes); the domain's default estate when absent, `false` for none. */
  readonly seed?: SeedOptions | false;
  /** How transitions run: `realistic` (default), `immediate`, `manual` (moved by `advance`), or clock options. */
  readonly transitions?: TimingMode | ClockOptions;
  /** Latency and error rates at start; change them later through `faults`. */
  readonly faults?: FaultConfig;
  /**
   * One API generation for both sides of the protocol: the PageSize and id-filter limits
   * parameters are checked against, and the domain's quotas (64 snapshots a disk in 2014).
   * DEFAULT_API_LIMITS (today's) by default, as ECS_API_LIMITS.
   */
  readonly limits?: ApiLimits;
  /** How far a request's timestamp may be from wall time; 15 minutes by default. */
  readonly timestampWindowMs?: number;
  readonly logger?: SimulatorLogger;
}

/** What `configureAccount` takes: the settings to change; a quota set to null returns to the rule. */
export interface AccountSettingsPatch {
  readonly inArrears?: boolean;
  readonly snapshotServiceOpened?: boolean;
  readonly quotas?: { readonly [K in keyof AccountQuotas]?: number | null };
  readonly denied?: Partial<AccountDenials>;
}

export interface Simulator {
  /** `http://<host>:<port>`, the port actually bound. */
  readonly url: string;
  readonly port: number;
  readonly accessKeyId: string;
  /** Not a secret: it guards only simulated resources. */
  readonly accessKeySecret: string;
  /** The regions that hold a seeded estate (the others exist, empty). */
  readonly seededRegions: readonly string[];
  readonly server: SimulatorServer;
  readonly domain: SimulatorDomain;
  readonly stats: SimulatorStats;
  readonly faults: FaultInjector;
  /** Back to the seeded estate; every ClientToken forgotten. Stats and faults are kept. */
  reset(): void;
  /** Moves a manual clock forward; other modes throw. */
  advance(ms: number): void;
  /**
   * Makes a snapshot still being created fail now, keeping its progress. Throws
   * ControlError: httpStatus 404 for an unknown id, 409 for one accomplished or failed.
   */
  failSnapshot(snapshotId: string): FailedSnapshot;
  /**
   * Sets the OperationLocks of an instance (`{ locks: ['security'] }`, `[]` clears), as
   * `PUT /__simulator/instances/<id>/locks`. ControlError 404 unknown instance, 400 bad body.
   */
  setInstanceLocks(instanceId: string, locks: readonly LockReason[]): InstanceLocksView;
  /** The account's arrears, snapshot service and quotas, as `GET /__simulator/account`. */
  accountState(): AccountView;
  /** Changes some of them, as `PUT /__simulator/account`. ControlError 400 for a bad setting. */
  configureAccount(settings: AccountSettingsPatch): AccountView;
  close(): Promise<void>;
}

export async function createSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const {
    accessKeyId = DEFAULT_ACCESS_KEY_ID,
    accessKeySecret = DEFAULT_ACCESS_KEY_SECRET,
    limits = API_LIMITS[DEFAULT_API_LIMITS],
  } = options;
  const seededRegions = options.seed === false ? [] : (options.seed?.regions ?? DEFAULT_SEED.regions);
  const unknown = seededRegions.filter((regionId) => regionInfo(regionId) === undefined);
  if (unknown.length > 0)
    throw new RangeError(
      `The option "seed.regions" is not valid: ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not simulated; the simulated regions are ${REGIONS.map((region) => region.regionId).join(', ')}.`,
    );

  // One injector for both sides: calls draw their faults from it, new snapshots their failures.
  const faults = new FaultInjector(options.faults);
  const domain = createSimulatorDomain({
    clock: options.transitions ?? 'realistic',
    seed: options.seed,
    limits,
    snapshotFailures: faults,
    controlAccount: accessKeyId,
  });
  // Seeding the account now makes a bad seed fail the start, not the first call.
  domain.store.account(accessKeyId);
  const server = await createSimulatorServer({
    backend: domain,
    host: options.host,
    port: options.port,
    accounts: { [accessKeyId]: accessKeySecret },
    limits,
    faults,
    timestampWindowMs: options.timestampWindowMs,
    logger: options.logger,
  });

  return {
    url: server.url,
    port: server.port,
    accessKeyId,
    accessKeySecret,
    seededRegions: [...seededRegions],
    server,
    domain,
    stats: server.stats,
    faults: server.faults,
    reset() {
      domain.reset();
      domain.store.account(accessKeyId);
    },
    advance: (ms) => domain.advance(ms),
    failSnapshot: (snapshotId) => domain.failSnapshot(snapshotId, accessKeyId),
    setInstanceLocks: (instanceId, locks) => domain.setInstanceLocks(instanceId, { locks }, accessKeyId),
    accountState: () => domain.accountState(accessKeyId),
    configureAccount: (settings) => domain.configureAccount(settings, accessKeyId),
    close: () => server.close(),
  };
}

/**
 * The simulator the settings describe: the SIMULATOR_* variables and the ECS_API_LIMITS
 * generation. `standalone` picks the port of `npm run simulator` (9000 unless
 * SIMULATOR_PORT says) over the embedded one (any free port).
 */
export function simulatorOptionsFromSettings(
  settings: SimulatorSettings,
  { standalone = false }: { readonly standalone?: boolean } = {},
): SimulatorOptions {
  return {
    host: settings.host,
    port: standalone ? settings.standalonePort : settings.port,
    accessKeyId: settings.accessKeyId,
    accessKeySecret: settings.accessKeySecret,
    seed: {
      seed: settings.seed,
      regions: settings.regions,
      instancesPerRegion: settings.instancesPerRegion,
      disksPerInstance: settings.disksPerInstance,
      snapshotsPerDisk: settings.snapshotsPerDisk,
    },
    transitions: settings.transitions,
    faults: {
      latencyMs: settings.latencyMs,
      jitterMs: settings.jitterMs,
      throttlingRate: settings.throttleRate,
      serviceUnavailableRate: settings.unavailableRate,
      internalErrorRate: settings.internalErrorRate,
      dropRate: settings.dropRate,
      dropAfterActingRate: settings.dropAfterActingRate,
      snapshotFailureRate: settings.snapshotFailureRate,
    },
    limits: settings.apiLimits,
  };
}
