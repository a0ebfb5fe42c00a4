import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_LIMITS } from '../../src/spec/limits.js';
import { execute } from '../graph/support/gateway.js';
import { MAIN_REGION, type ReadStack, startReadStack } from './read-stack.js';

const KINDS = [
  { field: 'instance', list: 'instances', action: 'DescribeInstances', idsParam: 'InstanceIds' },
  { field: 'disk', list: 'disks', action: 'DescribeDisks', idsParam: 'DiskIds' },
  { field: 'snapshot', list: 'snapshots', action: 'DescribeSnapshots', idsParam: 'SnapshotIds' },
] as const;

type Listed = Record<string, { nodes: { id: string }[] }>;

/**
 * Root lookups by id through the real declarations: 12 ids of each kind that exist and
 * one that does not, 13 keys a kind, cut into calls of the API's id limit.
 */
describe.each([
  { limits: API_LIMITS['2014'], chunks: [10, 3] },
  { limits: API_LIMITS.current, chunks: [13] },
])('lookups by id (ECS_API_LIMITS=$limits.name)', ({ limits, chunks }) => {
  let stack: ReadStack;
  beforeAll(async () => {
    stack = await startReadStack({
      limits,
      sizes: { instancesPerRegion: 12, disksPerInstance: 1, snapshotsPerDisk: 1 },
    });
  });
  afterAll(() => stack.close());

  it(`chunks 13 keys a kind as ${chunks.join(' + ')}, in key order, the unknown id null`, async () => {
    const listed = await execute<Listed>(
      stack.gateway,
      `{ ${KINDS.map((kind) => `${kind.list}(page: { size: 12 }) { nodes { id } }`).join(' ')} }`,
    );
    // A fresh request, so the lookups are not served from the lists' primed caches.
    stack.resetCounts();
    const keys = Object.fromEntries(
      KINDS.map((kind) => [
        kind.field,
        [...(listed.data?.[kind.list]?.nodes.map((node) => node.id) ?? []), `${kind.field}-unknown`],
      ]),
    );
    const query = KINDS.flatMap((kind) =>
      (keys[kind.field] ?? []).map((id, at) => `${kind.field}${at}: ${kind.field}(id: "${id}") { id }`),
    ).join('\n');
    const result = await execute<Record<string, { id: string } | null>>(stack.gateway, `{ ${query} }`);

    expect(result.errors).toBeUndefined();
    for (const kind of KINDS) {
      const ids = keys[kind.field] ?? [];
      expect(ids).toHaveLength(13);
      expect(ids.map((_, at) => result.data?.[`${kind.field}${at}`]?.id ?? null)).toEqual([
        ...ids.slice(0, 12),
        null,
      ]);
      const calls = stack.inputs.filter((call) => call.action === kind.action);
      expect(calls.map((call) => call.input.RegionId)).toEqual(chunks.map(() => MAIN_REGION));
      expect(calls.flatMap((call) => call.input[kind.idsParam] as string[])).toEqual(ids);
      expect(calls.map((call) => (call.input[kind.idsParam] as string[]).length)).toEqual(chunks);
    }
    expect(stack.simulatorCallsByAction()).toEqual({
      DescribeInstances: chunks.length,
      DescribeDisks: chunks.length,
      DescribeSnapshots: chunks.length,
    });
  });
});
