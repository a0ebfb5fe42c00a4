import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_ID_LENGTH } from '../../src/schema/id-arguments.js';
import { type SimulatedGateway, simulatedGateway } from './mutations-harness.js';

/**
 * Input far larger than any ECS value is refused before any call, and the refusal
 * quotes it only in part: a 1 MB id is not sent upstream, nor a 60,000-id filter
 * echoed back whole.
 */
let h: SimulatedGateway;
beforeEach(async () => {
  h = await simulatedGateway();
});
afterEach(() => h.close());

const upstreamCalls = () => h.simulator.stats.snapshot().total;

describe('overlong input', () => {
  it('refuses an id longer than the longest ECS id, naming the argument, with no call', async () => {
    const id = `i-${'x'.repeat(1_000_000)}`;
    const response = await h.run('query One($id: ID!) { instance(id: $id) { id } }', { id });
    expect(response.errors).toEqual([
      {
        message: expect.stringMatching(
          new RegExp(
            `^Argument instance\\(id\\) must be at most ${MAX_ID_LENGTH} characters \\(an ECS id\\); got "i-x+… \\(1000004 characters\\)\\.$`,
          ),
        ),
        extensions: {
          code: 'BAD_USER_INPUT',
          argument: 'instance(id)',
          rule: `must be at most ${MAX_ID_LENGTH} characters (an ECS id)`,
        },
      },
    ]);
    expect(upstreamCalls()).toBe(0);
  });

  it('finds long ids inside a mutation input and a filter list, by their path', async () => {
    const long = 'd-'.padEnd(MAX_ID_LENGTH + 1, 'y');
    const response = await h.run(
      `mutation Stop($id: ID!) { stopInstance(input: { instanceId: $id }) { __typename } }`,
      { id: long },
    );
    expect(response.errors?.map((error) => error.extensions?.argument)).toEqual([
      'stopInstance(input).instanceId',
    ]);
    const listed = await h.run('query Some($ids: [ID!]) { disks(filter: { ids: $ids }) { totalCount } }', {
      ids: ['d-1', long],
    });
    expect(listed.errors?.map((error) => error.extensions?.argument)).toEqual(['disks(filter).ids[1]']);
    expect(upstreamCalls()).toBe(0);
  });

  it('quotes a refused 60,000-id filter in part', async () => {
    const ids = Array.from({ length: 60_000 }, (_, index) => `i-${index}`);
    const response = await h.run(
      'query Many($ids: [ID!]) { instances(filter: { ids: $ids }) { totalCount } }',
      {
        ids,
      },
    );
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'instances(filter).ids',
    });
    expect(response.errors?.[0]?.message).toMatch(/… \(\d+ characters\)\.$/);
    expect(JSON.stringify(response).length).toBeLessThan(1_000);
    expect(upstreamCalls()).toBe(0);
  });
});
