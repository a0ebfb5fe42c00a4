import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from 'graphql-sse';
import type { Simulator } from '../../src/simulator/index.js';
import { type RunningGateway, startGateway } from '../../src/start.js';
import { loadStartConfig } from '../../src/start-config.js';
import { postGraphQL } from '../lib/gateway.js';
import { type Scenario, withResources } from '../lib/scenario.js';
import { judge } from '../lib/targets.js';
import {
  costRatio,
  describeCalls,
  firstEventAfter,
  lastChangeLags,
  perMinute,
  type ScaledClock,
  scaledClock,
  spread,
  type WatcherLog,
} from '../lib/watch-figures.js';

/**
 * S9: what watching costs the account. The gateway as `npm start` runs it, over its
 * embedded simulator on loopback, whose clock runs `factor` times faster than wall time
 * so that snapshots take their realistic 10 to 20 s of simulated time in a few seconds.
 * Each row gets a fresh gateway and simulator: start the work, open 1 or 100
 * subscriptions over graphql-sse (one HTTP connection each), read until every one
 * completes, and count the Describe calls the simulator saw meanwhile.
 */

const REGION = 'cn-hangzhou';
const SNAPSHOTS = 10;
const WATCHER_COUNTS = [1, 100] as const;

/**
 * What the run changes from `npm start`'s defaults, and why: a port of its own, no log
 * lines, and room for 100 subscriptions from one address (all watchers are 127.0.0.1;
 * the default is 50 per client). The watch pool's intervals (1 s while something moves,
 * up to 15 s) and the rate limit (20 calls/s) stay at their defaults: they set the
 * calls per minute.
 */
const ENV: Readonly<Record<string, string>> = {
  HOST: '127.0.0.1',
  PORT: '0',
  LOG_LEVEL: 'silent',
  GATEWAY_MAX_SUBSCRIPTIONS_PER_CLIENT: '100',
  // The profile the recorded table was measured under.
  ECS_API_LIMITS: '2014',
};

const SNAPSHOT_PROGRESS = `subscription Watch($ids: [ID!]!) {
  snapshotProgress(ids: $ids) { id status progress }
}`;
const INSTANCE_STATUS = `subscription Watch($ids: [ID!]!) {
  instanceStatus(ids: $ids, until: [RUNNING]) { id status }
}`;
const DISKS = `query Disks($regionId: ID, $size: Int) {
  disks(regionId: $regionId, page: { size: $size }) { nodes { id } }
}`;
const CREATE_SNAPSHOTS = `mutation Snap($input: CreateSnapshotsInput!) {
  createSnapshots(input: $input) {
    __typename
    ... on CreateSnapshotsPayload { items { diskId result { __typename ... on CreateSnapshotPayload { snapshot { id } } } } }
  }
}`;
const INSTANCES = `query Instances($regionId: ID) {
  instances(regionId: $regionId, page: { size: 50 }) { nodes { id status } }
}`;
const START_INSTANCE = `mutation Start($input: StartInstanceInput!) {
  startInstance(input: $input) { __typename }
}`;
const STOP_INSTANCE = `mutation Stop($input: StopInstanceInput!) {
  stopInstance(input: $input) { __typename }
}`;

interface Work {
  readonly kind: 'snapshots' | 'instance start';
  readonly query: string;
  readonly field: 'snapshotProgress' | 'instanceStatus';
  readonly ids: readonly string[];
  readonly terminal: string;
  /** The id that changes last, and the simulated instant it does. */
  readonly lastId: string;
  readonly lastChangeAt: number;
}

interface Row {
  readonly work: Work['kind'];
  readonly watchers: number;
  readonly windowMs: number;
  readonly calls: Readonly<Record<string, number>>;
  readonly describeCalls: number;
  readonly callsPerMinute: number;
  readonly eventsPerWatcher: ReturnType<typeof spread>;
  readonly lagMs: ReturnType<typeof spread>;
  /** From opening the subscriptions to each watcher's first event. */
  readonly firstEventMs: ReturnType<typeof spread>;
}

function answerData(answer: { data?: unknown }): Record<string, unknown> {
  return answer.data as Record<string, unknown>;
}

async function startSnapshots(
  gateway: RunningGateway,
  simulator: Simulator,
  clock: ScaledClock,
): Promise<Work> {
  const disks = answerData(
    await postGraphQL(gateway.graphqlUrl, DISKS, { regionId: REGION, size: SNAPSHOTS }),
  );
  const diskIds = (disks.disks as { nodes: { id: string }[] }).nodes.map((disk) => disk.id);
  if (diskIds.length !== SNAPSHOTS)
    throw new Error(`${REGION} lists ${diskIds.length} disks, not ${SNAPSHOTS}`);
  const created = answerData(
    await postGraphQL(gateway.graphqlUrl, CREATE_SNAPSHOTS, {
      input: { regionId: REGION, diskIds, snapshotName: 'bench-watch' },
    }),
  ).createSnapshots as {
    __typename: string;
    items?: { diskId: string; result: { __typename: string; snapshot?: { id: string } } }[];
  };
  const ids = (created.items ?? []).map((item) => {
    if (!item.result.snapshot)
      throw new Error(`createSnapshots refused ${item.diskId}: ${item.result.__typename}`);
    return item.result.snapshot.id;
  });
  if (ids.length !== SNAPSHOTS)
    throw new Error(`createSnapshots answered ${created.__typename}, ${ids.length} items`);
  const region = simulator.domain.store.account(simulator.accessKeyId).regions.get(REGION);
  const records = ids.map((id) => {
    const record = region?.snapshots.get(id);
    if (!record) throw new Error(`the simulator holds no snapshot ${id}`);
    return record;
  });
  const last = records.reduce((a, b) => (b.completesAt > a.completesAt ? b : a));
  return {
    kind: 'snapshots',
    query: SNAPSHOT_PROGRESS,
    field: 'snapshotProgress',
    ids,
    terminal: 'ACCOMPLISHED',
    lastId: last.snapshotId,
    lastChangeAt: clock.toWall(last.completesAt),
  };
}

async function startInstance(
  gateway: RunningGateway,
  simulator: Simulator,
  clock: ScaledClock,
): Promise<Work> {
  const region = simulator.domain.store.account(simulator.accessKeyId).regions.get(REGION);
  const listed = answerData(await postGraphQL(gateway.graphqlUrl, INSTANCES, { regionId: REGION }));
  const nodes = (listed.instances as { nodes: { id: string; status: string }[] }).nodes;
  let instanceId = nodes.find((instance) => instance.status === 'STOPPED')?.id;
  if (!instanceId) {
    // The seed decides which instances run; without a stopped one, stop one first.
    instanceId = nodes.find((instance) => instance.status === 'RUNNING')?.id;
    if (!instanceId) throw new Error(`${REGION} holds no stopped and no running instance`);
    await act(gateway, STOP_INSTANCE, 'stopInstance', 'StopInstancePayload', instanceId);
    const stoppedAt = region?.instances.get(instanceId)?.status.at(-1)?.at ?? 0;
    await sleep(Math.max(0, clock.toWall(stoppedAt) - Date.now()) + 50);
  }
  await act(gateway, START_INSTANCE, 'startInstance', 'StartInstancePayload', instanceId);
  const running = region?.instances.get(instanceId)?.status.at(-1);
  if (running?.status !== 'Running') throw new Error(`${instanceId} is not on its way to Running`);
  return {
    kind: 'instance start',
    query: INSTANCE_STATUS,
    field: 'instanceStatus',
    ids: [instanceId],
    terminal: 'RUNNING',
    lastId: instanceId,
    lastChangeAt: clock.toWall(running.at),
  };
}

async function act(
  gateway: RunningGateway,
  mutation: string,
  field: string,
  expected: string,
  instanceId: string,
): Promise<void> {
  const answer = answerData(
    await postGraphQL(gateway.graphqlUrl, mutation, { input: { regionId: REGION, instanceId } }),
  )[field] as { __typename: string };
  if (answer.__typename !== expected) throw new Error(`${field} answered ${answer.__typename}`);
}

/** One subscription on a connection of its own, read to its end; `signal` gives up on it. */
async function watchOnce(streamUrl: string, work: Work, signal: AbortSignal): Promise<WatcherLog> {
  const client = createClient({ url: streamUrl, singleConnection: false, retryAttempts: 0 });
  const stop = () => client.dispose();
  signal.addEventListener('abort', stop, { once: true });
  const events: { id: string; status: string; receivedAt: number }[] = [];
  try {
    for await (const result of client.iterate({ query: work.query, variables: { ids: work.ids } })) {
      const receivedAt = Date.now();
      if (result.errors?.length) throw new Error(`a watcher got an error: ${result.errors[0]?.message}`);
      const item = result.data?.[work.field] as { id: string; status: string };
      events.push({ id: item.id, status: item.status, receivedAt });
    }
    if (signal.aborted) throw new Error(`a watcher was stopped: ${String(signal.reason)}`);
    return { events, completed: true };
  } finally {
    signal.removeEventListener('abort', stop);
    client.dispose();
  }
}

/**
 * Every watcher read to its end, within `limitMs`: past it, or as soon as one fails,
 * the others are disconnected and the row fails rather than hang the run.
 */
async function watchAll(
  streamUrl: string,
  work: Work,
  watchers: number,
  limitMs: number,
): Promise<WatcherLog[]> {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(`not every watcher completed within ${limitMs / 1000} s`),
    limitMs,
  );
  try {
    return await Promise.all(
      Array.from({ length: watchers }, () => watchOnce(streamUrl, work, controller.signal)),
    );
  } finally {
    clearTimeout(timer);
    controller.abort('the row is over');
  }
}

/** A row's time limit: the longest snapshot (20 s simulated) takes 10 s of wall time at 2×. */
const ROW_LIMIT_MS = 60_000;

async function measureRow(kind: Work['kind'], watchers: number, factor: number): Promise<Row> {
  return withResources(async (resources) => {
    const clock = scaledClock(factor);
    const config = loadStartConfig(ENV, { homeDir: '/nonexistent-bench-home' });
    const gateway = await startGateway(config, { simulatorWallTime: clock.now });
    resources.add({ close: async () => void (await gateway.close()) });
    const simulator = gateway.simulator;
    if (!simulator) throw new Error('the gateway did not start its embedded simulator');
    const work =
      kind === 'snapshots'
        ? await startSnapshots(gateway, simulator, clock)
        : await startInstance(gateway, simulator, clock);
    const streamUrl = `${gateway.graphqlUrl}/stream`;
    simulator.stats.reset();
    const opened = Date.now();
    const logs = await watchAll(streamUrl, work, watchers, ROW_LIMIT_MS);
    const windowMs = Date.now() - opened;
    const counted = describeCalls(simulator.stats.snapshot().actions);
    const lags = lastChangeLags(logs, work.ids, work.terminal, work.lastId, work.lastChangeAt);
    return {
      work: kind,
      watchers,
      windowMs,
      calls: counted.byAction,
      describeCalls: counted.total,
      callsPerMinute: perMinute(counted.total, windowMs),
      eventsPerWatcher: spread(logs.map((log) => log.events.length)),
      lagMs: spread(lags),
      firstEventMs: spread(logs.map((log) => firstEventAfter(log, opened))),
    };
  });
}

const triple = (s: { min: number; median: number; max: number }) =>
  `${Math.round(s.min)} / ${Math.round(s.median)} / ${Math.round(s.max)}`;

/** S9: upstream Describe calls of 1 and of 100 watchers of the same work, side by side. */
export const watch: Scenario = {
  name: 'watch',
  title: 'S9. Watching progress: upstream calls per watcher count',
  async run({ quick }) {
    const factor = quick ? 5 : 2;
    const rows: Row[] = [];
    for (const kind of ['snapshots', 'instance start'] as const)
      for (const watchers of WATCHER_COUNTS) rows.push(await measureRow(kind, watchers, factor));
    const targets = [];
    const ratios: Record<string, number> = {};
    for (const kind of ['snapshots', 'instance start'] as const) {
      const [one, many] = WATCHER_COUNTS.map(
        (count) => rows.find((row) => row.work === kind && row.watchers === count) as Row,
      ) as [Row, Row];
      ratios[kind] = costRatio(many.callsPerMinute, one.callsPerMinute);
      targets.push(
        judge({
          name: `${kind}: Describe calls per minute, 100 watchers / 1 watcher`,
          measured: ratios[kind] as number,
          bound: 1,
          sense: 'atMost',
          basis: 'one poller per watched set, whatever the subscribers',
        }),
      );
    }
    const actions = [...new Set(rows.flatMap((row) => Object.keys(row.calls)))].sort();
    return {
      tables: [
        {
          title: `Watching ${SNAPSHOTS} new snapshots until ACCOMPLISHED and one instance start until RUNNING, simulator clock × ${factor}`,
          columns: [
            'work',
            'watchers',
            'watched, s',
            ...actions,
            'Describe calls',
            'calls / min',
            'ratio to 1 watcher',
            'events per watcher (min / median / max)',
            'first event after opening, ms (min / median / max)',
            'last change → its event, ms (min / median / max)',
          ],
          rows: rows.map((row) => {
            const one = rows.find((r) => r.work === row.work && r.watchers === 1) as Row;
            return [
              row.work,
              row.watchers,
              row.windowMs / 1000,
              ...actions.map((action) => row.calls[action] ?? 0),
              row.describeCalls,
              row.callsPerMinute,
              costRatio(row.callsPerMinute, one.callsPerMinute),
              triple(row.eventsPerWatcher),
              triple(row.firstEventMs),
              triple(row.lagMs),
            ];
          }),
          notes: [
            `Each row: a fresh gateway as \`npm start\` runs it (GATEWAY_MAX_SUBSCRIPTIONS_PER_CLIENT=100, ECS_API_LIMITS=2014, every other setting its default: watch intervals 1 s to 15 s, ECS_RATE_LIMIT 20) over its embedded simulator, whose clock runs ${factor}× wall time; calls counted at the simulator from the first subscription opened to the last completed (the window), per wall minute.`,
            'Each watcher is a graphql-sse client on a connection of its own; every one must complete with every id at its terminal state. "Last change → its event": from the wall instant the last watched change happens in the simulator to the watcher receiving it.',
          ],
        },
      ],
      targets,
      skipped: [],
      raw: { factor, watchers: WATCHER_COUNTS, snapshots: SNAPSHOTS, rows, ratios },
    };
  },
};
