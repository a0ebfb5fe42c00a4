import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  QuickStartCreateSnapshotDocument,
  QuickStartDisksDocument,
  QuickStartInstancesDocument,
  QuickStartSnapshotProgressDocument,
} from '../../client/graphql.js';
import { actionCalls, type SimulatedGateway, simulatedGateway } from './mutations-harness.js';

let h: SimulatedGateway;
beforeAll(async () => {
  h = await simulatedGateway();
});
afterAll(() => h.close());

/** Runs a generated typed document; its data is typed by the operation. */
async function send<Data, Variables extends Record<string, unknown>>(
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
): Promise<Data> {
  const response = await h.run<Data>(print(document), variables);
  expect(response.errors).toBeUndefined();
  return response.data as Data;
}

// The reference's quick start (DescribeInstances -> DescribeDisks -> CreateSnapshot ->
// DescribeSnapshots until accomplished), as a typed client runs it against the gateway.
it('finds an instance and its disk, snapshots the disk and polls until the snapshot is accomplished', async () => {
  const regionId = 'cn-hangzhou';
  const { instances } = await send(QuickStartInstancesDocument, { regionId });
  const instance = instances?.nodes.find((candidate) => candidate.status === 'RUNNING');
  expect(instance).toBeDefined();

  const { disks } = await send(QuickStartDisksDocument, { regionId, instanceId: instance?.id ?? '' });
  const disk = disks?.nodes.find((candidate) => candidate.type === 'DATA');
  expect(disk).toMatchObject({ status: 'IN_USE' });

  const { createSnapshot } = await send(QuickStartCreateSnapshotDocument, {
    input: { regionId, diskId: disk?.id ?? '', snapshotName: 'quick-start', retentionDays: 7 },
  });
  if (createSnapshot.__typename !== 'CreateSnapshotPayload')
    throw new Error(`createSnapshot answered ${createSnapshot.__typename}`);
  expect(createSnapshot.requestId).toMatch(/^[0-9A-F-]{36}$/);
  expect(createSnapshot.snapshot).toMatchObject({ status: 'PROGRESSING', progress: 0 });
  const snapshotId = createSnapshot.snapshot?.id ?? '';

  const seen: number[] = [];
  for (let poll = 0; poll < 20; poll += 1) {
    h.simulator.advance(2_000);
    const { snapshot } = await send(QuickStartSnapshotProgressDocument, { regionId, id: snapshotId });
    seen.push(snapshot?.progress ?? -1);
    if (snapshot?.status === 'ACCOMPLISHED') {
      expect(snapshot).toEqual({ id: snapshotId, status: 'ACCOMPLISHED', progress: 100, available: true });
      break;
    }
    expect(snapshot?.status).toBe('PROGRESSING');
  }
  expect(seen.at(-1)).toBe(100);
  expect(seen).toEqual([...seen].sort((a, b) => a - b));
  expect(seen.length).toBeGreaterThan(2);
  expect(actionCalls(h.simulator).CreateSnapshot).toBe(1);
});
