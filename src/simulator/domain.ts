import type { AnyAction } from '../spec/action.js';
import { isDryRun } from '../spec/dry-run.js';
import { API_LIMITS, type ApiLimits, SNAPSHOTS_PER_DISK } from '../spec/limits.js';
import { ControlError, type FailedSnapshot, type RequestContext, type SimulatorBackend } from './backend.js';
import { REGIONS } from './catalog.js';
import { type ClockOptions, createClock, type SimulatorClock, type TimingMode } from './clock.js';
import * as autoSnapshotPolicyHandlers from './handlers/auto-snapshot-policies.js';
import type { DomainContext, DomainRules } from './handlers/context.js';
import * as createInstanceHandler from './handlers/create-instance.js';
import * as diskHandlers from './handlers/disks.js';
import * as imageShareHandlers from './handlers/image-shares.js';
import * as imageWriteHandlers from './handlers/image-writes.js';
import * as imageHandlers from './handlers/images.js';
import * as instanceTypeHandlers from './handlers/instance-types.js';
import * as instanceHandlers from './handlers/instances.js';
import * as regionHandlers from './handlers/regions.js';
import * as securityGroupRuleHandlers from './handlers/security-group-rules.js';
import * as securityGroupHandlers from './handlers/security-groups.js';
import * as snapshotHandlers from './handlers/snapshots.js';
import { type IdempotencyOptions, IdempotencyRecords } from './idempotency.js';
import { makeId, type ResourceKind } from './ids.js';
import { PageTokens } from './page-tokens.js';
import { createRandom, type Random } from './random.js';
import { DEFAULT_SEED, type SeedOptions, seedAccount } from './seed.js';
import { settleDisk } from './state/disk.js';
import { snapshotProgress, snapshotStatus } from './state/snapshot.js';
import { type AccountState, find, SimulatorStore } from './store.js';

/**
 * The simulator's domain: the store, its clock and the handlers of every action,
 * behind the SimulatorBackend seam the protocol layer calls with parsed input.
 */

export interface SimulatorDomainOptions {
  /** A clock, or the timing mode of a new one (default realistic). */
  readonly clock?: SimulatorClock | TimingMode | ClockOptions;
  /** The demo estate every account starts with; `false` for empty accounts. */
  readonly seed?: SeedOptions | false;
  /** The API generation whose limits apply (snapshot quota, disks per instance). Default: today's. */
  readonly limits?: ApiLimits;
  /** Overrides of single limits, such as the snapshot quota of a disk. */
  readonly rules?: Partial<DomainRules>;
  readonly idempotency?: IdempotencyOptions;
  /** Decides which new snapshots fail part-way: the simulator's fault injector. None fail when absent. */
  readonly snapshotFailures?: SnapshotFailureSource;
}

export interface SnapshotFailureSource {
  /** The share of its duration at which the snapshot being created fails, or undefined. */
  nextSnapshotFailure(): number | undefined;
}

export interface SimulatorDomain extends SimulatorBackend {
  readonly store: SimulatorStore;
  readonly clock: SimulatorClock;
  readonly rules: DomainRules;
  /** Forgets every account and every ClientToken; accounts are seeded again on next use. */
  reset(): void;
  /** Moves a manual clock forward. */
  advance(ms: number): void;
  /**
   * Fails a snapshot still being created, now, with the progress it has; searches the
   * given account, or every account in use. ControlError 404 unknown, 409 already finished.
   */
  failSnapshot(snapshotId: string, accessKeyId?: string): FailedSnapshot;
}

type Handler = (input: Readonly<Record<string, unknown>>, context: DomainContext) => Record<string, unknown>;

const HANDLERS: ReadonlyMap<string, Handler> = new Map(
  [
    regionHandlers,
    instanceTypeHandlers,
    imageHandlers,
    securityGroupHandlers,
    securityGroupRuleHandlers,
    instanceHandlers,
    createInstanceHandler,
    diskHandlers,
    snapshotHandlers,
    autoSnapshotPolicyHandlers,
    imageWriteHandlers,
    imageShareHandlers,
  ].flatMap((module) => Object.entries(module) as [string, Handler][]),
);

function rulesFor(limits: ApiLimits): DomainRules {
  const era2014 = limits.name === '2014';
  return {
    snapshotQuotaPerDisk: SNAPSHOTS_PER_DISK[limits.name],
    dataDisksPerInstance: era2014 ? 4 : 16,
    securityGroupsPerInstance: 5,
    instancesPerSecurityGroup: 1000,
    securityGroupsPerAccount: 100,
    autoSnapshotPoliciesPerRegion: era2014 ? 3 : 100,
    imagesPerRegion: 30,
    accountsPerSharedImage: 50,
    sharedImagesPerAccount: 30,
  };
}

function toClock(option: SimulatorDomainOptions['clock']): SimulatorClock {
  if (option === undefined || typeof option === 'string') return createClock({ mode: option ?? 'realistic' });
  return 'now' in option ? option : createClock(option);
}

export function createSimulatorDomain(options: SimulatorDomainOptions = {}): SimulatorDomain {
  const clock = toClock(options.clock);
  const limits = options.limits ?? API_LIMITS.current;
  const rules = { ...rulesFor(limits), ...options.rules };
  const seed = options.seed === false ? undefined : { ...DEFAULT_SEED, ...options.seed };
  // One anchor for every seeding, so reset() and a later account get the very same estate.
  const seededAt = clock.now();
  const store = new SimulatorStore({
    regionIds: REGIONS.map((region) => region.regionId),
    initialize: seed ? (account) => seedAccount(account, seed, seededAt) : undefined,
  });
  // One key for the domain's life: its NextTokens stay valid across reset(), as ECS's across writes.
  const pageTokens = new PageTokens();
  const idempotency = new IdempotencyRecords(() => clock.now(), options.idempotency);
  // Ids made at run time come from a stream per account, apart from the seed's, so they too repeat run to run.
  const idStreams = new WeakMap<AccountState, Random>();

  function newId(account: AccountState, kind: ResourceKind, regionId: string): string {
    let random = idStreams.get(account);
    if (!random) {
      random = createRandom(`${seed?.seed ?? 'empty'}:${account.accessKeyId}:ids`);
      idStreams.set(account, random);
    }
    return makeId(random, kind, regionId, (id) => isTaken(account, id));
  }

  return {
    store,
    clock,
    rules,
    has: (actionName) => HANDLERS.has(actionName),
    handle(action: AnyAction, input: Readonly<Record<string, unknown>>, request: RequestContext) {
      const handler = HANDLERS.get(action.name);
      if (!handler) throw new Error(`The simulator has no handler for ${action.name}`);
      const account = store.account(request.accessKeyId);
      const now = clock.now();
      settleAccount(account, now);
      // The 2014 API has no DryRun: like any unknown parameter it is ignored, and the call acts.
      const dryRun = limits.name === 'current' && isDryRun(action, input);
      const context: DomainContext = {
        account,
        regionId: request.regionId,
        now,
        clock,
        rules,
        dryRun,
        newId: (kind, regionId) => newId(account, kind, regionId),
        snapshotFailure: () => options.snapshotFailures?.nextSnapshotFailure(),
        pageTokens,
        accounts: () => store.accounts(),
      };
      if (dryRun) {
        // Checked, never acted on: no ClientToken is recorded, so a real call with it acts later.
        handler(input, context);
        throw new Error(`The handler of ${action.name} acted on a dry run instead of calling passDryRun.`);
      }
      const token = action.idempotency === 'clientToken' ? input.ClientToken : undefined;
      if (typeof token !== 'string' || token === '') return handler(input, context);
      const { ClientToken: _token, ...params } = input;
      // The reference's CreateImage names its own code for a reused token: InvalidParamter.Conflict.
      const mismatch = action.errors.find(
        (row) => row.code === 'IdempotentParameterMismatch' || row.message.includes('same token'),
      );
      return idempotency.run(
        account.accessKeyId,
        token,
        action.name,
        params,
        () => handler(input, context),
        mismatch,
      );
    },
    reset() {
      store.reset();
      idempotency.clear();
    },
    advance: (ms) => clock.advance(ms),
    failSnapshot(snapshotId, accessKeyId) {
      const accounts = accessKeyId === undefined ? [...store.accounts()] : [store.account(accessKeyId)];
      const found = accounts.map((account) => find(account, 'snapshots', snapshotId)).find(Boolean);
      if (!found) throw new ControlError(404, `No snapshot ${snapshotId} in the simulator.`);
      const snapshot = found.record;
      const now = clock.now();
      const status = snapshotStatus(snapshot, now);
      if (status !== 'progressing')
        throw new ControlError(
          409,
          `Snapshot ${snapshotId} is already ${status}; only a progressing snapshot can be made to fail.`,
        );
      snapshot.failedAt = now;
      return {
        snapshotId,
        regionId: snapshot.regionId,
        status: 'failed',
        progress: snapshotProgress(snapshot, now),
      };
    },
  };
}

function isTaken(account: AccountState, id: string): boolean {
  return (
    find(account, 'instances', id) !== undefined ||
    find(account, 'disks', id) !== undefined ||
    find(account, 'snapshots', id) !== undefined ||
    find(account, 'images', id) !== undefined ||
    find(account, 'securityGroups', id) !== undefined ||
    find(account, 'autoSnapshotPolicies', id) !== undefined
  );
}

/** Applies the completed transitions' side effects before a call reads the state. */
function settleAccount(account: AccountState, now: number): void {
  for (const region of account.regions.values()) {
    for (const disk of region.disks.values()) settleDisk(disk, now);
  }
}
