import { expect } from 'vitest';
import { ServiceError } from '../../../src/simulator/backend.js';
import { createSimulatorDomain, type SimulatorDomainOptions } from '../../../src/simulator/domain.js';
import type { Reply } from '../../../src/simulator/handlers/context.js';
import type { ActionInput, AnyAction } from '../../../src/spec/action.js';
import { CreateInstance } from '../../../src/spec/actions/create-instance.js';
import { DescribeInstanceAttribute } from '../../../src/spec/actions/instance-reads.js';
import { StartInstance } from '../../../src/spec/actions/instance-writes.js';

export const ACCOUNT = 'LTAI-test-account';
export const REGION = 'cn-hangzhou';

export type Domain = ReturnType<typeof createSimulatorDomain>;

/** A domain on a manual clock with a small seeded estate in one region (two security groups). */
export function testDomain(options: SimulatorDomainOptions = {}): Domain {
  return createSimulatorDomain({
    clock: { mode: 'manual' },
    seed: { seed: 'test', regions: [REGION], instancesPerRegion: 0, extras: true },
    ...options,
  });
}

export function call<A extends AnyAction>(
  domain: Domain,
  action: A,
  input: ActionInput<A>,
  account = ACCOUNT,
): Reply<A> {
  return domain.handle(action, input as Record<string, unknown>, {
    accessKeyId: account,
    requestId: 'req-1',
  }) as Reply<A>;
}

/** The ServiceError `act` throws; fails the test when it throws nothing or something else. */
export function failure(act: () => unknown): ServiceError {
  try {
    act();
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
  throw new Error('expected a ServiceError, but the call succeeded');
}

export function expectFailure(act: () => unknown, code: string, httpStatus: number): void {
  const error = failure(act);
  expect({ code: error.code, httpStatus: error.httpStatus }).toEqual({ code, httpStatus });
}

export function securityGroupIds(domain: Domain, account = ACCOUNT): string[] {
  return [...domain.store.account(account).regions.get(REGION)!.securityGroups.keys()].sort();
}

/**
 * Creates an instance with one data disk and waits out Pending; running unless told
 * otherwise (the manual clock moves 10 s for the creation, then 3 s for the start).
 */
export function launch(
  domain: Domain,
  options: { running?: boolean; zoneId?: string; input?: Partial<ActionInput<typeof CreateInstance>> } = {},
) {
  const { InstanceId } = call(domain, CreateInstance, {
    RegionId: REGION,
    ZoneId: options.zoneId ?? 'cn-hangzhou-h',
    ImageId: 'aliyun_3_x64_20G_alibase_20240819.vhd',
    InstanceType: 'ecs.g7.large',
    SecurityGroupId: securityGroupIds(domain)[0]!,
    DataDisk: [{ Size: 100, Category: 'cloud_essd' }],
    ...options.input,
  });
  if (domain.clock.mode === 'manual') domain.advance(domain.clock.durations.instanceCreate);
  if (options.running !== false) {
    call(domain, StartInstance, { InstanceId: InstanceId! });
    domain.advance(domain.clock.durations.instanceStart);
    expect(call(domain, DescribeInstanceAttribute, { InstanceId: InstanceId! }).Status).toBe('Running');
  }
  const region = domain.store.account(ACCOUNT).regions.get(REGION)!;
  const disks = [...region.disks.values()].filter((disk) => disk.attachment?.instanceId === InstanceId);
  return {
    instanceId: InstanceId!,
    systemDiskId: disks.find((disk) => disk.type === 'system')!.diskId,
    dataDiskId: disks.find((disk) => disk.type === 'data')!.diskId,
  };
}
