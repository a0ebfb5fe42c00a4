import EcsModule, * as $Ecs from '@alicloud/ecs20140526';
import * as $OpenApi from '@alicloud/openapi-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';
import { DescribeDisks } from '../../src/spec/actions/disk-reads.js';
import { DescribeInstances } from '../../src/spec/actions/instance-reads.js';
import { DescribeSnapshots } from '../../src/spec/actions/snapshots.js';
import { API_LIMITS } from '../../src/spec/limits.js';
import { REGION, signedGet, startSimulator } from './integration-support.js';

/**
 * NextToken paging over the wire: the whole simulator on loopback, its error answers
 * with their HTTP statuses, the 2014 profile ignoring tokens, the single-value filters,
 * and the official SDK (@alicloud/ecs20140526, signature V3) walking by NextToken.
 */

type EcsClass = typeof EcsModule.default;
const Ecs: EcsClass =
  (EcsModule as unknown as { default?: EcsClass }).default ?? (EcsModule as unknown as EcsClass);

/** 30 instances x 3 disks x 2 snapshots: more than one token page of each list. */
const SEED = {
  seed: 'token-pages',
  regions: [REGION],
  instancesPerRegion: 30,
  disksPerInstance: 3,
  snapshotsPerDisk: 2,
  extras: false,
};

let simulator: Simulator | undefined;
afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

async function start(limits = API_LIMITS.current): Promise<Simulator> {
  simulator = await startSimulator({ limits, seed: SEED });
  return simulator;
}

async function json(sim: Simulator, params: Record<string, string>) {
  const answer = await signedGet(sim, { Format: 'JSON', RegionId: REGION, ...params });
  return { status: answer.status, body: JSON.parse(answer.body) as Record<string, unknown> };
}

function ecsClient(sim: Simulator): InstanceType<EcsClass> {
  return new Ecs(
    new $OpenApi.Config({
      accessKeyId: sim.accessKeyId,
      accessKeySecret: sim.accessKeySecret,
      endpoint: `127.0.0.1:${sim.port}`,
      protocol: 'http',
      regionId: REGION,
    }),
  );
}

/** Every id of a list, by PageNumber: what a token walk must hand out once each. */
async function allIds(sim: Simulator, action: string, list: string, item: string, id: string) {
  const ids: string[] = [];
  for (let page = 1; ; page += 1) {
    const { body } = await json(sim, { Action: action, PageSize: '100', PageNumber: String(page) });
    const items = (body[list] as Record<string, Record<string, string>[]>)[item] ?? [];
    ids.push(...items.map((entry) => entry[id] as string));
    if (ids.length >= (body.TotalCount as number)) return ids;
  }
}

describe("the current profile's NextToken over the wire", () => {
  it('a refused token is InvalidParameter.NextToken with HTTP 400, before anything is listed', async () => {
    const sim = await start();
    const first = await json(sim, { Action: 'DescribeInstances', MaxResults: '10' });
    const token = first.body.NextToken as string;
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    const refusals: Record<string, string>[] = [
      { Action: 'DescribeInstances', NextToken: 'eyJwYWdlIjoyfQ' },
      { Action: 'DescribeDisks', NextToken: token },
      { Action: 'DescribeInstances', NextToken: token, RegionId: 'cn-shanghai' },
      { Action: 'DescribeInstances', NextToken: token, ZoneId: 'cn-hangzhou-h' },
    ];
    for (const params of refusals) {
      const refused = await json(sim, params);
      expect([params, refused.status, refused.body.Code]).toEqual([
        params,
        400,
        'InvalidParameter.NextToken',
      ]);
      expect(refused.body.Message).toMatch(/^The specified parameter "NextToken" is not valid: /);
    }
    expect(sim.stats.snapshot().actions.DescribeInstances).toMatchObject({ succeeded: 1, failed: 3 });
  });

  it('PageNumber/PageSize keep working on the three actions', async () => {
    const sim = await start();
    const { status, body } = await json(sim, { Action: 'DescribeDisks', PageNumber: '2', PageSize: '50' });
    expect(status).toBe(200);
    expect(body).toMatchObject({ TotalCount: 90, PageNumber: 2, PageSize: 50 });
    expect(body).not.toHaveProperty('NextToken');
    expect((body.Disks as { Disk: unknown[] }).Disk).toHaveLength(40);
  });
});

describe('the 2014 profile', () => {
  it('ignores MaxResults and NextToken, whatever their value, and pages by number', async () => {
    const sim = await start(API_LIMITS['2014']);
    const extras: Record<string, string>[] = [
      { MaxResults: '5' },
      { MaxResults: 'abc', NextToken: 'not-a-token' },
      { NextToken: '' },
    ];
    for (const extra of extras) {
      const { status, body } = await json(sim, { Action: 'DescribeSnapshots', ...extra });
      expect([extra, status]).toEqual([extra, 200]);
      expect(body).toMatchObject({ TotalCount: 180, PageNumber: 1, PageSize: 10 });
      expect(body).not.toHaveProperty('NextToken');
      expect((body.Snapshots as { Snapshot: unknown[] }).Snapshot).toHaveLength(10);
    }
  });

  it('the current profile refuses the same malformed MaxResults', async () => {
    const sim = await start();
    const { status, body } = await json(sim, { Action: 'DescribeSnapshots', MaxResults: 'abc' });
    expect([status, body.Code]).toEqual([400, 'InvalidParameter']);
  });
});

describe('single-value filters', () => {
  it('are declared as the SDK models type them: one string each', () => {
    const models = {
      DescribeDisks: [$Ecs.DescribeDisksRequest.types(), DescribeDisks.params, ['instanceId']],
      DescribeSnapshots: [
        $Ecs.DescribeSnapshotsRequest.types(),
        DescribeSnapshots.params,
        ['diskId', 'instanceId'],
      ],
    } as const;
    for (const [action, [types, params, names]] of Object.entries(models)) {
      for (const name of names) {
        const wire = name[0]!.toUpperCase() + name.slice(1);
        const declared = (params as Record<string, { kind: string }>)[wire]?.kind;
        expect([action, name, types[name], declared]).toEqual([action, name, 'string', 'string']);
      }
    }
    // The token parameters too: MaxResults a number, NextToken a string, on all three.
    for (const [types, params] of [
      [$Ecs.DescribeInstancesRequest.types(), DescribeInstances.params],
      [$Ecs.DescribeDisksRequest.types(), DescribeDisks.params],
      [$Ecs.DescribeSnapshotsRequest.types(), DescribeSnapshots.params],
    ] as const) {
      expect([types.maxResults, params.MaxResults.kind, types.nextToken, params.NextToken.kind]).toEqual([
        'number',
        'int',
        'string',
        'string',
      ]);
    }
  });

  it('match one id; a JSON array in their place is an id that names nothing, not a list', async () => {
    const sim = await start();
    const disks = await json(sim, { Action: 'DescribeDisks', PageSize: '100' });
    const disk = (disks.body.Disks as { Disk: { DiskId: string; InstanceId: string }[] }).Disk.find(
      (candidate) => candidate.InstanceId !== '',
    )!;
    const count = async (params: Record<string, string>, list: string, item: string) => {
      const { status, body } = await json(sim, { PageSize: '100', ...params });
      expect(status).toBe(200);
      return (body[list] as Record<string, unknown[]>)[item]!.length;
    };
    expect(await count({ Action: 'DescribeDisks', InstanceId: disk.InstanceId }, 'Disks', 'Disk')).toBe(3);
    expect(await count({ Action: 'DescribeSnapshots', DiskId: disk.DiskId }, 'Snapshots', 'Snapshot')).toBe(
      2,
    );
    expect(
      await count({ Action: 'DescribeSnapshots', InstanceId: disk.InstanceId }, 'Snapshots', 'Snapshot'),
    ).toBe(6);
    const asList = JSON.stringify([disk.DiskId]);
    expect(await count({ Action: 'DescribeSnapshots', DiskId: asList }, 'Snapshots', 'Snapshot')).toBe(0);
    expect(
      await count(
        { Action: 'DescribeDisks', InstanceId: JSON.stringify([disk.InstanceId]) },
        'Disks',
        'Disk',
      ),
    ).toBe(0);
  });
});

describe('@alicloud/ecs20140526 (signature V3) walking by NextToken', () => {
  it('lists every instance, disk and snapshot once, MaxResults at a time', async () => {
    const sim = await start();
    const ecs = ecsClient(sim);
    const walk = async (page: (token: string | undefined) => Promise<{ ids: string[]; next?: string }>) => {
      const ids: string[] = [];
      const tokens: (string | undefined)[] = [];
      let token: string | undefined;
      do {
        const answer = await page(token);
        ids.push(...answer.ids);
        token = answer.next;
        tokens.push(token);
      } while (token);
      return { ids, calls: tokens.length };
    };

    const instances = await walk(async (nextToken) => {
      const { body } = await ecs.describeInstances(
        new $Ecs.DescribeInstancesRequest({ regionId: REGION, maxResults: 10, nextToken }),
      );
      const ids = (body?.instances?.instance ?? []).map((instance) => instance.instanceId!);
      return { ids, next: body?.nextToken };
    });
    const disks = await walk(async (nextToken) => {
      const { body } = await ecs.describeDisks(
        new $Ecs.DescribeDisksRequest({ regionId: REGION, maxResults: 25, nextToken }),
      );
      return { ids: (body?.disks?.disk ?? []).map((disk) => disk.diskId!), next: body?.nextToken };
    });
    const snapshots = await walk(async (nextToken) => {
      const { body } = await ecs.describeSnapshots(
        new $Ecs.DescribeSnapshotsRequest({ regionId: REGION, maxResults: 100, nextToken }),
      );
      return { ids: (body?.snapshots?.snapshot ?? []).map((s) => s.snapshotId!), next: body?.nextToken };
    });

    expect(instances.ids).toEqual(
      await allIds(sim, 'DescribeInstances', 'Instances', 'Instance', 'InstanceId'),
    );
    expect(disks.ids).toEqual(await allIds(sim, 'DescribeDisks', 'Disks', 'Disk', 'DiskId'));
    expect(snapshots.ids).toEqual(
      await allIds(sim, 'DescribeSnapshots', 'Snapshots', 'Snapshot', 'SnapshotId'),
    );
    expect([instances.ids.length, disks.ids.length, snapshots.ids.length]).toEqual([30, 90, 180]);
    expect([instances.calls, disks.calls, snapshots.calls]).toEqual([3, 4, 2]);
  });
});
