import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GraphQLClient } from 'graphql-request';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { firstInstances } from '../../client/example.js';
import {
  type InstanceStatus,
  InstancesDisksSnapshotsDocument,
  type QuickStartSnapshotProgressSubscription,
} from '../../client/graphql.js';
import { watchSnapshots } from '../../client/watch-example.js';
import { type RunningGateway, startGateway } from '../../src/start.js';
import { loadStartConfig } from '../../src/start-config.js';

/**
 * The README's typed-client example is client/example.ts, shown verbatim; here it runs
 * against the gateway as `npm start` starts it (embedded simulator, default estate), on
 * a free loopback port.
 */

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

// One gateway for both examples: neither writes.
let gateway: RunningGateway;
beforeAll(async () => {
  const home = mkdtempSync(join(tmpdir(), 'gateway-home-'));
  gateway = await startGateway(loadStartConfig({ PORT: '0' }, { homeDir: home }));
});
afterAll(async () => {
  await gateway?.close();
});

describe('the README example with graphql-request (client/example.ts)', () => {
  it('is in the README word for word', () => {
    const example = read('client/example.ts');
    expect(read('README.md')).toContain(`\`\`\`ts\n${example}\`\`\``);
  });

  it('answers with typed data from the default estate', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const instances = await firstInstances(gateway.graphqlUrl);
    const printed = log.mock.calls.map((args) => args.join(' '));
    log.mockRestore();
    assert(instances);

    // The types come from the document: checked by typecheck, not at run time.
    expectTypeOf(instances.totalCount).toEqualTypeOf<number>();
    expectTypeOf(instances.nodes[0]?.status).toEqualTypeOf<InstanceStatus | null | undefined>();
    expectTypeOf(instances.nodes[0]!.status).toEqualTypeOf<InstanceStatus | null>();
    const typed = () =>
      // @ts-expect-error: the variables are typed too; instances is an Int
      new GraphQLClient(gateway.graphqlUrl).request(InstancesDisksSnapshotsDocument, { instances: '2' });
    expectTypeOf(typed).returns.resolves.toHaveProperty('instances');
    expectTypeOf(firstInstances).parameter(0).toEqualTypeOf<string | undefined>();

    // The default estate: 6 instances a region, 2 disks each, 3 snapshots a disk.
    expect([instances.totalCount, instances.hasNextPage, instances.nodes.length]).toEqual([6, true, 2]);
    for (const instance of instances.nodes) {
      expect(instance.id).toMatch(/^i-bp1/);
      expect(instance.disks?.nodes.map((disk) => disk.type)).toEqual(['SYSTEM', 'DATA']);
      for (const disk of instance.disks?.nodes ?? []) expect(disk.snapshots?.totalCount).toBe(3);
    }
    expect(printed).toEqual(instances.nodes.map((node) => `${node.name} ${node.status} 3,3`));
    // The comment in the example shows the first line as the default estate prints it.
    expect(read('client/example.ts')).toContain(
      `// ${instances.nodes[0]?.name} ${instances.nodes[0]?.status} [3, 3]`,
    );
  });
});

describe('the README watch example with graphql-sse (client/watch-example.ts)', () => {
  it('is in the README word for word', () => {
    expect(read('README.md')).toContain(`\`\`\`ts\n${read('client/watch-example.ts')}\`\`\``);
  });

  // The default estate's snapshots are done: each is told once as it is, then the stream
  // completes and the function returns (a snapshot watched while it rises is the quick
  // start's integration test, on the simulator's manual clock).
  it('answers the last state of each snapshot once the stream completes, with a NOT_FOUND for a missing one', async () => {
    const { snapshots } = await new GraphQLClient(gateway.graphqlUrl).request<{
      snapshots: { nodes: { id: string; sourceDiskId: string }[] };
    }>('{ snapshots(page: { size: 2 }) { nodes { id sourceDiskId } } }');
    const [first, second] = snapshots.nodes;
    assert(first && second);
    const missing = 's-bp1missing0000000000';
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const last = await watchSnapshots([first.id, missing, second.id], gateway.graphqlUrl);
    const printed = log.mock.calls.map((args) => args.join(' '));
    const errors = error.mock.calls.map((args) => args.join(' '));
    log.mockRestore();
    error.mockRestore();

    expectTypeOf(last).toEqualTypeOf<QuickStartSnapshotProgressSubscription['snapshotProgress'][]>();
    const done = (snapshot: { id: string; sourceDiskId: string }) => ({
      ...snapshot,
      status: 'ACCOMPLISHED',
      progress: 100,
      available: true,
    });
    expect(last.sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [done(first), done(second)].sort((a, b) => a.id.localeCompare(b.id)),
    );
    expect(printed.sort()).toEqual([`${first.id} ACCOMPLISHED 100`, `${second.id} ACCOMPLISHED 100`].sort());
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(missing);
  });
});
