import { createClient } from 'graphql-sse';
import { Pool } from 'undici';
import type { TestRedis } from '../../../test/support/redis-server.js';
import { attemptPost } from '../../lib/attempt.js';
import type { Replica, ReplicaSet } from '../../lib/replica-set.js';
import { nowMs } from '../../lib/timing.js';
import { problemOf } from './reads.js';

/**
 * S10's trouble figures: the replica that polls a watched snapshot killed (SIGKILL)
 * under its subscribers, and Redis stopped and restarted under reads.
 */

export interface KillFigure {
  readonly subscribers: number;
  /** Replicas that sent DescribeSnapshots in the second before the kill: 1 when one polls for all. */
  readonly pollersBefore: number;
  readonly survivors: number;
  /** From the kill to the first new event of the last surviving subscriber; undefined when one never got it. */
  readonly secondsToEvents: number | undefined;
}

export interface RestartFigure {
  readonly reads: number;
  readonly failed: readonly string[];
  /** Redis's time away: from stopping it to every replica sharing again. */
  readonly secondsAway: number;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(
  condition: () => boolean | Promise<boolean>,
  limitMs: number,
  what: string,
): Promise<void> {
  const end = nowMs() + limitMs;
  while (!(await condition())) {
    if (nowMs() > end) throw new Error(`${what} did not happen within ${limitMs / 1000} s`);
    await pause(20);
  }
}

interface Watcher {
  readonly on: Replica;
  /** Wall times (nowMs) of the events received. */
  readonly events: number[];
  stop(): void;
  readonly done: Promise<void>;
}

function watch(on: Replica, snapshotId: string): Watcher {
  const client = createClient({
    url: `${on.origin}/graphql/stream`,
    singleConnection: false,
    retryAttempts: 0,
  });
  const events: number[] = [];
  const done = (async () => {
    try {
      const query =
        'subscription($ids: [ID!]!) { snapshotProgress(ids: $ids, regionId: "cn-hangzhou") { progress } }';
      for await (const result of client.iterate({ query, variables: { ids: [snapshotId] } }))
        if (result.data) events.push(nowMs());
    } catch {
      // its replica was killed, or the watcher stopped
    }
  })();
  return { on, events, stop: () => client.dispose(), done };
}

/**
 * `count` subscribers of one new snapshot spread round robin; once each has its first
 * event, the replica that polls is found by the call logs and killed, and the time
 * until every surviving subscriber has another event is measured.
 */
export async function killFigure(set: ReplicaSet, snapshotId: string, count: number): Promise<KillFigure> {
  const watchers = Array.from({ length: count }, () => watch(set.next(), snapshotId));
  try {
    await until(() => watchers.every((watcher) => watcher.events.length > 0), 30_000, 'every first event');
    set.resetCalls();
    await pause(1_500);
    const pollers = [
      ...new Set(
        set
          .calls()
          .filter((call) => call.action === 'DescribeSnapshots')
          .map((call) => call.replica),
      ),
    ];
    const victim = pollers[0] ?? 0;
    const killedAt = nowMs();
    await set.kill(victim);
    const survivors = watchers.filter((watcher) => watcher.on.index !== victim);
    const heard = (watcher: Watcher) => watcher.events.some((at) => at > killedAt);
    let secondsToEvents: number | undefined;
    try {
      await until(() => survivors.every(heard), 60_000, 'an event on every surviving subscriber');
      secondsToEvents =
        Math.max(...survivors.map((watcher) => watcher.events.find((at) => at > killedAt) as number)) / 1000 -
        killedAt / 1000;
    } catch {
      secondsToEvents = undefined;
    }
    return {
      subscribers: count,
      pollersBefore: pollers.length,
      survivors: survivors.length,
      secondsToEvents,
    };
  } finally {
    for (const watcher of watchers) watcher.stop();
    await Promise.all(watchers.map((watcher) => watcher.done));
  }
}

/** `/readyz`'s sharedState of every live replica. */
async function sharing(set: ReplicaSet, state: 'redis' | 'local'): Promise<boolean> {
  const states = await Promise.all(
    set.live().map(async (replica) => {
      const response = await fetch(`${replica.origin}/readyz`);
      return ((await response.json()) as { sharedState?: string }).sharedState;
    }),
  );
  return states.every((each) => each === state);
}

/**
 * `clients` clients reading listings of varied sizes round robin without pause while
 * Redis is stopped, left stopped for `awayMs`, and restarted; every read counts.
 */
export async function restartFigure(
  set: ReplicaSet,
  redis: TestRedis,
  clients: number,
  awayMs: number,
): Promise<RestartFigure> {
  const open = new Map(set.replicas.map((replica) => [replica.index, new Pool(replica.origin)]));
  const query = 'query($n: Int) { instances(regionId: "cn-hangzhou", page: { size: $n }) { nodes { id } } }';
  const failed: string[] = [];
  let reads = 0;
  let stopping = false;
  const client = async (offset: number) => {
    for (let turn = offset; !stopping; turn++) {
      const replica = set.next();
      const body = JSON.stringify({ query, variables: { n: 1 + (turn % 10) } });
      const attempt = await attemptPost(open.get(replica.index) as Pool, replica.gatewayUrl, body, 30_000);
      reads += 1;
      const problem = problemOf(attempt);
      if (problem) failed.push(problem);
    }
  };
  const running = Array.from({ length: clients }, (_, n) => client(n * 3));
  let secondsAway = 0;
  try {
    await pause(1_000);
    const stopped = nowMs();
    await redis.stop();
    await until(() => sharing(set, 'local'), 20_000, 'every replica on local state');
    await pause(awayMs);
    await redis.restart();
    await until(() => sharing(set, 'redis'), 30_000, 'every replica sharing again');
    secondsAway = (nowMs() - stopped) / 1000;
    await pause(1_000);
  } finally {
    stopping = true;
    await Promise.all(running);
    await Promise.all([...open.values()].map((pool) => pool.destroy()));
  }
  return { reads, failed, secondsAway };
}
