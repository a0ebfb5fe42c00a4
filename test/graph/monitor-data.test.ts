import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createMonitorLoader, monitorWindows } from '../../src/loaders/monitor-data.js';
import { RegionDirectory } from '../../src/loaders/regions.js';
import { estimateUpstreamCalls } from '../../src/plugins/use-upstream-call-cap.js';
import { schema } from '../../src/schema/index.js';
import { instanceMonitorSource } from '../../src/schema/monitor-data.js';
import { DescribeDisks } from '../../src/spec/actions/disk-reads.js';
import { DescribeInstances } from '../../src/spec/actions/instance-reads.js';
import { DescribeDiskMonitorData, DescribeInstanceMonitorData } from '../../src/spec/actions/monitoring.js';
import { API_LIMITS } from '../../src/spec/limits.js';
import { formatMonitorTime, parseMonitorTime } from '../../src/spec/monitor-common.js';
import { FakeEcsError, listingAnswer } from './support/fake-ecs.js';
import { execute, regionGateway } from './support/gateway.js';

/**
 * Instance.monitorData and Disk.monitorData: arguments checked before any call, a long
 * range split into windows of 60 periods (2014 limits), one call per window and
 * resource (ECS has no batch form), the same question in one request fetched once,
 * past windows kept across requests, future ones not, and the estimate counting it all.
 */

const instances = ['i-1', 'i-2', 'i-3'].map((InstanceId) => ({ InstanceId, RegionId: 'cn-hangzhou' }));

/** Points every period from StartTime to EndTime, CPU the minute of the hour. */
function series(input: Readonly<Record<string, unknown>>) {
  const from = parseMonitorTime(String(input.StartTime)) as number;
  const to = parseMonitorTime(String(input.EndTime)) as number;
  const step = Number(input.Period ?? 60) * 1000;
  const times: number[] = [];
  for (let at = from; at <= to; at += step) times.push(at);
  return times.map((at) => ({ at, minute: new Date(at).getUTCMinutes(), TimeStamp: formatMonitorTime(at) }));
}

function gateway() {
  const setup = regionGateway();
  setup.ecs
    .answer(
      DescribeInstances,
      listingAnswer(instances, {
        list: 'Instances',
        idsParam: 'InstanceIds',
        idOf: (instance) => instance.InstanceId,
        filters: { RegionId: (instance) => instance.RegionId },
      }),
    )
    .answer(DescribeDisks, () => ({
      TotalCount: 1,
      PageNumber: 1,
      PageSize: 10,
      Disks: [{ DiskId: 'd-1', RegionId: 'cn-hangzhou' }],
    }))
    .answer(DescribeInstanceMonitorData, (input) => {
      if (input.InstanceId === 'i-refused')
        throw new FakeEcsError(
          'InvalidInstanceId.NotFound',
          'The InstanceId provided does not exist in our records.',
          404,
        );
      return {
        MonitorData: series(input).map(({ minute, TimeStamp }) => ({
          InstanceId: input.InstanceId,
          CPU: minute,
          IntranetRX: minute * 10,
          TimeStamp,
        })),
      };
    })
    .answer(DescribeDiskMonitorData, (input) => {
      const points = series(input).map(({ minute, TimeStamp }) => ({
        DiskId: input.DiskId,
        IOPSRead: minute,
        IOPSWrite: 1,
        IOPSTotal: minute + 1,
        TimeStamp,
      }));
      return { TotalCount: points.length, MonitorData: points };
    });
  return setup;
}

const monitorCalls = (ecs: ReturnType<typeof gateway>['ecs']) =>
  ecs.calls.filter((call) => call.action.endsWith('MonitorData'));

const PAST = { from: '2025-01-05T10:00:00Z', to: '2025-01-05T12:30:00Z' };
const query = (range: { from: string; to: string }, period = '') =>
  `{ instances(page: { size: 3 }) { nodes { id monitorData(from: "${range.from}", to: "${range.to}"${period}) { time cpu intranetRx internetTx } } } }`;

type Data = { instances: { nodes: { id: string; monitorData: { time: string; cpu: number }[] | null }[] } };

describe('Instance.monitorData', () => {
  it('splits 150 minutes into three windows of at most 60 periods, one call each per instance, joined in order', async () => {
    const { ecs, gateway: yoga } = gateway();
    const result = await execute<Data>(yoga, query(PAST));
    expect(result.errors).toBeUndefined();
    const nodes = result.data!.instances.nodes;
    expect(nodes.map((node) => node.monitorData!.length)).toEqual([151, 151, 151]);
    const [first] = nodes;
    expect(first!.monitorData![0]).toEqual({
      time: '2025-01-05T10:00:00.000Z',
      cpu: 0,
      intranetRx: 0,
      internetTx: null,
    });
    expect(first!.monitorData![150]!.time).toBe('2025-01-05T12:30:00.000Z');
    // Every minute once, in order.
    const times = first!.monitorData!.map((point) => Date.parse(point.time));
    expect(times.every((at, index) => index === 0 || at - (times[index - 1] as number) === 60_000)).toBe(
      true,
    );
    expect(monitorCalls(ecs).filter((call) => call.input.InstanceId === 'i-1')).toEqual([
      {
        action: 'DescribeInstanceMonitorData',
        input: {
          InstanceId: 'i-1',
          StartTime: '2025-01-05T10:00:00Z',
          EndTime: '2025-01-05T11:00:00Z',
          Period: 60,
        },
      },
      {
        action: 'DescribeInstanceMonitorData',
        input: {
          InstanceId: 'i-1',
          StartTime: '2025-01-05T11:01:00Z',
          EndTime: '2025-01-05T12:01:00Z',
          Period: 60,
        },
      },
      {
        action: 'DescribeInstanceMonitorData',
        input: {
          InstanceId: 'i-1',
          StartTime: '2025-01-05T12:02:00Z',
          EndTime: '2025-01-05T12:30:00Z',
          Period: 60,
        },
      },
    ]);
    // No batch form: 3 instances x 3 windows.
    expect(monitorCalls(ecs)).toHaveLength(9);
  });

  it('fetches the same question once in a request, and keeps past windows for the next request but not future ones', async () => {
    const { ecs, gateway: yoga } = gateway();
    const twice = `{ instances { nodes { a: monitorData(from: "${PAST.from}", to: "2025-01-05T10:30:00Z") { cpu } b: monitorData(from: "${PAST.from}", to: "2025-01-05T10:30:00Z") { time } } } }`;
    expect((await execute(yoga, twice)).errors).toBeUndefined();
    expect(monitorCalls(ecs)).toHaveLength(3);
    ecs.reset();
    expect((await execute(yoga, twice)).errors).toBeUndefined();
    expect(monitorCalls(ecs)).toHaveLength(0);

    const future = { from: '2099-01-01T00:00:00Z', to: '2099-01-01T00:10:00Z' };
    expect((await execute(yoga, query(future))).errors).toBeUndefined();
    expect((await execute(yoga, query(future))).errors).toBeUndefined();
    expect(monitorCalls(ecs)).toHaveLength(6);
  });

  it('refuses bad arguments before any call, naming the argument and the rule', async () => {
    const { ecs, gateway: yoga } = gateway();
    const cases: [string, RegExp][] = [
      [query({ from: PAST.to, to: PAST.from }), /monitorData\(to\) must not be before from/],
      [
        query(PAST, ', period: FIVE_MINUTES'),
        /monitorData\(period\) must be one of 60, 600, 3600 seconds here/,
      ],
      [
        query({ from: '2025-01-01T00:00:00Z', to: '2025-01-02T00:25:00Z' }),
        /within 24 calls of 60 periods each/,
      ],
    ];
    for (const [text, message] of cases) {
      const result = await execute(yoga, text);
      expect(result.errors?.[0]?.message).toMatch(message);
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect(ecs.calls).toEqual([]);
    // A day of minutes is 24 windows: allowed (the page of 3 keeps the estimate, 3 x 24 + 1, under the cap).
    expect(
      (await execute(yoga, query({ from: '2025-01-01T00:00:00Z', to: '2025-01-02T00:23:00Z' }))).errors,
    ).toBeUndefined();
    ecs.reset();
    expect(
      (
        await execute(
          yoga,
          query({ from: '2025-01-01T00:00:00Z', to: '2025-01-03T11:00:00Z' }, ', period: HOUR'),
        )
      ).errors,
    ).toBeUndefined();
    expect(monitorCalls(ecs)).toHaveLength(3);
  });

  it('is null with the ECS error at its path when ECS refuses', async () => {
    const { gateway: yoga, ecs } = gateway();
    ecs.answer(
      DescribeInstances,
      listingAnswer([{ InstanceId: 'i-refused', RegionId: 'cn-hangzhou' }], {
        list: 'Instances',
        idsParam: 'InstanceIds',
        idOf: (instance) => instance.InstanceId,
        filters: { RegionId: (instance) => instance.RegionId },
      }),
    );
    const result = await execute<Data>(yoga, query(PAST));
    expect(result.data?.instances.nodes[0]?.monitorData).toBeNull();
    expect(result.errors?.[0]?.path).toEqual(['instances', 'nodes', 0, 'monitorData']);
    expect(result.errors?.[0]?.extensions?.code).toBe('InvalidInstanceId.NotFound');
  });
});

describe('Disk.monitorData', () => {
  it('reads typed points of DescribeDiskMonitorData', async () => {
    const { ecs, gateway: yoga } = gateway();
    const result = await execute<{ disks: { nodes: { monitorData: unknown[] }[] } }>(
      yoga,
      `{ disks { nodes { monitorData(from: "${PAST.from}", to: "2025-01-05T11:00:00Z", period: TEN_MINUTES) { time iopsRead iopsTotal bpsRead } } } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.disks.nodes[0]!.monitorData).toHaveLength(7);
    expect(result.data!.disks.nodes[0]!.monitorData[1]).toEqual({
      time: '2025-01-05T10:10:00.000Z',
      iopsRead: 10,
      iopsTotal: 11,
      bpsRead: null,
    });
    expect(monitorCalls(ecs)).toEqual([
      {
        action: 'DescribeDiskMonitorData',
        input: {
          DiskId: 'd-1',
          StartTime: '2025-01-05T10:00:00Z',
          EndTime: '2025-01-05T11:00:00Z',
          Period: 600,
        },
      },
    ]);
  });
});

describe('the estimate of monitorData', () => {
  const estimate = (text: string, limits = API_LIMITS['2014']) =>
    estimateUpstreamCalls({ schema, document: parse(text) }, { limits, allPagesCap: 20, regions: 2 }).total;
  const page = (range: { from: string; to: string }, period = '') =>
    `{ instances(page: { size: 10 }) { nodes { monitorData(from: "${range.from}", to: "${range.to}"${period}) { cpu } } } }`;

  it('counts one call per window for each parent, and nothing for refused arguments', () => {
    const listing = estimate('{ instances(page: { size: 10 }) { nodes { id } } }');
    expect(estimate(page(PAST)) - listing).toBe(10 * 3);
    expect(
      estimate(page(PAST), API_LIMITS.current) -
        estimate('{ instances(page: { size: 10 }) { nodes { id } } }', API_LIMITS.current),
    ).toBe(10);
    expect(estimate(page({ from: PAST.to, to: PAST.from })) - listing).toBe(0);
  });
});

describe('the monitor loader', () => {
  const regions = new RegionDirectory({ ttlMs: 60_000 });
  const at = Date.parse('2025-01-05T12:00:00Z');
  const key = (to: number) => ({
    regionId: 'cn-hangzhou',
    id: 'i-1',
    from: to - 10 * 60_000,
    to,
    period: 60,
  });

  it('cuts a range into windows of at most the points a call may return', () => {
    const from = Date.parse('2025-01-05T10:00:00Z');
    expect(monitorWindows({ from, to: from + 60 * 60_000, period: 60 }, 60)).toHaveLength(1);
    expect(monitorWindows({ from, to: from + 61 * 60_000, period: 60 }, 60)).toEqual([
      { from, to: from + 60 * 60_000, period: 60 },
      { from: from + 61 * 60_000, to: from + 61 * 60_000, period: 60 },
    ]);
    // Seconds round up to the next minute, as ECS rounds them.
    expect(monitorWindows({ from: from + 1_000, to: from + 1_000, period: 60 }, 60)).toEqual([
      { from: from + 60_000, to: from + 60_000, period: 60 },
    ]);
  });

  it('keeps a settled window for 60 s across requests, and never one that is still filling', async () => {
    const { ecs } = gateway();
    let now = at;
    const load = (to: number) =>
      createMonitorLoader(
        instanceMonitorSource,
        { ecs, limits: API_LIMITS['2014'], regions },
        () => now,
      ).load(key(to));
    await load(at - 5 * 60_000);
    await load(at - 5 * 60_000);
    now += 59_000;
    await load(at - 5 * 60_000);
    expect(monitorCalls(ecs)).toHaveLength(1);
    now += 2_000;
    await load(at - 5 * 60_000);
    expect(monitorCalls(ecs)).toHaveLength(2);
    // Ends a minute before now: points may still arrive, so it is asked every time.
    await load(now - 60_000);
    await load(now - 60_000);
    expect(monitorCalls(ecs)).toHaveLength(4);
  });
});
