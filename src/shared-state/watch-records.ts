import type { SharedRedis } from './redis.js';
import {
  CLAIM_SCRIPT,
  parseRecord,
  RELEASE_SCRIPT,
  type RequestRecord,
  type WatchGroupName,
  WatchKeys,
} from './watch-keys.js';

/** What a record is written from: a request of this replica. */
export interface RequestSource extends WatchGroupName {
  readonly id: string;
  readonly ids: Iterable<string>;
}

/**
 * The Redis commands of shared watching, for one replica: request records, leases and
 * announcements. Every method rejects when Redis fails; the pool falls back then.
 */
export class WatchRecords {
  readonly keys: WatchKeys;

  constructor(
    readonly redis: SharedRedis,
    readonly replica: string,
    readonly leaseMs: number,
  ) {
    this.keys = new WatchKeys(redis);
  }

  /** Writes (or renews) the records of requests in one transaction, each living leaseMs. */
  async write(requests: readonly RequestSource[]): Promise<void> {
    const transaction = this.redis.client.multi();
    for (const request of requests) {
      const record: RequestRecord = {
        replica: this.replica,
        kind: request.kind,
        regionId: request.regionId,
        ids: [...request.ids],
      };
      transaction.set(this.keys.request(request.id), JSON.stringify(record), 'PX', this.leaseMs);
      transaction.sadd(this.keys.requests(request), request.id);
      transaction.pexpire(this.keys.requests(request), this.leaseMs * 2);
    }
    const results = await transaction.exec();
    const failed = results?.find(([error]) => error)?.[0];
    if (!results || failed) throw failed ?? new Error('The Redis transaction was discarded.');
  }

  async remove(request: RequestSource): Promise<void> {
    await this.redis.client
      .multi()
      .del(this.keys.request(request.id))
      .srem(this.keys.requests(request), request.id)
      .exec();
  }

  /** The group's live records by request id; ids whose record expired leave its set. */
  async live(group: WatchGroupName): Promise<Map<string, RequestRecord>> {
    const client = this.redis.client;
    const setKey = this.keys.requests(group);
    const ids = await client.smembers(setKey);
    const values = ids.length > 0 ? await client.mget(...ids.map((id) => this.keys.request(id))) : [];
    const live = new Map<string, RequestRecord>();
    const stale: string[] = [];
    ids.forEach((id, index) => {
      const record = parseRecord(values[index] ?? null);
      if (record && record.kind === group.kind && record.regionId === group.regionId) live.set(id, record);
      else stale.push(id);
    });
    if (stale.length > 0) await client.srem(setKey, ...stale);
    return live;
  }

  /** Takes the group's lease when free or renews it when this replica's: true when it holds it now. */
  async claim(group: WatchGroupName): Promise<boolean> {
    const held = await this.redis.client.eval(
      CLAIM_SCRIPT,
      1,
      this.keys.lease(group),
      this.replica,
      this.leaseMs,
    );
    return held === 1;
  }

  /** Gives the lease up if it is still this replica's, and says so, so another replica takes it at once. */
  async release(group: WatchGroupName): Promise<void> {
    await this.redis.client.eval(RELEASE_SCRIPT, 1, this.keys.lease(group), this.replica);
    await this.announce(group);
  }

  /** Tells every replica the group's requests or lease changed. */
  async announce(group: WatchGroupName): Promise<void> {
    const message = JSON.stringify({ kind: group.kind, regionId: group.regionId });
    await this.redis.client.publish(this.keys.control, message);
  }

  /** Sends an event to a request on another replica. */
  async send(replica: string, requestId: string, event: unknown): Promise<void> {
    await this.redis.client.publish(this.keys.to(replica), JSON.stringify({ r: requestId, e: event }));
  }
}
