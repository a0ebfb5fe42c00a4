import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';
import { formatMonitorTime } from '../../src/spec/monitor-common.js';
import { REGION, signedGet, startSimulator } from './integration-support.js';

/**
 * The monitoring actions over the wire: the series (repeatable, bounded by creation and
 * now, zero while stopped, longer periods aggregating minutes) and each documented
 * refusal with code and HTTP status. The simulator runs the 2014 limits: 60 points a call.
 */

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator();
});
afterAll(() => simulator.close());
beforeEach(() => simulator.reset());

type Body = Record<string, unknown> & { Code?: string };

async function ask(action: string, params: Record<string, string>) {
  const answer = await signedGet(simulator, { Action: action, Format: 'JSON', RegionId: REGION, ...params });
  return { status: answer.status, body: JSON.parse(answer.body) as Body };
}

async function ok(action: string, params: Record<string, string>): Promise<Body> {
  const { status, body } = await ask(action, params);
  expect(status, `${action}: ${JSON.stringify(body)}`).toBe(200);
  return body;
}

async function refused(action: string, params: Record<string, string>) {
  const { body, status } = await ask(action, params);
  return [body.Code, status] as const;
}

const now = () => simulator.domain.clock.now();
const minutesAgo = (minutes: number) =>
  formatMonitorTime(Math.floor(now() / 60_000) * 60_000 - minutes * 60_000);

type Point = Record<string, number | string>;
async function instancePoints(instanceId: string, params: Record<string, string>): Promise<Point[]> {
  const body = await ok('DescribeInstanceMonitorData', { InstanceId: instanceId, ...params });
  return (body.MonitorData as { InstanceMonitorData: Point[] }).InstanceMonitorData;
}
async function diskPoints(diskId: string, params: Record<string, string>) {
  const body = await ok('DescribeDiskMonitorData', { DiskId: diskId, ...params });
  return {
    total: body.TotalCount,
    points: (body.MonitorData as { DiskMonitorData: Point[] }).DiskMonitorData,
  };
}

async function seededInstances() {
  const body = await ok('DescribeInstances', { PageSize: '50' });
  return (body.Instances as { Instance: { InstanceId: string; Status: string }[] }).Instance;
}
async function diskOf(instanceId: string): Promise<string> {
  const body = await ok('DescribeDisks', { InstanceId: instanceId, DiskType: 'system' });
  return (body.Disks as { Disk: { DiskId: string }[] }).Disk[0]!.DiskId;
}
async function runningInstance(): Promise<string> {
  return (await seededInstances()).find((instance) => instance.Status === 'Running')!.InstanceId;
}

describe('DescribeInstanceMonitorData over the wire', () => {
  it('answers one point a period from StartTime to EndTime, the same on every call and after a reset', async () => {
    const id = await runningInstance();
    const window = { StartTime: minutesAgo(10), EndTime: minutesAgo(0) };
    const points = await instancePoints(id, window);
    expect(points).toHaveLength(11);
    expect(points[0]!.TimeStamp).toBe(window.StartTime);
    expect(points[10]!.TimeStamp).toBe(window.EndTime);
    for (const point of points) {
      expect(point.InstanceId).toBe(id);
      expect(point.CPU).toBeGreaterThanOrEqual(0);
      expect(point.CPU).toBeLessThanOrEqual(100);
      expect(point.IntranetFlow).toBe(Number(point.IntranetRX) + Number(point.IntranetTX));
    }
    expect(points.some((point) => Number(point.CPU) > 0)).toBe(true);
    expect(await instancePoints(id, window)).toEqual(points);
    simulator.reset();
    expect(await instancePoints(id, window)).toEqual(points);
    // Another instance has series of its own.
    const other = (await seededInstances()).find((i) => i.InstanceId !== id && i.Status === 'Running');
    if (other) expect(await instancePoints(other.InstanceId, window)).not.toEqual(points);
  });

  it('aggregates the minutes a longer period covers: traffic sums, rates average', async () => {
    const id = await runningInstance();
    const start = minutesAgo(30);
    const minutes = await instancePoints(id, { StartTime: start, EndTime: minutesAgo(21) });
    const [tenMinutes] = await instancePoints(id, { StartTime: start, EndTime: start, Period: '600' });
    const sum = (field: string) => minutes.reduce((total, point) => total + Number(point[field]), 0);
    expect(minutes).toHaveLength(10);
    expect(Math.abs(Number(tenMinutes!.IntranetRX) - sum('IntranetRX'))).toBeLessThanOrEqual(10);
    expect(Math.abs(Number(tenMinutes!.CPU) - sum('CPU') / 10)).toBeLessThanOrEqual(1);
  });

  it('has no point after now, and zeros while the instance is stopped', async () => {
    const id = await runningInstance();
    expect(await instancePoints(id, { StartTime: minutesAgo(2), EndTime: minutesAgo(-30) })).toHaveLength(3);
    await ok('StopInstance', { InstanceId: id });
    simulator.advance(10 * 60_000);
    const points = await instancePoints(id, { StartTime: minutesAgo(15), EndTime: minutesAgo(1) });
    const afterStop = points.filter((point) => Date.parse(String(point.TimeStamp)) >= now() - 9 * 60_000);
    expect(afterStop.length).toBeGreaterThan(0);
    for (const point of afterStop)
      expect(point).toMatchObject({ CPU: 0, IntranetRX: 0, IOPSRead: 0, BPSWrite: 0 });
    const beforeStop = points.filter((point) => Date.parse(String(point.TimeStamp)) < now() - 11 * 60_000);
    expect(beforeStop.some((point) => Number(point.CPU) > 0)).toBe(true);
  });

  it('refuses what the reference refuses, with its code and status', async () => {
    const id = await runningInstance();
    const range = { InstanceId: id, StartTime: minutesAgo(10), EndTime: minutesAgo(0) };
    const call = (params: Record<string, string>) => refused('DescribeInstanceMonitorData', params);
    expect(await call({ ...range, InstanceId: 'i-missing' })).toEqual(['InvalidInstanceId.NotFound', 404]);
    expect(await call({ StartTime: range.StartTime, EndTime: range.EndTime })).toEqual([
      'MissingParameter',
      400,
    ]);
    expect(await call({ InstanceId: id, EndTime: range.EndTime })).toEqual(['MissingParameter', 400]);
    expect(await call({ InstanceId: id, StartTime: range.StartTime })).toEqual(['MissingParameter', 400]);
    expect(await call({ ...range, StartTime: '2025-01-05 10:00' })).toEqual([
      'InvalidStartTime.Malformed',
      400,
    ]);
    expect(await call({ ...range, EndTime: '2025-02-30T10:00:00Z' })).toEqual([
      'InvalidEndTime.Malformed',
      400,
    ]);
    expect(await call({ ...range, Period: 'hourly' })).toEqual(['InvalidParameter', 400]);
    expect(await call({ ...range, Period: '300' })).toEqual(['InvalidPeriod.ValueNotSupported', 400]);
    expect(await call({ ...range, StartTime: minutesAgo(31 * 24 * 60) })).toEqual([
      'InvalidStartTime.TooEarly',
      400,
    ]);
    expect(await call({ ...range, StartTime: minutesAgo(61) })).toEqual([
      'InvalidParameter.TooManyDataQueried',
      400,
    ]);
    expect(await call({ ...range, StartTime: minutesAgo(0), EndTime: minutesAgo(5) })).toEqual([
      'InvalidParameter',
      400,
    ]);
    // 60 points is the limit, not past it; seconds move a time to the next minute.
    expect(await instancePoints(id, { StartTime: minutesAgo(60), EndTime: minutesAgo(0) })).toHaveLength(61);
    const rounded = await instancePoints(id, {
      StartTime: minutesAgo(3).replace(':00Z', ':30Z'),
      EndTime: minutesAgo(0),
    });
    expect(rounded[0]!.TimeStamp).toBe(minutesAgo(2));
  });
});

describe('DescribeDiskMonitorData over the wire', () => {
  it('answers IO of a disk on a running instance, TotalCount the points, none before its creation', async () => {
    const diskId = await diskOf(await runningInstance());
    const { total, points } = await diskPoints(diskId, { StartTime: minutesAgo(5), EndTime: minutesAgo(0) });
    expect(total).toBe(6);
    expect(points).toHaveLength(6);
    for (const point of points) {
      expect(point.DiskId).toBe(diskId);
      expect(point.IOPSTotal).toBe(Number(point.IOPSRead) + Number(point.IOPSWrite));
      expect(point.BPSTotal).toBe(Number(point.BPSRead) + Number(point.BPSWrite));
    }
    expect(points.some((point) => Number(point.IOPSRead) > 0)).toBe(true);

    simulator.advance(90_000);
    const zone = await ok('DescribeDisks', { DiskIds: JSON.stringify([diskId]) });
    const { ZoneId } = (zone.Disks as { Disk: { ZoneId: string }[] }).Disk[0]!;
    const created = await ok('CreateDisk', { ZoneId, Size: '20', DiskCategory: 'cloud_ssd' });
    simulator.advance(5 * 60_000);
    const fresh = await diskPoints(String(created.DiskId), {
      StartTime: minutesAgo(10),
      EndTime: minutesAgo(0),
    });
    // Created 5 minutes ago (30 s into its minute): minutes 4..0 only, idle while Available.
    expect(fresh.total).toBe(5);
    for (const point of fresh.points) expect(point).toMatchObject({ IOPSTotal: 0, BPSTotal: 0 });
  });

  it('refuses what the reference refuses, with its code and status', async () => {
    const diskId = await diskOf(await runningInstance());
    const range = { DiskId: diskId, StartTime: minutesAgo(10), EndTime: minutesAgo(0) };
    const call = (params: Record<string, string>) => refused('DescribeDiskMonitorData', params);
    expect(await call({ ...range, DiskId: 'd-missing' })).toEqual(['InvalidDiskId.NotFound', 404]);
    expect(await call({ StartTime: range.StartTime, EndTime: range.EndTime })).toEqual([
      'MissingParameter',
      400,
    ]);
    expect(await call({ ...range, StartTime: 'yesterday' })).toEqual(['InvalidStartTime.Malformed', 400]);
    expect(await call({ ...range, EndTime: 'now' })).toEqual(['InvalidEndTime.Malformed', 400]);
    expect(await call({ ...range, Period: '1.5' })).toEqual(['InvalidParameter', 400]);
    expect(await call({ ...range, Period: '900' })).toEqual(['InvalidPeriod.ValueNotSupported', 400]);
    expect(await call({ ...range, StartTime: minutesAgo(31 * 24 * 60) })).toEqual([
      'InvalidStartTime.TooEarly',
      400,
    ]);
    expect(await call({ ...range, StartTime: minutesAgo(3601), Period: '3600' })).toEqual([
      'InvalidParameter.TooManyDataQueried',
      400,
    ]);
  });
});

describe('DescribeEipMonitorData over the wire', () => {
  it('checks the range first, then looks the EIP up', async () => {
    const range = { AllocationId: 'eip-missing', StartTime: minutesAgo(10), EndTime: minutesAgo(0) };
    const call = (params: Record<string, string>) => refused('DescribeEipMonitorData', params);
    expect(await call(range)).toEqual(['InvalidAllocationId.NotFound', 400]);
    expect(await call({ ...range, StartTime: 'x' })).toEqual(['InvalidStartTime.Malformed', 400]);
    expect(await call({ ...range, EndTime: 'x' })).toEqual(['InvalidEndTime.Malformed', 400]);
    expect(await call({ ...range, Period: '600' })).toEqual(['InvalidParameter', 400]);
    expect(await call({ ...range, StartTime: minutesAgo(201) })).toEqual([
      'OperationDenied.ToManyDataQueried',
      400,
    ]);
    // 200 points of 60 s pass the range rules.
    expect(await call({ ...range, StartTime: minutesAgo(200) })).toEqual([
      'InvalidAllocationId.NotFound',
      400,
    ]);
  });

  it('answers an allocated EIP: no point before its allocation, traffic only while bound to a running instance', async () => {
    const allocated = (await ok('AllocateEipAddress', { Bandwidth: '10' })) as { AllocationId: string };
    const unbound = await ok('DescribeEipMonitorData', {
      AllocationId: allocated.AllocationId,
      StartTime: minutesAgo(30),
      EndTime: minutesAgo(0),
    });
    const points = (unbound.EipMonitorDatas as { EipMonitorData: { EipFlow: number; TimeStamp: string }[] })
      .EipMonitorData;
    // Allocated now: at most the point of the current minute, and no traffic while bound to nothing.
    expect(points.length).toBeLessThanOrEqual(1);
    expect(points.every((point) => point.EipFlow === 0)).toBe(true);
  });
});
