import { readFileSync } from 'node:fs';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  QuickStartInstancesDocument,
  QuickStartSnapshotProgressDocument,
  type QuickStartSnapshotProgressSubscription,
  QuickStartSnapshotsDocument,
} from '../../client/graphql.js';
import { actionCalls, actionCallsSince } from './mutations-harness.js';
import { openEventStream, type StreamingGateway, streamingGateway } from './streaming-harness.js';

let h: StreamingGateway;
beforeAll(async () => {
  h = await streamingGateway();
});
afterAll(() => h.close());

/** Runs a generated typed document over the socket, as curl or a front end would. */
async function send<Data, Variables extends Record<string, unknown>>(
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
): Promise<Data> {
  const response = await fetch(`${h.origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query: print(document), variables }),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { data?: Data; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data as Data;
}

/** The simulator's call counts since `before`, by action (actions not called left out). */
const callsSince = (before: Record<string, number>) => actionCallsSince(h.simulator, before);

type Progress = QuickStartSnapshotProgressSubscription['snapshotProgress'];

// The README's quick start (examples/quick-start.graphql): one listing, a bulk snapshot
// planned then taken, and one subscription watching the snapshots to the end.
it('lists an instance with its disks, plans and takes a snapshot of each, and watches them to ACCOMPLISHED', async () => {
  const regionId = 'cn-hangzhou';
  let before = actionCalls(h.simulator);
  const { instances } = await send(QuickStartInstancesDocument, { regionId });
  // The disks of every listed instance come in one batched call.
  expect(callsSince(before)).toEqual({ DescribeInstances: 1, DescribeDisks: 1 });
  const instance = instances?.nodes.find((candidate) => candidate.status === 'RUNNING');
  const disks = instance?.disks?.nodes ?? [];
  expect(disks.map((disk) => disk.type).sort()).toEqual(['DATA', 'SYSTEM']);
  expect(disks.every((disk) => disk.status === 'IN_USE')).toBe(true);
  const diskIds = disks.map((disk) => disk.id);
  const instanceId = instance?.id ?? '';

  // The plan: each disk would be snapshotted; nothing is written.
  before = actionCalls(h.simulator);
  const { createSnapshots: plan } = await send(QuickStartSnapshotsDocument, {
    input: { regionId, instanceIds: [instanceId], snapshotName: 'quick-start', dryRun: true },
  });
  // The instance's disks, its status, and per disk a count of its progressing and of its
  // manual snapshots (the documented refusals); no write.
  expect(callsSince(before)).toEqual({ DescribeDisks: 1, DescribeInstances: 1, DescribeSnapshots: 4 });
  if (plan.__typename !== 'CreateSnapshotsPayload') throw new Error(`the plan answered ${plan.__typename}`);
  expect(plan.dryRun).toBe(true);
  expect(plan.items).toEqual(
    diskIds.map((diskId) => ({
      diskId,
      result: { __typename: 'DryRunPassed', action: 'CreateSnapshot' },
    })),
  );

  // The snapshots: one CreateSnapshot per disk, each answered with its new snapshot.
  before = actionCalls(h.simulator);
  const { createSnapshots: taken } = await send(QuickStartSnapshotsDocument, {
    input: { regionId, instanceIds: [instanceId], snapshotName: 'quick-start' },
  });
  // The instance's disks, then per disk its CreateSnapshot and the new snapshot read back.
  expect(callsSince(before)).toEqual({ DescribeDisks: 1, CreateSnapshot: 2, DescribeSnapshots: 2 });
  if (taken.__typename !== 'CreateSnapshotsPayload')
    throw new Error(`createSnapshots answered ${taken.__typename}`);
  expect(taken.dryRun).toBe(false);
  expect(taken.items.map((item) => item.diskId)).toEqual(diskIds);
  const ids = taken.items.map((item) => {
    if (item.result?.__typename !== 'CreateSnapshotPayload')
      throw new Error(`disk ${item.diskId} answered ${item.result?.__typename}`);
    expect(item.result.snapshot).toMatchObject({ status: 'PROGRESSING', progress: 0 });
    return item.result.snapshot?.id ?? '';
  });

  // The watch: every event of either snapshot is newer than its last; the simulator's
  // clock moves only after an event, so each next event is the pool seeing that move.
  before = actionCalls(h.simulator);
  const stream = await openEventStream(h.origin, {
    query: print(QuickStartSnapshotProgressDocument),
    variables: { ids, regionId },
  });
  expect(stream.response.status).toBe(200);
  const seen = new Map<string, Progress[]>(ids.map((id) => [id, []]));
  let event = await stream.next();
  for (; event?.event === 'next'; event = await stream.next()) {
    const { data, errors } = event.data as { data?: { snapshotProgress: Progress }; errors?: unknown };
    expect(errors).toBeUndefined();
    const snapshot = data?.snapshotProgress as Progress;
    seen.get(snapshot.id)?.push(snapshot);
    h.simulator.advance(1_000);
  }
  expect(event).toEqual({ event: 'complete', data: null });
  expect(await stream.next()).toBeUndefined();
  for (const [index, id] of ids.entries()) {
    const events = seen.get(id) ?? [];
    expect(events[0]).toMatchObject({ status: 'PROGRESSING', progress: 0, available: false });
    expect(events.at(-1)).toEqual({
      id,
      sourceDiskId: diskIds[index],
      status: 'ACCOMPLISHED',
      progress: 100,
      available: true,
    });
    expect(events.length).toBeGreaterThan(3);
    for (let i = 1; i < events.length; i += 1)
      expect(events[i]?.progress).toBeGreaterThan(events[i - 1]?.progress ?? 100);
    expect(events.slice(0, -1).every((event) => event.status === 'PROGRESSING')).toBe(true);
  }
  // The watch only reads: the region check once, then one DescribeSnapshots per poll for
  // both ids (a poll yields at most one event per id, so there are at least as many polls).
  const watched = callsSince(before);
  expect(Object.keys(watched).sort()).toEqual(['DescribeRegions', 'DescribeSnapshots']);
  expect(watched.DescribeRegions).toBe(1);
  expect(watched.DescribeSnapshots).toBeGreaterThanOrEqual(
    Math.max(...[...seen.values()].map((e) => e.length)),
  );
  expect(actionCalls(h.simulator).CreateSnapshot).toBe(2);
});

it('is in the README as examples/quick-start.graphql holds it, but for the comments', () => {
  const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
  const operations = read('examples/quick-start.graphql')
    .split('\n')
    .filter((line) => !line.startsWith('#') && line !== '')
    .join('\n');
  expect(read('README.md')).toContain(`\`\`\`graphql\n${operations}\n\`\`\``);
});
