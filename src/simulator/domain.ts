import type { AnyAction } from '../spec/action.js';
import { isDryRun } from '../spec/dry-run.js';
import { API_LIMITS, type ApiLimits, SNAPSHOTS_PER_DISK } from '../spec/limits.js';
import { MONITOR_POINTS_PER_CALL } from '../spec/monitor-common.js';
import { accountRules, accountView, configureAccount, setInstanceLocks } from './account-control.js';
import type { AccountView, InstanceLocksView } from './account-settings.js';
import { ControlError, type FailedSnapshot, type RequestContext, type SimulatorBackend } from './backend.js';
import { REGIONS } from './catalog.js';
import { type ClockOptions, createClock, type SimulatorClock, type TimingMode } from './clock.js';
import * as autoSnapshotPolicyHandlers from './handlers/auto-snapshot-policies.js';
import type { DomainContext, DomainRules } from './handlers/context.js';
import * as createInstanceHandler from './handlers/create-instance.js';
import * as diskHandlers from './handlers/disks.js';
import * as eipHandlers from './handlers/eips.js';
import * as imageShareHandlers from './handlers/image-shares.js';
import * as imageWriteHandlers from './handlers/image-writes.js';
import * as imageHandlers from './handlers/images.js';
import * as instanceTypeHandlers from './handlers/instance-types.js';
import * as instanceVncHandlers from './handlers/instance-vnc.js';
import * as instanceVpcHandlers from './handlers/instance-vpc.js';
import * as instanceHandlers from './handlers/instances.js';
import * as monitoringHandlers from './handlers/monitoring.js';
import * as networkHandlers from './handlers/network.js';
import * as regionHandlers from './handlers/regions.js';
import * as routeTableHandlers from './handlers/route-tables.js';
import * as securityGroupRuleHandlers from './handlers/security-group-rules.js';
import * as securityGroupHandlers from './handlers/security-groups.js';
import * as snapshotHandlers from './handlers/snapshots.js';
import * as vpcHandlers from './handlers/vpcs.js';
import * as vSwitchHandlers from './handlers/vswitches.js';
import { type IdempotencyOptions, IdempotencyRecords } from './idempotency.js';
import { makeId, type ResourceKind } from './ids.js';
import { PageTokens } from './page-tokens.js';
import { createRandom, type Random } from './random.js';
import { DEFAULT_SEED, type SeedOptions, seedAccount } from './seed.js';
import { snapshotProgress, snapshotStatus } from './state/snapshot.js';
import { type AccountState, find, SimulatorStore } from './store.js';
import { catchUp, type TimeEnvironment } from './time-passes.js';

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
  /** The account the control methods act on when they name none (the simulator's one account). */
  readonly controlAccount?: string;
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
  /**
   * Brings the account (or every account in use) to the clock's time: what calls do
   * first. A change made outside the ECS actions (a control endpoint) calls it before
   * changing the state, so policies that fired before it see the state they saw then.
   */
  passTime(accessKeyId?: string): void;
  /**
   * Sets the OperationLocks of an instance: `{ locks: ['security' | 'financial'] }`, `[]`
   * clears them. ControlError 404 unknown instance, 400 bad body.
   */
  setInstanceLocks(instanceId: string, body: unknown, accessKeyId?: string): InstanceLocksView;
  /** The account's arrears, snapshot service and quotas. */
  accountState(accessKeyId?: string): AccountView;
  /** Changes some of them: `{ inArrears?, snapshotServiceOpened?, quotas? }`. ControlError 400. */
  configureAccount(body: unknown, accessKeyId?: string): AccountView;
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
    instanceVncHandlers,
    monitoringHandlers,
    eipHandlers,
    networkHandlers,
    vpcHandlers,
    vSwitchHandlers,
    routeTableHandlers,
    instanceVpcHandlers,
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
    monitorPointsPerCall: MONITOR_POINTS_PER_CALL[limits.name],
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

  /** What passing time needs for an account: its ids, the clock's durations, the limits. */
  function timeFor(account: AccountState): TimeEnvironment {
    return {
      since: seededAt,
      durations: clock.durations,
      autoSnapshotsPerDisk: rules.snapshotQuotaPerDisk,
      newSnapshotId: (regionId) => newId(account, 'snapshot', regionId),
    };
  }

  /** The account a control call acts on: the one named, the domain's control account, or the only one in use. */
  function controlled(accessKeyId: string | undefined): AccountState {
    const named = accessKeyId ?? options.controlAccount;
    if (named !== undefined) return store.account(named);
    const inUse = [...store.accounts()];
    if (inUse.length === 1) return inUse[0]!;
    throw new ControlError(409, `The simulator holds ${inUse.length} accounts; name the one to act on.`);
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
      catchUp(account, now, timeFor(account));
      // The 2014 API has no DryRun: like any unknown parameter it is ignored, and the call acts.
      const dryRun = limits.name === 'current' && isDryRun(action, input);
      const context: DomainContext = {
        account,
        regionId: request.regionId,
        now,
        clock,
        rules: accountRules(account, rules),
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
    passTime(accessKeyId) {
      const now = clock.now();
      const accounts = accessKeyId === undefined ? [...store.accounts()] : [store.account(accessKeyId)];
      for (const account of accounts) catchUp(account, now, timeFor(account));
    },
    setInstanceLocks(instanceId, body, accessKeyId) {
      const owner =
        accessKeyId === undefined
          ? [...store.accounts()].find((account) => find(account, 'instances', instanceId))
          : store.account(accessKeyId);
      if (!owner) throw new ControlError(404, `No instance ${instanceId} in the simulator.`);
      // Policies that fired before this change must see the state they saw then.
      catchUp(owner, clock.now(), timeFor(owner));
      return setInstanceLocks(owner, instanceId, body);
    },
    accountState: (accessKeyId) => accountView(controlled(accessKeyId), rules),
    configureAccount(body, accessKeyId) {
      const account = controlled(accessKeyId);
      catchUp(account, clock.now(), timeFor(account));
      return configureAccount(account, rules, body);
    },
    failSnapshot(snapshotId, accessKeyId) {
      const accounts = accessKeyId === undefined ? [...store.accounts()] : [store.account(accessKeyId)];
      const now = clock.now();
      for (const account of accounts) catchUp(account, now, timeFor(account));
      const found = accounts.map((account) => find(account, 'snapshots', snapshotId)).find(Boolean);
      if (!found) throw new ControlError(404, `No snapshot ${snapshotId} in the simulator.`);
      const snapshot = found.record;
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
    find(account, 'autoSnapshotPolicies', id) !== undefined ||
    find(account, 'eips', id) !== undefined ||
    find(account, 'vpcs', id) !== undefined ||
    find(account, 'vRouters', id) !== undefined ||
    find(account, 'vSwitches', id) !== undefined ||
    find(account, 'routeTables', id) !== undefined
  );
}
