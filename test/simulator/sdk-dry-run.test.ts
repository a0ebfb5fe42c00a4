import EcsModule, * as $Ecs from '@alicloud/ecs20140526';
import * as $OpenApi from '@alicloud/openapi-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';
import { API_LIMITS } from '../../src/spec/limits.js';
import { REGION, startSimulator } from './integration-support.js';

/**
 * The official SDK (@alicloud/ecs20140526, ACS3-HMAC-SHA256) sending DryRun to the
 * simulator's today profile: it meets DryRunOperation, HTTP 400, as it would meet ECS.
 */

type EcsClass = typeof EcsModule.default;
const Ecs: EcsClass =
  (EcsModule as unknown as { default?: EcsClass }).default ?? (EcsModule as unknown as EcsClass);

let simulator: Simulator;
beforeEach(async () => {
  simulator = await startSimulator({ limits: API_LIMITS.current });
});
afterEach(async () => {
  await simulator.close();
});

function ecsClient(): InstanceType<EcsClass> {
  return new Ecs(
    new $OpenApi.Config({
      accessKeyId: simulator.accessKeyId,
      accessKeySecret: simulator.accessKeySecret,
      endpoint: `127.0.0.1:${simulator.port}`,
      protocol: 'http',
      regionId: REGION,
    }),
  );
}

async function instances(): Promise<{ id: string; status: string }[]> {
  const response = await ecsClient().describeInstances(
    new $Ecs.DescribeInstancesRequest({ regionId: REGION }),
  );
  return (response.body?.instances?.instance ?? []).map((instance) => ({
    id: instance.instanceId ?? '',
    status: instance.status ?? '',
  }));
}

describe('DryRun through the official SDK', () => {
  it('StopInstance with dryRun: DryRunOperation (400) and the instance keeps running; a refused check is its own error', async () => {
    const before = await instances();
    const running = before.find((instance) => instance.status === 'Running');
    const stopped = before.find((instance) => instance.status === 'Stopped');
    if (!running || !stopped) throw new Error('the seed has no Running and Stopped instance');
    await expect(
      ecsClient().stopInstance(new $Ecs.StopInstanceRequest({ instanceId: running.id, dryRun: true })),
    ).rejects.toMatchObject({
      code: 'DryRunOperation',
      statusCode: 400,
      message: expect.stringContaining('Request validation has been passed with DryRun flag set.'),
    });
    await expect(
      ecsClient().stopInstance(new $Ecs.StopInstanceRequest({ instanceId: stopped.id, dryRun: true })),
    ).rejects.toMatchObject({ code: 'IncorrectInstanceStatus', statusCode: 403 });
    expect(await instances()).toEqual(before);
  });
});
