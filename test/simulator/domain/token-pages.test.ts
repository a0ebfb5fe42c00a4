import { describe, expect, it } from 'vitest';
import { createSimulatorDomain } from '../../../src/simulator/domain.js';
import type { RegionState } from '../../../src/simulator/store.js';
import { DescribeDisks } from '../../../src/spec/actions/disk-reads.js';
import { DescribeInstances } from '../../../src/spec/actions/instance-reads.js';
import { DescribeSnapshots } from '../../../src/spec/actions/snapshots.js';
import { ACCOUNT, call, expectFailure, failure, REGION } from './helpers.js';

/**
 * NextToken paging of today's ECS in the simulator's domain: DescribeInstances,
 * DescribeDisks and DescribeSnapshots with MaxResults/NextToken, on a manual clock.
 */

const OTHER_REGION = 'cn-shanghai';

/** 120 instances x 5 disks x 1 snapshot in cn-hangzhou, 3 instances in cn-shanghai. */
function estate() {
  return createSimulatorDomain({
    clock: { mode: 'manual' },
    seed: {
      seed: 'tokens',
      regions: [REGION, OTHER_REGION],
      instancesPerRegion: 120,
      disksPerInstance: 5,
      snapshotsPerDisk: 1,
      extras: false,
    },
  });
}

type Domain = ReturnType<typeof estate>;

function region(domain: Domain, regionId = REGION): RegionState {
  return domain.store.account(ACCOUNT).regions.get(regionId)!;
}

const LISTS = [
  {
    action: DescribeInstances,
    map: (state: RegionState) => state.instances,
    ids: (reply: Record<string, unknown>) =>
      (reply.Instances as { InstanceId: string }[]).map((i) => i.InstanceId),
    idField: 'instanceId',
  },
  {
    action: DescribeDisks,
    map: (state: RegionState) => state.disks,
    ids: (reply: Record<string, unknown>) => (reply.Disks as { DiskId: string }[]).map((d) => d.DiskId),
    idField: 'diskId',
  },
  {
    action: DescribeSnapshots,
    map: (state: RegionState) => state.snapshots,
    ids: (reply: Record<string, unknown>) =>
      (reply.Snapshots as { SnapshotId: string }[]).map((s) => s.SnapshotId),
    idField: 'snapshotId',
  },
] as const;

// biome-ignore lint/suspicious/noExplicitAny: one helper calls the three actions with their own inputs.
function list(domain: Domain, action: (typeof LISTS)[number]['action'], input: Record<string, any>) {
  return call(domain, action as typeof DescribeDisks, { RegionId: REGION, ...input }) as Record<
    string,
    unknown
  >;
}

describe('a NextToken walk', () => {
  for (const { action, map, ids, idField } of LISTS) {
    it(`${action.name} hands out every item that exists throughout exactly once while others come and go`, () => {
      const domain = estate();
      const records = map(region(domain)) as unknown as Map<
        string,
        { creationTime: number } & Record<string, unknown>
      >;
      const before = [...records.keys()];
      const deleted = new Set<string>();
      const created: string[] = [];
      const seen: string[] = [];
      let token: string | undefined;
      let calls = 0;
      do {
        const reply = list(domain, action, { MaxResults: 37, ...(token ? { NextToken: token } : {}) });
        const page = ids(reply);
        seen.push(...page);
        token = reply.NextToken as string | undefined;
        calls += 1;
        // Between calls: one item already handed out and one still ahead disappear, two new ones appear.
        const ahead = [...records.keys()].filter((id) => !seen.includes(id));
        for (const id of [page[page.length - 1], ahead[ahead.length - 1]]) {
          if (id === undefined || !records.has(id)) continue;
          records.delete(id);
          deleted.add(id);
        }
        domain.advance(1000);
        for (let n = 0; n < 2; n += 1) {
          const template = records.values().next().value!;
          const id = `${String(template[idField]).slice(0, 2)}new${calls}x${n}`;
          records.set(id, { ...template, [idField]: id, creationTime: domain.clock.now() });
          created.push(id);
        }
        // A walk that starts over never ends: fail it instead of spinning.
        if (calls > 100) throw new Error(`${action.name}: still walking after 100 calls`);
      } while (token !== undefined);

      expect(new Set(seen).size).toBe(seen.length);
      const throughout = before.filter((id) => !deleted.has(id));
      expect(throughout.filter((id) => !seen.includes(id))).toEqual([]);
      expect(seen.filter((id) => !before.includes(id) && !created.includes(id))).toEqual([]);
      // Made after the walk started, newer than every cursor: they come at the end of the walk.
      expect(created.some((id) => seen.includes(id))).toBe(true);
      expect(calls).toBeGreaterThan(3);
    });
  }

  it('answers no NextToken on the last page, and no TotalCount, PageNumber or PageSize in token mode', () => {
    const domain = estate();
    const first = list(domain, DescribeInstances, { MaxResults: 100 });
    // Opaque, URL-safe, and within the 256 characters clients may allow for a token.
    expect(first.NextToken).toMatch(/^[A-Za-z0-9_-]{40,256}$/);
    expect(first).not.toHaveProperty('TotalCount');
    expect(first).not.toHaveProperty('PageNumber');
    expect(first).not.toHaveProperty('PageSize');
    const last = list(domain, DescribeInstances, { MaxResults: 100, NextToken: first.NextToken });
    expect((last.Instances as unknown[]).length).toBe(20);
    expect(last).not.toHaveProperty('NextToken');
    // Exactly a page's worth: the page that empties the list carries no token either.
    expect(list(domain, DescribeInstances, { MaxResults: 100, InstanceIds: [] })).toEqual({ Instances: [] });
  });

  it('takes an empty NextToken as the first call', () => {
    const domain = estate();
    const a = ids(list(domain, DescribeDisks, { NextToken: '' }));
    const b = ids(list(domain, DescribeDisks, { MaxResults: 10 }));
    expect(a).toEqual(b);
    expect(a).toHaveLength(10);
    function ids(reply: Record<string, unknown>) {
      return LISTS[1].ids(reply);
    }
  });

  it('keeps PageNumber/PageSize paging as before when neither MaxResults nor NextToken is given', () => {
    const domain = estate();
    const all = LISTS[0].ids(list(domain, DescribeInstances, { MaxResults: 100 }));
    const page = list(domain, DescribeInstances, { PageNumber: 3, PageSize: 7 });
    expect(page).toMatchObject({ TotalCount: 120, PageNumber: 3, PageSize: 7 });
    expect(page).not.toHaveProperty('NextToken');
    expect(LISTS[0].ids(page)).toEqual(all.slice(14, 21));
    // With MaxResults, PageNumber and PageSize take no effect.
    expect(
      LISTS[0].ids(list(domain, DescribeInstances, { MaxResults: 10, PageNumber: 3, PageSize: 7 })),
    ).toEqual(all.slice(0, 10));
  });
});

describe('MaxResults', () => {
  const count = (reply: Record<string, unknown>, field: string) => (reply[field] as unknown[]).length;

  it('DescribeInstances: below 10 or absent is 10, above 100 is 100', () => {
    const domain = estate();
    for (const [asked, got] of [
      [undefined, 10],
      [-3, 10],
      [0, 10],
      [9, 10],
      [10, 10],
      [57, 57],
      [100, 100],
      [101, 100],
      [100_000, 100],
    ] as const) {
      const input = asked === undefined ? { NextToken: '' } : { MaxResults: asked };
      expect([asked, count(list(domain, DescribeInstances, input), 'Instances')]).toEqual([asked, got]);
    }
  });

  it('DescribeDisks: below 10 or absent is 10, above 500 is 500', () => {
    const domain = estate();
    for (const [asked, got] of [
      [undefined, 10],
      [1, 10],
      [9, 10],
      [499, 499],
      [500, 500],
      [501, 500],
      [5000, 500],
    ] as const) {
      const input = asked === undefined ? { NextToken: '' } : { MaxResults: asked };
      expect([asked, count(list(domain, DescribeDisks, input), 'Disks')]).toEqual([asked, got]);
    }
  });

  it('DescribeSnapshots: absent or below 1 is 10, 1 to 100 as asked, above 100 is 100', () => {
    const domain = estate();
    for (const [asked, got] of [
      [undefined, 10],
      [0, 10],
      [1, 1],
      [5, 5],
      [100, 100],
      [101, 100],
    ] as const) {
      const input = asked === undefined ? { NextToken: '' } : { MaxResults: asked };
      expect([asked, count(list(domain, DescribeSnapshots, input), 'Snapshots')]).toEqual([asked, got]);
    }
  });
});

describe('a refused NextToken: InvalidParameter.NextToken, 400, naming the rule', () => {
  function firstToken(domain: Domain, input: Record<string, unknown> = {}): string {
    const token = list(domain, DescribeInstances, { MaxResults: 10, ...input }).NextToken;
    if (typeof token !== 'string') throw new Error('no NextToken');
    return token;
  }

  it('malformed: made up, truncated, altered, or issued by another simulator', () => {
    const domain = estate();
    const token = firstToken(domain);
    const altered = `${token.slice(0, 20)}${token[20] === 'A' ? 'B' : 'A'}${token.slice(21)}`;
    const foreign = firstToken(estate());
    for (const bad of ['2', 'abc', 'not base64!', token.slice(0, 30), altered, `${token}AA`, foreign]) {
      const error = failure(() => list(domain, DescribeInstances, { MaxResults: 10, NextToken: bad }));
      expect([bad, error.code, error.httpStatus]).toEqual([bad, 'InvalidParameter.NextToken', 400]);
      expect(error.message).toBe(
        'The specified parameter "NextToken" is not valid: it is not a NextToken this API issued.',
      );
    }
  });

  it('issued by another action', () => {
    const domain = estate();
    const error = failure(() => list(domain, DescribeDisks, { NextToken: firstToken(domain) }));
    expect([error.code, error.httpStatus, error.message]).toEqual([
      'InvalidParameter.NextToken',
      400,
      'The specified parameter "NextToken" is not valid: it was issued by DescribeInstances.',
    ]);
  });

  it('issued for another region', () => {
    const domain = estate();
    const token = firstToken(domain);
    const error = failure(() =>
      call(domain, DescribeInstances, { RegionId: OTHER_REGION, MaxResults: 10, NextToken: token }),
    );
    expect([error.code, error.httpStatus, error.message]).toEqual([
      'InvalidParameter.NextToken',
      400,
      'The specified parameter "NextToken" is not valid: it was issued for region cn-hangzhou.',
    ]);
  });

  it('issued for other filters: one added, one dropped, one changed', () => {
    const domain = estate();
    const { zoneId, instanceChargeType } = region(domain).instances.values().next().value!;
    const plain = firstToken(domain);
    const zoned = firstToken(domain, { ZoneId: zoneId, InstanceChargeType: instanceChargeType });
    for (const [token, filters] of [
      [plain, { ZoneId: zoneId }],
      [zoned, {}],
      [zoned, { InstanceChargeType: instanceChargeType }],
      [zoned, { ZoneId: `${zoneId}x`, InstanceChargeType: instanceChargeType }],
      [zoned, { ZoneId: zoneId, InstanceChargeType: instanceChargeType, Tag: [{ Key: 'a' }] }],
    ] as const) {
      expectFailure(
        () => list(domain, DescribeInstances, { MaxResults: 10, NextToken: token, ...filters }),
        'InvalidParameter.NextToken',
        400,
      );
    }
    // The same filters in another order, and another MaxResults, go on.
    expect(
      list(domain, DescribeInstances, {
        InstanceChargeType: instanceChargeType,
        MaxResults: 20,
        NextToken: zoned,
        ZoneId: zoneId,
      }),
    ).toHaveProperty('Instances');
  });

  it('a token stays good after the item it names is deleted, and after a later write', () => {
    const domain = estate();
    const first = list(domain, DescribeInstances, { MaxResults: 10 });
    const firstIds = LISTS[0].ids(first);
    region(domain).instances.delete(firstIds[9]!);
    const second = LISTS[0].ids(
      list(domain, DescribeInstances, { MaxResults: 10, NextToken: first.NextToken }),
    );
    const all = LISTS[0].ids(list(domain, DescribeInstances, { MaxResults: 100 }));
    expect(second).toEqual(all.slice(9, 19));
  });
});
