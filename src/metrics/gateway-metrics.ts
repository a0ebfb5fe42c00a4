import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CallEvent } from '../ecs/caller.js';
import { isRegionId } from '../ecs/endpoint.js';
import type { TransportErrorCode } from '../ecs/errors.js';
import type { LookupOutcome } from '../ecs/read-cache/read-cache.js';
import type { StoreStats } from '../ecs/read-cache/store.js';
import { ACTIONS } from '../spec/catalog.js';
import { isDryRunOperation } from '../spec/dry-run.js';
import { BoundedLabel } from './bounded-label.js';

/** Upstream latency buckets, seconds: from a cached-nearby answer to a call retried to its deadline. */
const ECS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

const TRANSPORT_CODES: readonly TransportErrorCode[] = [
  'ConnectionRefused',
  'ConnectTimeout',
  'DnsFailure',
  'ConnectionReset',
  'Timeout',
  'DeadlineExceeded',
  'Aborted',
  'InvalidResponse',
  'NetworkError',
  'Closed',
  'UpstreamUnavailable',
];

/** What the subscription gauges show. */
export interface WatchStats {
  readonly subscriptions: number;
  readonly pollers: number;
  readonly watchedIds: number;
}

/** Most distinct values of a label past its known ones; see BoundedLabel. */
const MAX_REGIONS = 64;
const MAX_ERROR_CODES = 200;
const MAX_OPERATION_NAMES = 200;

/**
 * The gateway's own metrics, on a registry of its own (not prom-client's global one),
 * so two gateways in one process do not share or clash. `onCall` is the ECS client's
 * CallHook; `onLookup` the read cache's observer. Label values stay bounded: actions
 * are the declared ones, regions and error codes are kept while well formed and few.
 */
export interface GatewayMetricsOptions {
  /** Regions always kept as label values (the configured default region). */
  readonly regions?: readonly string[];
}

export class GatewayMetrics {
  readonly registry = new Registry();
  readonly #actions = new BoundedLabel({ wellFormed: () => false, max: 0, known: ACTIONS.keys() });
  readonly #regions: BoundedLabel;
  readonly #errorCodes = new BoundedLabel({
    // ECS codes are dotted words (InvalidInstanceId.NotFound, Throttling.User).
    wellFormed: (code) => code.length <= 100 && /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)*$/.test(code),
    max: MAX_ERROR_CODES,
    known: TRANSPORT_CODES,
  });
  readonly #operationNames = new BoundedLabel({
    // A GraphQL name; yoga's default for an unnamed operation is Anonymous.
    wellFormed: (name) => name.length <= 100 && /^[_A-Za-z][_0-9A-Za-z]*$/.test(name),
    max: MAX_OPERATION_NAMES,
    known: ['Anonymous'],
  });
  #storeStats: (() => Promise<StoreStats | undefined>) | undefined;
  #watchStats: (() => WatchStats) | undefined;

  readonly #calls = new Counter({
    name: 'ecs_calls_total',
    help: 'Logical ECS calls (retries included in one call) by action, region, outcome (ok, dry_run: a dry run whose checks passed, error, refused: never sent) and ECS error code.',
    labelNames: ['action', 'region', 'outcome', 'error_code'] as const,
    registers: [this.registry],
  });
  readonly #duration = new Histogram({
    name: 'ecs_call_duration_seconds',
    help: 'Time of each ECS call that was sent, retries and their waits included, by action and outcome.',
    labelNames: ['action', 'outcome'] as const,
    buckets: ECS_BUCKETS,
    registers: [this.registry],
  });
  readonly #retries = new Counter({
    name: 'ecs_call_retries_total',
    help: 'Attempts beyond the first of each ECS call, by action.',
    labelNames: ['action'] as const,
    registers: [this.registry],
  });
  readonly #throttled = new Counter({
    name: 'ecs_throttled_attempts_total',
    help: 'Attempts ECS refused with a throttling code (Throttling, Throttling.User, ...), by action and region.',
    labelNames: ['action', 'region'] as const,
    registers: [this.registry],
  });
  readonly #breakerRefusals = new Counter({
    name: 'ecs_breaker_refusals_total',
    help: 'Calls refused unsent because the endpoint circuit breaker was open (UPSTREAM_UNAVAILABLE), by action and region.',
    labelNames: ['action', 'region'] as const,
    registers: [this.registry],
  });
  readonly #lookups = new Counter({
    name: 'gateway_read_cache_lookups_total',
    help: 'Cacheable ECS reads by action and how they were served: hit (the store), coalesced (joined a call in flight), miss (a call of their own).',
    labelNames: ['action', 'outcome'] as const,
    registers: [this.registry],
  });

  constructor(options: GatewayMetricsOptions = {}) {
    this.#regions = new BoundedLabel({ wellFormed: isRegionId, max: MAX_REGIONS, known: options.regions });
    const metrics = this;
    // Read at scrape time only: a store's stats() may be a network call (a later Redis store).
    const storeGauge = (name: string, help: string, field: keyof StoreStats) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        async collect() {
          const stats = await metrics.#storeStats?.();
          if (stats) this.set(stats[field]);
        },
      });
    const watchGauge = (name: string, help: string, field: keyof WatchStats) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          const stats = metrics.#watchStats?.();
          if (stats) this.set(stats[field]);
        },
      });
    watchGauge('gateway_subscriptions_open', 'Subscriptions open (both SSE transports).', 'subscriptions');
    watchGauge(
      'gateway_watch_pollers',
      'Pollers of the watch pool: one per kind and region watched.',
      'pollers',
    );
    watchGauge('gateway_watch_ids', 'Distinct resources the watch pool polls.', 'watchedIds');
    storeGauge('gateway_read_cache_entries', 'Answers held by the shared read cache store.', 'entries');
    storeGauge(
      'gateway_read_cache_bytes',
      'Serialized size of the answers held by the shared read cache store, bytes.',
      'bytes',
    );
  }

  /** An operation name as a label value: the client chose it, so it is bounded. */
  operationName(raw: string): string {
    return this.#operationNames.value(raw);
  }

  /** The ECS client's CallHook: one logical call, over. */
  readonly onCall = (event: CallEvent): void => {
    const action = this.#actions.value(event.action);
    // A region enters the label set once ECS answered a call there other than to say it
    // does not exist: a client naming 64 well-formed regions of its own would otherwise
    // push the real ones out to `other`.
    const answered = event.httpStatus !== undefined && !event.errorCode?.startsWith('InvalidRegionId');
    const region = answered ? this.#regions.value(event.regionId) : this.#regions.kept(event.regionId);
    // ECS answers a dry run whose checks all passed with the error DryRunOperation: a success of its own kind.
    const dryRun = isDryRunOperation(event.errorCode);
    const outcome = dryRun
      ? 'dry_run'
      : event.errorCode === undefined
        ? 'ok'
        : event.attempts === 0
          ? 'refused'
          : 'error';
    const errorCode = event.errorCode === undefined || dryRun ? '' : this.#errorCodes.value(event.errorCode);
    this.#calls.inc({ action, region, outcome, error_code: errorCode });
    // A call refused before it was sent took no upstream time: it would only pull the latencies down.
    if (event.attempts > 0) this.#duration.observe({ action, outcome }, event.durationMs / 1000);
    if (event.attempts > 1) this.#retries.inc({ action }, event.attempts - 1);
    if (event.throttled > 0) this.#throttled.inc({ action, region }, event.throttled);
    if (event.errorCode === 'UpstreamUnavailable') this.#breakerRefusals.inc({ action, region });
  };

  /** The read cache's observer. */
  readonly onLookup = (action: string, outcome: LookupOutcome): void => {
    this.#lookups.inc({ action: this.#actions.value(action), outcome });
  };

  /** Where the cache store's size gauges read from (the gateway's read cache). */
  watchStore(stats: () => Promise<StoreStats | undefined>): void {
    this.#storeStats = stats;
  }

  /** Where the subscription gauges read from (the gateway's watch pool and limits). */
  watchSubscriptions(stats: () => WatchStats): void {
    this.#watchStats = stats;
  }

  /** The exposition, in Prometheus text format, and its content type. */
  async render(): Promise<{ readonly body: string; readonly contentType: string }> {
    return { body: await this.registry.metrics(), contentType: this.registry.contentType };
  }
}
