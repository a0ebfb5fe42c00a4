import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small ECS of its own on 127.0.0.1:0, independent of the simulator, answering
 * DescribeInstances, DescribeDisks and DescribeSnapshots from fixed lists in JSON. It
 * pages by number (PageNumber/PageSize) and, under `current`, by token: MaxResults
 * within each action's range and an opaque NextToken while more items follow. A token
 * is good once, for the listing (action, region, filter) that issued it: a reused,
 * foreign, stale or made-up one is refused, and so is a call mixing both ways of paging.
 * Under `2014` it knows no MaxResults or NextToken at all. It records every call's
 * parameters, signature and public parameters left out.
 */

export interface InstanceRow {
  readonly InstanceId: string;
  readonly RegionId: string;
}
export interface DiskRow {
  readonly DiskId: string;
  readonly RegionId: string;
  readonly InstanceId: string;
}
export interface SnapshotRow {
  readonly SnapshotId: string;
  readonly RegionId: string;
  readonly SourceDiskId: string;
}

export interface TokenEcsEstate {
  readonly instances: readonly InstanceRow[];
  readonly disks: readonly DiskRow[];
  readonly snapshots: readonly SnapshotRow[];
}

export interface TokenEcsOptions {
  readonly profile: '2014' | 'current';
  /** How the last page of a token walk says so: no NextToken (default), or an empty one. */
  readonly lastToken?: 'absent' | 'empty';
}

export interface RecordedCall {
  readonly action: string;
  readonly params: Readonly<Record<string, string>>;
}

export interface TokenEcs {
  readonly url: string;
  readonly calls: RecordedCall[];
  /** Tokens handed out so far, in order. */
  readonly issued: string[];
  close(): Promise<void>;
}

/** Public parameters of every signed call: not what a test asserts. */
const PUBLIC = new Set([
  'Action',
  'Format',
  'Version',
  'AccessKeyId',
  'Signature',
  'SignatureMethod',
  'SignatureVersion',
  'SignatureNonce',
  'Timestamp',
  'SecurityToken',
]);

/** MaxResults ranges as the issue gives them for today's ECS; PageSize is 1..100 under current, 1..50 under 2014. */
const LISTINGS = {
  DescribeInstances: { list: ['Instances', 'Instance'], min: 1, max: 100 },
  DescribeDisks: { list: ['Disks', 'Disk'], min: 10, max: 500 },
  DescribeSnapshots: { list: ['Snapshots', 'Snapshot'], min: 1, max: 100 },
} as const;

type ListingName = keyof typeof LISTINGS;

class Refusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface IssuedToken {
  readonly walk: string;
  readonly offset: number;
  used: boolean;
}

export async function startTokenEcs(estate: TokenEcsEstate, options: TokenEcsOptions): Promise<TokenEcs> {
  const calls: RecordedCall[] = [];
  const issued: string[] = [];
  const tokens = new Map<string, IssuedToken>();

  function filtered(action: ListingName, params: Record<string, string>): readonly object[] {
    const region = (row: { RegionId: string }) => row.RegionId === params.RegionId;
    const ids = (name: string) =>
      params[name] === undefined ? undefined : (JSON.parse(params[name]) as string[]);
    const known = new Set(['RegionId', 'PageNumber', 'PageSize', 'MaxResults', 'NextToken']);
    const filters: Record<ListingName, string[]> = {
      DescribeInstances: ['InstanceIds'],
      DescribeDisks: ['InstanceId', 'DiskIds'],
      DescribeSnapshots: ['DiskId', 'InstanceId', 'SnapshotIds'],
    };
    for (const name of Object.keys(params))
      if (!known.has(name) && !filters[action].includes(name))
        throw new Refusal('InvalidParameter', `${action} takes no ${name} here.`);
    if (action === 'DescribeInstances') {
      const wanted = ids('InstanceIds');
      return estate.instances.filter((row) => region(row) && (!wanted || wanted.includes(row.InstanceId)));
    }
    if (action === 'DescribeDisks') {
      const wanted = ids('DiskIds');
      return estate.disks.filter(
        (row) =>
          region(row) &&
          (!wanted || wanted.includes(row.DiskId)) &&
          (params.InstanceId === undefined || row.InstanceId === params.InstanceId),
      );
    }
    const wanted = ids('SnapshotIds');
    const instanceOf = new Map(estate.disks.map((disk) => [disk.DiskId, disk.InstanceId]));
    return estate.snapshots.filter(
      (row) =>
        region(row) &&
        (!wanted || wanted.includes(row.SnapshotId)) &&
        (params.DiskId === undefined || row.SourceDiskId === params.DiskId) &&
        (params.InstanceId === undefined || instanceOf.get(row.SourceDiskId) === params.InstanceId),
    );
  }

  function answer(action: ListingName, params: Record<string, string>): Record<string, unknown> {
    const spec = LISTINGS[action];
    const byToken = params.MaxResults !== undefined || params.NextToken !== undefined;
    if (byToken && options.profile === '2014')
      throw new Refusal('InvalidParameter', 'The 2014 API takes no MaxResults or NextToken.');
    if (byToken && (params.PageNumber !== undefined || params.PageSize !== undefined))
      throw new Refusal('InvalidParameter', 'Page by number or by token, not both.');
    const items = filtered(action, params);
    const { NextToken: _token, MaxResults: _max, PageNumber: _number, PageSize: _size, ...filter } = params;
    const walk = JSON.stringify([action, filter]);
    const wrap = (page: readonly object[]) => ({ [spec.list[0]]: { [spec.list[1]]: page } });
    if (!byToken) {
      const number = Number(params.PageNumber ?? 1);
      const size = Number(params.PageSize ?? 10);
      if (!(size >= 1 && size <= (options.profile === 'current' ? 100 : 50)))
        throw new Refusal('InvalidParameter.PageSize', `PageSize ${size} is out of range.`);
      const start = (number - 1) * size;
      return {
        TotalCount: items.length,
        PageNumber: number,
        PageSize: size,
        ...wrap(items.slice(start, start + size)),
      };
    }
    const max = Number(params.MaxResults ?? 10);
    if (!Number.isInteger(max) || max < spec.min)
      throw new Refusal('InvalidParameter.MaxResults', `MaxResults must be at least ${spec.min}.`);
    let offset = 0;
    if (params.NextToken !== undefined) {
      const token = tokens.get(params.NextToken);
      if (!token) throw new Refusal('InvalidNextToken.Malformed', 'The NextToken was not issued.');
      if (token.walk !== walk)
        throw new Refusal('InvalidNextToken.Foreign', 'The NextToken belongs to another listing.');
      if (token.used) throw new Refusal('InvalidNextToken.Reused', 'The NextToken was used already.');
      token.used = true;
      offset = token.offset;
    }
    const end = offset + Math.min(max, spec.max);
    const body: Record<string, unknown> = {
      TotalCount: items.length,
      MaxResults: Math.min(max, spec.max),
      ...wrap(items.slice(offset, end)),
    };
    if (end < items.length) {
      const next = randomBytes(12).toString('base64url');
      tokens.set(next, { walk, offset: end, used: false });
      issued.push(next);
      body.NextToken = next;
    } else if (options.lastToken === 'empty') body.NextToken = '';
    return body;
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const all = new URLSearchParams(url.search);
    for (const [name, value] of new URLSearchParams(Buffer.concat(chunks).toString('utf8')))
      all.set(name, value);
    const action = all.get('Action') ?? '';
    const params = Object.fromEntries([...all].filter(([name]) => !PUBLIC.has(name)));
    calls.push({ action, params });
    const requestId = randomBytes(8).toString('hex');
    let status = 200;
    let body: Record<string, unknown>;
    try {
      if (!(action in LISTINGS)) throw new Refusal('InvalidAction.NotFound', `${action} is not served here.`);
      body = { ...answer(action as ListingName, params), RequestId: requestId };
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      status = 400;
      body = { Code: error.code, Message: error.message, RequestId: requestId };
    }
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    issued,
    close: () =>
      new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

/** An estate of `instances` instances with `disks` disks each and `snapshots` snapshots a disk, in one region. */
export function tokenEstate(
  regionId: string,
  sizes: { readonly instances: number; readonly disks: number; readonly snapshots: number },
): TokenEcsEstate {
  const pad = (n: number) => String(n).padStart(4, '0');
  const instances: InstanceRow[] = [];
  const disks: DiskRow[] = [];
  const snapshots: SnapshotRow[] = [];
  for (let i = 1; i <= sizes.instances; i++) {
    const InstanceId = `i-${pad(i)}`;
    instances.push({ InstanceId, RegionId: regionId });
    for (let d = 1; d <= sizes.disks; d++) {
      const DiskId = `d-${pad(i)}-${d}`;
      disks.push({ DiskId, RegionId: regionId, InstanceId });
      for (let s = 1; s <= sizes.snapshots; s++)
        snapshots.push({ SnapshotId: `s-${pad(i)}-${d}-${s}`, RegionId: regionId, SourceDiskId: DiskId });
    }
  }
  return { instances, disks, snapshots };
}
