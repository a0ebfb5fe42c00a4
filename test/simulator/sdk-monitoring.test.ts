import * as $Ecs from '@alicloud/ecs20140526';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';
import { formatMonitorTime } from '../../src/spec/monitor-common.js';
import { REGION, startSimulator } from './integration-support.js';
import { ecsClient as ecsClientFor, popClient as popClientFor } from './sdk-support.js';

/**
 * The monitoring actions through both official SDKs against the whole simulator:
 * @alicloud/pop-core signs with signature v1, @alicloud/ecs20140526 with
 * ACS3-HMAC-SHA256. Today's SDK still carries all three; the instance and disk series
 * decode into its models, and the EIP action's refusal comes back as a typed error.
 */

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator();
});
afterAll(() => simulator.close());

const ecsClient = (regionId = REGION) => ecsClientFor(simulator, regionId);
const popClient = () => popClientFor(simulator);

/** The last five minutes of the simulator's clock: 6 points of 60 s. */
function lastMinutes() {
  const end = Math.floor(simulator.domain.clock.now() / 60_000) * 60_000;
  return { startTime: formatMonitorTime(end - 5 * 60_000), endTime: formatMonitorTime(end) };
}

/** A running seeded instance and its system disk. */
async function runningInstanceAndDisk() {
  const instances = (await popClient().request('DescribeInstances', { RegionId: REGION })) as {
    Instances: { Instance: { InstanceId: string; Status: string }[] };
  };
  const instanceId = instances.Instances.Instance.find((each) => each.Status === 'Running')!.InstanceId;
  const disks = (await popClient().request('DescribeDisks', {
    RegionId: REGION,
    InstanceId: instanceId,
  })) as {
    Disks: { Disk: { DiskId: string }[] };
  };
  return { instanceId, diskId: disks.Disks.Disk[0]!.DiskId };
}

type Failure = { code?: string; statusCode?: number };

describe('@alicloud/pop-core (signature v1) and the monitoring actions', () => {
  it('reads the series of an instance', async () => {
    const { instanceId } = await runningInstanceAndDisk();
    const { startTime, endTime } = lastMinutes();
    const body = (await popClient().request('DescribeInstanceMonitorData', {
      InstanceId: instanceId,
      StartTime: startTime,
      EndTime: endTime,
      Period: 60,
    })) as { MonitorData: { InstanceMonitorData: { InstanceId: string; CPU: number; TimeStamp: string }[] } };
    const points = body.MonitorData.InstanceMonitorData;
    expect(points.map((point) => point.TimeStamp)[0]).toBe(startTime);
    expect(points).toHaveLength(6);
    expect(points.every((point) => point.InstanceId === instanceId && typeof point.CPU === 'number')).toBe(
      true,
    );
  });

  it('reads the series of a disk', async () => {
    const { diskId } = await runningInstanceAndDisk();
    const { startTime, endTime } = lastMinutes();
    const body = (await popClient().request('DescribeDiskMonitorData', {
      DiskId: diskId,
      StartTime: startTime,
      EndTime: endTime,
    })) as { TotalCount: number; MonitorData: { DiskMonitorData: { DiskId: string; IOPSTotal: number }[] } };
    expect(body.TotalCount).toBe(6);
    expect(body.MonitorData.DiskMonitorData.every((point) => point.DiskId === diskId)).toBe(true);
  });

  it('reads InvalidAllocationId.NotFound for an EIP the simulator does not hold', async () => {
    const { startTime, endTime } = lastMinutes();
    // pop-core keeps the code and body of a refusal, not its HTTP status.
    await expect(
      popClient().request('DescribeEipMonitorData', {
        RegionId: REGION,
        AllocationId: 'eip-missing',
        StartTime: startTime,
        EndTime: endTime,
      }),
    ).rejects.toMatchObject({
      code: 'InvalidAllocationId.NotFound',
      data: { Message: 'Specified allocation id is not found.' },
    });
  });
});

describe('@alicloud/ecs20140526 (ACS3-HMAC-SHA256) and the monitoring actions', () => {
  it('reads the series of an instance into the SDK models', async () => {
    const { instanceId } = await runningInstanceAndDisk();
    const { startTime, endTime } = lastMinutes();
    const body = (
      await ecsClient().describeInstanceMonitorData(
        new $Ecs.DescribeInstanceMonitorDataRequest({ instanceId, startTime, endTime, period: 60 }),
      )
    ).body;
    const points = body?.monitorData?.instanceMonitorData ?? [];
    expect(points).toHaveLength(6);
    expect(points[0]?.timeStamp).toBe(startTime);
    expect(points.every((point) => point.instanceId === instanceId && typeof point.CPU === 'number')).toBe(
      true,
    );
    expect(points.some((point) => (point.CPU ?? 0) > 0)).toBe(true);
  });

  it('reads the series of a disk into the SDK models', async () => {
    const { diskId } = await runningInstanceAndDisk();
    const { startTime, endTime } = lastMinutes();
    const body = (
      await ecsClient().describeDiskMonitorData(
        new $Ecs.DescribeDiskMonitorDataRequest({ diskId, startTime, endTime, period: 600 }),
      )
    ).body;
    // One point of 600 s: the start; the next one would be after EndTime.
    expect(body?.totalCount).toBe(1);
    const [point] = body?.monitorData?.diskMonitorData ?? [];
    expect(point?.diskId).toBe(diskId);
    expect(point?.IOPSTotal).toBe((point?.IOPSRead ?? 0) + (point?.IOPSWrite ?? 0));
  });

  it('reads InvalidAllocationId.NotFound, 400, for an EIP the simulator does not hold', async () => {
    const { startTime, endTime } = lastMinutes();
    const error = await ecsClient()
      .describeEipMonitorData(
        new $Ecs.DescribeEipMonitorDataRequest({
          regionId: REGION,
          allocationId: 'eip-missing',
          startTime,
          endTime,
        }),
      )
      .then(
        () => undefined,
        (failure: Failure) => failure,
      );
    expect([error?.code, error?.statusCode]).toEqual(['InvalidAllocationId.NotFound', 400]);
  });
});
