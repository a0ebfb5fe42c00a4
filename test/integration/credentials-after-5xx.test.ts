import { afterEach, describe, expect, it } from 'vitest';
import type { CallEvent } from '../../src/ecs/caller.js';
import { EcsClient } from '../../src/ecs/client.js';
import { CredentialsError } from '../../src/ecs/errors.js';
import { createSimulator } from '../../src/simulator/index.js';
import { DescribeDisks } from '../../src/spec/actions/disk-reads.js';
import { API_LIMITS } from '../../src/spec/limits.js';
import { createGateway } from '../../src/yoga.js';
import { capturingLogger } from '../graph/support/gateway.js';

/**
 * A ClientToken write answered 5xx (ECS may have acted) whose retry cannot get
 * credentials: the mutation must say the outcome is unknown, not fail as an internal error.
 */

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

describe('a write whose retry has no credentials after a 5xx', () => {
  it('createSnapshot answers OutcomeUnknownError with the 5xx code, after exactly one CreateSnapshot request', async () => {
    const limits = API_LIMITS['2014'];
    const simulator = await createSimulator({ transitions: 'manual', limits });
    closers.push(() => simulator.close());
    // Credentials for as many fetches as `allowed` says, then the metadata service is gone.
    let allowed = Number.POSITIVE_INFINITY;
    const calls: CallEvent[] = [];
    const client = new EcsClient({
      credentials: {
        source: 'ecs-ram-role',
        getCredentials: async () => {
          if (allowed <= 0)
            throw new CredentialsError('ecs-ram-role', 'the metadata service did not answer', true);
          allowed -= 1;
          return { accessKeyId: simulator.accessKeyId, accessKeySecret: simulator.accessKeySecret };
        },
      },
      defaultRegionId: 'cn-hangzhou',
      endpoint: simulator.url,
      limits,
      maxAttempts: 4,
      ratePerSecond: Number.POSITIVE_INFINITY,
      sleep: async () => {},
      onCall: (event) => calls.push(event),
    });
    closers.push(() => client.close());
    const gateway = createGateway({ ecs: client, limits, logger: capturingLogger(), graphiql: false });
    const { Disks } = await client.call(DescribeDisks, { RegionId: 'cn-hangzhou' });
    const diskId = Disks.find((disk) => disk.Status === 'In_use')?.DiskId as string;
    const before = simulator.stats.calls('CreateSnapshot');

    allowed = 1;
    simulator.faults.configure({ internalErrorRate: 1 });
    calls.length = 0;
    const response = await gateway.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({
        query: `mutation($input: CreateSnapshotInput!) {
          createSnapshot(input: $input) {
            __typename
            ... on OutcomeUnknownError { code action resourceIds }
            ... on MutationError { message }
          }
        }`,
        variables: { input: { diskId } },
      }),
    });
    const body = (await response.json()) as {
      data?: { createSnapshot: Record<string, unknown> };
      errors?: unknown;
    };
    expect(body.errors).toBeUndefined();
    expect(body.data?.createSnapshot).toMatchObject({
      __typename: 'OutcomeUnknownError',
      code: 'InternalError',
      action: 'CreateSnapshot',
      resourceIds: [diskId],
    });
    expect(simulator.stats.calls('CreateSnapshot') - before).toBe(1);
    expect(
      calls.map(({ action, attempts, httpStatus, errorCode }) => ({
        action,
        attempts,
        httpStatus,
        errorCode,
      })),
    ).toEqual([{ action: 'CreateSnapshot', attempts: 1, httpStatus: 500, errorCode: 'InternalError' }]);
  });
});
