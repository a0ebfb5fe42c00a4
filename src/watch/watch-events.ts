import type { DiskItem } from '../loaders/disks.js';
import type { InstanceItem } from '../loaders/instances.js';
import type { SnapshotItem } from '../loaders/snapshots.js';

// The vocabulary of watching, shared by the pool, its pollers and watchers, and the
// failure classification; it imports nothing of the watch folder, so none of them
// needs another's module for its types.

/** The kinds of resource a pool watches: the ones whose work takes time. */
export type WatchKind = 'snapshot' | 'instance' | 'disk';

/** The item of each kind, as its listing gives it: the graph's Snapshot, Instance and Disk resolve from these. */
export interface WatchItems {
  readonly snapshot: SnapshotItem;
  readonly instance: InstanceItem;
  readonly disk: DiskItem;
}
export type ItemOf<K extends WatchKind> = WatchItems[K];

/** What the watchers are told of failing polls: plain data, with no secret in it. */
export interface PollErrorInfo {
  /** The ECS or transport code (`Throttling`, `InvalidAccessKeyId.NotFound`, `UpstreamUnavailable`), or `PollTimeout`. */
  readonly code: string;
  readonly message: string;
  /** True while the poller keeps trying; false when ECS refused for good and the ids are watched no more. */
  readonly retrying: boolean;
  readonly requestId?: string | undefined;
  readonly httpStatus?: number | undefined;
}

/**
 * What a watcher is told: an id's state, an id gone, or polls of its ids failing. An
 * `error` with `retrying: true` is a notice (ECS has failed the polls of these ids a few
 * times in a row and is still tried; the next poll that answers sends every id's state);
 * with `retrying: false` it is final: ECS refused the poll of these ids for good (the
 * account, or each id's own fetch) and they are watched no more, as if gone.
 */
export type WatchEvent<T> =
  | { readonly type: 'state'; readonly id: string; readonly item: T }
  | { readonly type: 'gone'; readonly id: string }
  | { readonly type: 'error'; readonly ids: readonly string[]; readonly error: PollErrorInfo };

/**
 * Describes ids of one kind in one region, in as few calls as the API allows. An id
 * the answer lacks is gone (deleted, or never was). Rejects when any call fails: a
 * partial answer would make the ids of a failed call look gone. `signal` aborts when
 * the poll is given up (its timeout, its last watcher gone, the pool closed): the
 * calls still running should stop then; whatever they answer later is ignored.
 */
export type WatchFetcher = <K extends WatchKind>(
  kind: K,
  regionId: string,
  ids: readonly string[],
  signal?: AbortSignal,
) => Promise<ReadonlyMap<string, ItemOf<K>>>;

/** What a failed poll was about, for logs. */
export interface PollFailure {
  readonly kind: WatchKind;
  readonly regionId: string;
  readonly ids: number;
  /** The interval until the next try, ms. */
  readonly retryInMs: number;
  /**
   * False when the failure is permanent: the ids polled are watched no more, or, when the
   * refusal may be about one id's value, are polled in parts to find the ids refused.
   */
  readonly retrying: boolean;
}

/** Why a poll was given up: it ran past pollTimeoutMs (reported to onPollError). */
export class PollTimeoutError extends Error {
  override readonly name = 'PollTimeoutError';
  constructor(
    readonly kind: WatchKind,
    readonly regionId: string,
    readonly timeoutMs: number,
  ) {
    super(`The poll of ${kind}s in ${regionId} did not answer within ${timeoutMs} ms.`);
  }
}
