import { isWatchKind } from '../watch/fingerprint.js';
import type { WatchEvent, WatchKind } from '../watch/pool.js';
import type { SharedRedis } from './redis.js';

/**
 * The names and messages of shared watching in Redis:
 * - `watch:lease:<kind>:<region>`: the replica that polls that kind in that region (SET NX PX);
 * - `watch:requests:<kind>:<region>`: a set of request ids, each with a record
 *   `watch:request:<id>` (`RequestRecord`, PX renewed by its replica's heartbeat);
 * - `watch:control`: announces a change in a group's requests or lease, so its holder
 *   (or a replica waiting for the lease) acts at once, not at its next tick;
 * - `watch:to:<replica>`: the events a holder sends a replica's requests.
 */
export interface WatchGroupName {
  readonly kind: WatchKind;
  readonly regionId: string;
}

export interface RequestRecord extends WatchGroupName {
  readonly replica: string;
  readonly ids: readonly string[];
}

export interface EventMessage {
  /** The request id. */
  readonly r: string;
  readonly e: WatchEvent<unknown>;
}

export class WatchKeys {
  constructor(readonly redis: SharedRedis) {}

  /** A region id is the caller's text: encoded, so a colon in it cannot name another key. */
  lease(group: WatchGroupName): string {
    return this.redis.key('watch', 'lease', group.kind, encodeURIComponent(group.regionId));
  }

  requests(group: WatchGroupName): string {
    return this.redis.key('watch', 'requests', group.kind, encodeURIComponent(group.regionId));
  }

  request(id: string): string {
    return this.redis.key('watch', 'request', id);
  }

  get control(): string {
    return this.redis.key('watch', 'control');
  }

  to(replica: string): string {
    return this.redis.key('watch', 'to', replica);
  }
}

/** Takes the lease when free, renews it when ours: 1 when this replica holds it now. */
export const CLAIM_SCRIPT = `
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
if holder then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;

/** Gives the lease up, only if it is still ours. */
export const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** A record read back, or undefined when it is not one (another version, a stray key). */
export function parseRecord(text: string | null): RequestRecord | undefined {
  const value = parseJson(text) as Partial<RequestRecord> | undefined;
  if (!value || typeof value.replica !== 'string' || !isWatchKind(value.kind)) return undefined;
  if (typeof value.regionId !== 'string' || !Array.isArray(value.ids)) return undefined;
  if (!value.ids.every((id) => typeof id === 'string')) return undefined;
  return value as RequestRecord;
}

export function parseGroup(text: string): WatchGroupName | undefined {
  const value = parseJson(text) as Partial<WatchGroupName> | undefined;
  if (!value || !isWatchKind(value.kind) || typeof value.regionId !== 'string') return undefined;
  return { kind: value.kind, regionId: value.regionId };
}

export function parseEvent(text: string): EventMessage | undefined {
  const value = parseJson(text) as Partial<EventMessage> | undefined;
  if (!value || typeof value.r !== 'string' || typeof value.e !== 'object' || value.e === null)
    return undefined;
  const type = (value.e as { type?: unknown }).type;
  if (type !== 'state' && type !== 'gone' && type !== 'error') return undefined;
  return value as EventMessage;
}

function parseJson(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
