import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { estimateUpstreamCalls } from '../../src/plugins/use-upstream-call-cap.js';
import { schema } from '../../src/schema/index.js';
import { API_LIMITS } from '../../src/spec/limits.js';

/**
 * The estimate of a bulk mutation, from its input alone: the listings of its selection
 * at the bound, then per item its write and read back (or a dry run's checks), and the
 * fields selected below an item once per item.
 */
function estimate(
  mutation: string,
  input: Record<string, unknown>,
  selection = '__typename',
  env: { batching?: boolean; maxBulkItems?: number; limits?: typeof API_LIMITS.current } = {},
): number {
  const type = mutation.charAt(0).toUpperCase() + mutation.slice(1);
  const document = parse(
    `mutation($input: ${type}Input!) { ${mutation}(input: $input) { ... on ${type}Payload { items { result { ${selection} } } } } }`,
  );
  return estimateUpstreamCalls(
    { schema, document, variableValues: { input } },
    { limits: env.limits ?? API_LIMITS['2014'], allPagesCap: 20, ...env },
  ).total;
}

const disks = (count: number) => Array.from({ length: count }, (_, index) => `d-${index}`);

describe('the estimate of a bulk mutation', () => {
  it('named disks: a write and a read each; past the bound, nothing (refused before any call)', () => {
    expect(estimate('createSnapshots', { diskIds: disks(3) })).toBe(6);
    expect(estimate('createSnapshots', { diskIds: disks(50) })).toBe(100);
    expect(estimate('createSnapshots', { diskIds: disks(51) })).toBe(0);
    expect(estimate('createSnapshots', { diskIds: disks(3), maxItems: 2 })).toBe(0);
  });

  it('counts every entry of a list, repeats too, as the resolver does, and a lone id coerced to a list', () => {
    expect(estimate('createSnapshots', { diskIds: Array(50).fill('d-1') })).toBe(100);
    // Refused by the resolver before any call, whatever the entries name.
    expect(estimate('createSnapshots', { diskIds: Array(51).fill('d-1') })).toBe(0);
    expect(estimate('createSnapshots', { instanceIds: Array(51).fill('i-1') })).toBe(0);
    expect(estimate('startInstances', { ids: Array(51).fill('i-1') })).toBe(0);
    expect(estimate('createSnapshots', { instanceIds: Array(3).fill('i-1') })).toBe(3 + 50 * 2);
    // GraphQL coerces a lone value where a list is expected: one entry.
    expect(estimate('createSnapshots', { diskIds: 'd-1', instanceIds: 'i-1' })).toBe(1 + 18 * 2);
  });

  it('an instance lists its disks at one call, up to 17 disks each', () => {
    expect(estimate('createSnapshots', { instanceIds: ['i-1', 'i-2'] })).toBe(2 + 34 * 2);
    expect(estimate('createSnapshots', { instanceIds: ['i-1', 'i-2'], maxItems: 10 })).toBe(2 + 10 * 2);
  });

  it('a filter counts at the bound, listed in pages of the API limit', () => {
    expect(estimate('createSnapshots', { filter: {} })).toBe(1 + 50 * 2);
    expect(estimate('startInstances', { filter: {} }, '__typename', { maxBulkItems: 120 })).toBe(3 + 120 * 2);
    expect(
      estimate('startInstances', { filter: {} }, '__typename', {
        maxBulkItems: 120,
        limits: API_LIMITS.current,
      }),
    ).toBe(2 + 120 * 2);
  });

  it('a dry run: the named ones described by chunks, two counts per disk, the instances by chunks', () => {
    expect(estimate('createSnapshots', { diskIds: disks(3), dryRun: true })).toBe(1 + 3 * 2 + 1);
    expect(estimate('createSnapshots', { diskIds: disks(25), dryRun: true })).toBe(3 + 25 * 2 + 3);
    expect(
      estimate('createSnapshots', { diskIds: disks(3), dryRun: true }, '__typename', { batching: false }),
    ).toBe(3 + 3 * 2 + 3);
    // StopInstance takes DryRun: under today's API one dry run per instance (the filter's
    // up to the bound of 50); the bound covers the 2014 plan (the named ones by chunks) too.
    expect(estimate('stopInstances', { ids: ['i-1', 'i-2'], filter: {}, dryRun: true })).toBe(1 + 1 + 50);
    expect(estimate('stopInstances', { ids: ['i-1', 'i-2'], dryRun: true })).toBe(1 + 2);
  });

  it('the fields selected below each item count once per item', () => {
    const below = '... on CreateSnapshotPayload { snapshot { sourceDisk { id } } }';
    // Three disks read by id, each item a batch of its own.
    expect(estimate('createSnapshots', { diskIds: disks(3) }, below)).toBe(6 + 3);
  });
});
