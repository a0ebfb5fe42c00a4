import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';
import type { AnyAction } from '../../src/spec/action.js';
import { ACTIONS } from '../../src/spec/catalog.js';
import { formatMonitorTime } from '../../src/spec/monitor-common.js';
import type { Shape } from '../../src/spec/shape.js';
import { REGION, signedGet, startSimulator } from './integration-support.js';

/**
 * Every Describe* of the seeded simulator, over HTTP in JSON: each declared list is an
 * array on the wire (checked on the raw body, not through the client's decoder, which
 * would hide a missing one), and every paged action refuses out-of-range paging and
 * malformed id filters with its declared code.
 */

let simulator: Simulator;
let instanceId: string;
let securityGroupId: string;
let runningInstanceId: string;
let diskId: string;
let seededVpc: { VpcId: string; VRouterId: string };
let imageId: string;

beforeAll(async () => {
  simulator = await startSimulator();
  const disks = await described('DescribeDisks', {});
  instanceId = (disks.Disks as { Disk: { InstanceId: string }[] }).Disk.find(
    (disk) => disk.InstanceId,
  )!.InstanceId;
  const instances = await described('DescribeInstances', {});
  runningInstanceId = (
    instances.Instances as { Instance: { InstanceId: string; Status: string }[] }
  ).Instance.find((instance) => instance.Status === 'Running')!.InstanceId;
  diskId = (disks.Disks as { Disk: { DiskId: string; InstanceId: string }[] }).Disk.find(
    (disk) => disk.InstanceId === instanceId,
  )!.DiskId;
  const groups = await described('DescribeSecurityGroups', {});
  securityGroupId = (groups.SecurityGroups as { SecurityGroup: { SecurityGroupId: string }[] })
    .SecurityGroup[0]!.SecurityGroupId;
  const vpcs = await described('DescribeVpcs', {});
  seededVpc = (vpcs.Vpcs as { Vpc: { VpcId: string; VRouterId: string }[] }).Vpc[0]!;
  const images = await described('DescribeImages', { ImageOwnerAlias: 'self' });
  imageId = (images.Images as { Image: { ImageId: string }[] }).Image[0]!.ImageId;
});

/** What a Describe* of one resource needs to name it. */
function named(action: string): Record<string, string> {
  if (action === 'DescribeInstanceAttribute') return { InstanceId: instanceId };
  if (action === 'DescribeSecurityGroupAttribute') return { SecurityGroupId: securityGroupId };
  // The terminal's URL is for a Running instance only.
  if (action === 'DescribeInstanceVncUrl') return { InstanceId: runningInstanceId };
  if (action === 'DescribeInstanceMonitorData') return { InstanceId: instanceId, ...lastMinutes() };
  if (action === 'DescribeDiskMonitorData') return { DiskId: diskId, ...lastMinutes() };
  if (action === 'DescribeVSwitches') return { VpcId: seededVpc.VpcId };
  if (action === 'DescribeRouteTables') return { VRouterId: seededVpc.VRouterId };
  // The seed's custom image: the accounts it is shared with (none).
  if (action === 'DescribeImageSharePermission') return { ImageId: imageId };
  return {};
}

/** The five minutes before the simulator's clock, for the monitoring series. */
function lastMinutes() {
  const end = Math.floor(simulator.domain.clock.now() / 60_000) * 60_000;
  return { StartTime: formatMonitorTime(end - 5 * 60_000), EndTime: formatMonitorTime(end) };
}
afterAll(() => simulator.close());

/** The raw JSON answer of a call that must succeed. */
async function described(action: string, extra: Record<string, string>): Promise<Record<string, unknown>> {
  const answer = await signedGet(simulator, {
    Action: action,
    Format: 'JSON',
    ...regionOf(action),
    ...extra,
  });
  expect(answer.status, `${action}: ${answer.body}`).toBe(200);
  return JSON.parse(answer.body) as Record<string, unknown>;
}

/** The error code and status of a call that must fail. */
async function refusal(action: string, extra: Record<string, string>) {
  const answer = await signedGet(simulator, {
    Action: action,
    Format: 'JSON',
    ...regionOf(action),
    ...extra,
  });
  const body = JSON.parse(answer.body) as { Code?: string; Message?: string };
  return { status: answer.status, code: body.Code, message: body.Message };
}

function regionOf(action: string): Record<string, string> {
  const param = ACTIONS.get(action)?.regionParam;
  return param ? { [param]: REGION } : {};
}

/** Paths of declared lists that are not `{ Item: [...] }` in the JSON body, at every depth. */
function listsNotArrays(shape: Shape, value: unknown, path: string): string[] {
  if (shape.kind === 'list') {
    const items = (value as Record<string, unknown> | undefined)?.[shape.item];
    if (!Array.isArray(items)) return [path];
    return items.flatMap((item, index) => listsNotArrays(shape.of, item, `${path}[${index}]`));
  }
  if (shape.kind !== 'object' || value === undefined) return [];
  const object = value as Record<string, unknown>;
  return Object.entries(shape.fields as Record<string, Shape>).flatMap(([name, field]) =>
    // A scalar or object may be left out; a list never is.
    field.kind === 'list' || object[name] !== undefined
      ? listsNotArrays(field, object[name], `${path}.${name}`)
      : [],
  );
}

// The seed holds no EIP, so DescribeEipMonitorData has nothing to describe here (monitoring.test.ts allocates one).
const describes = [...ACTIONS.values()].filter(
  (action) => action.name.startsWith('Describe') && action.name !== 'DescribeEipMonitorData',
);
const paged = describes.filter((action): action is AnyAction & { page: { list: string } } => !!action.page);

describe('JSON lists of every Describe*', () => {
  it('covers the Describe actions of the registry', () => {
    expect(describes.length).toBeGreaterThanOrEqual(12);
    expect(paged.length).toBeGreaterThanOrEqual(6);
  });

  it.each(describes.map((action) => [action.name, action] as const))(
    '%s writes every declared list as an array, also empty or of one',
    async (name, action) => {
      const body = await described(name, named(name));
      expect(listsNotArrays(action.response, body, name)).toEqual([]);
    },
  );

  it('an empty id filter is an empty array, not a missing list', async () => {
    const body = await described('DescribeDisks', { DiskIds: '[]' });
    expect(body).toMatchObject({ TotalCount: 0, PageNumber: 1, PageSize: 10, Disks: { Disk: [] } });
  });
});

describe('paging and id filters of every paged Describe*', () => {
  it.each(paged.map((action) => [action.name, action] as const))(
    '%s: page 1 of 10 by default; PageNumber 0, PageSize 0 and 51 refused',
    async (name, action) => {
      const body = await described(name, named(name));
      expect(body).toMatchObject({ PageNumber: 1, PageSize: 10, TotalCount: expect.any(Number) });
      const list = (body[action.page.list] as Record<string, unknown[]>) ?? {};
      expect(Object.values(list)[0]?.length ?? 0).toBe(Math.min(10, body.TotalCount as number));

      for (const [param, value, rule] of [
        ['PageNumber', '0', 'PageNumber'],
        ['PageSize', '0', 'an integer from 1 to 50'],
        ['PageSize', '51', 'an integer from 1 to 50'],
      ] as const) {
        const refused = await refusal(name, { ...named(name), [param]: value });
        expect(refused, `${name} ${param}=${value}`).toMatchObject({ status: 400, code: 'InvalidParameter' });
        expect(refused.message).toContain(rule);
      }
    },
  );

  const idFilters = paged.flatMap((action) =>
    Object.entries(action.params)
      .filter(([, spec]) => spec.kind === 'idList')
      .map(([param, spec]) => [`${action.name}.${param}`, action.name, param, spec] as const),
  );

  it.each(idFilters)(
    '%s: not a JSON array, or 11 ids, answers its declared code',
    async (_label, name, param, spec) => {
      const declared = spec as { code?: string; httpStatus?: number };
      const expected = { code: declared.code ?? 'InvalidParameter', status: declared.httpStatus ?? 400 };
      const eleven = JSON.stringify(Array.from({ length: 11 }, (_, index) => `x-${index}`));
      for (const value of ['x-1,x-2', '["x-1",', eleven]) {
        const refused = await refusal(name, { ...named(name), [param]: value });
        expect({ code: refused.code, status: refused.status }, `${param}=${value}`).toEqual(expected);
      }
      expect((await described(name, { [param]: '[]' })).TotalCount).toBe(0);
    },
  );
});
