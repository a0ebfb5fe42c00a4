import RPCClient from '@alicloud/pop-core';
import { createLimit } from './concurrency.js';
import { BENCH_ACCOUNT } from './estate.js';
import type { CallRecorder } from './rounds.js';

/**
 * The nested question (instances → disks → snapshots) answered the way a user would
 * with the official SDK, @alicloud/pop-core: list the instances, then each instance's
 * disks, then each disk's snapshots, paging every list to its TotalCount.
 */

const PAGE_SIZE = 50;

interface Page {
  readonly TotalCount: number;
  readonly [list: string]: unknown;
}

export interface EstateTree {
  readonly instances: number;
  readonly disks: number;
  readonly snapshots: number;
}

export type Request = (action: string, params: Record<string, string | number>) => Promise<Page>;

/** A pop-core client of the simulator; `recorder` sees every call's interval. */
export function popCoreRequest(endpoint: string, recorder?: CallRecorder): Request {
  const client = new RPCClient({
    accessKeyId: BENCH_ACCOUNT.accessKeyId,
    accessKeySecret: BENCH_ACCOUNT.accessKeySecret,
    endpoint,
    apiVersion: '2014-05-26',
  });
  const request = (action: string, params: Record<string, string | number>) =>
    client.request<Page>(action, params, { method: 'GET' });
  return recorder ? (action, params) => recorder.record(() => request(action, params)) : request;
}

/** pop-core's JSON: `{"Disks": {"Disk": [...]}}`. */
function items(page: Page, list: string, item: string): Array<Record<string, unknown>> {
  const wrapper = page[list] as Record<string, unknown> | undefined;
  return (wrapper?.[item] as Array<Record<string, unknown>> | undefined) ?? [];
}

async function listAll(
  request: Request,
  action: string,
  params: Record<string, string>,
  [list, item]: readonly [string, string],
): Promise<Array<Record<string, unknown>>> {
  const all: Array<Record<string, unknown>> = [];
  for (let pageNumber = 1; ; pageNumber++) {
    const page = await request(action, { ...params, PageNumber: pageNumber, PageSize: PAGE_SIZE });
    const found = items(page, list, item);
    all.push(...found);
    if (found.length === 0 || all.length >= page.TotalCount) return all;
  }
}

const DISKS = ['Disks', 'Disk'] as const;
const SNAPSHOTS = ['Snapshots', 'Snapshot'] as const;

async function firstInstances(request: Request, regionId: string, size: number) {
  const page = await request('DescribeInstances', { RegionId: regionId, PageNumber: 1, PageSize: size });
  return items(page, 'Instances', 'Instance').map((instance) => String(instance.InstanceId));
}

/** One call after another. */
export async function sequentialScript(
  request: Request,
  regionId: string,
  size: number,
): Promise<EstateTree> {
  const tree = { instances: 0, disks: 0, snapshots: 0 };
  for (const instanceId of await firstInstances(request, regionId, size)) {
    tree.instances += 1;
    for (const disk of await listAll(
      request,
      'DescribeDisks',
      { RegionId: regionId, InstanceId: instanceId },
      DISKS,
    )) {
      tree.disks += 1;
      const diskId = String(disk.DiskId);
      tree.snapshots += (
        await listAll(request, 'DescribeSnapshots', { RegionId: regionId, DiskId: diskId }, SNAPSHOTS)
      ).length;
    }
  }
  return tree;
}

/** Every independent call at once through Promise.all, at most `concurrency` in flight. */
export async function parallelScript(
  request: Request,
  regionId: string,
  size: number,
  concurrency: number,
): Promise<EstateTree> {
  const limit = createLimit(concurrency);
  const limited: Request = (action, params) => limit(() => request(action, params));
  const instanceIds = await firstInstances(limited, regionId, size);
  const perInstance = await Promise.all(
    instanceIds.map(async (instanceId) => {
      const disks = await listAll(
        limited,
        'DescribeDisks',
        { RegionId: regionId, InstanceId: instanceId },
        DISKS,
      );
      const snapshots = await Promise.all(
        disks.map((disk) =>
          listAll(
            limited,
            'DescribeSnapshots',
            { RegionId: regionId, DiskId: String(disk.DiskId) },
            SNAPSHOTS,
          ),
        ),
      );
      return { disks: disks.length, snapshots: snapshots.reduce((sum, list) => sum + list.length, 0) };
    }),
  );
  return {
    instances: instanceIds.length,
    disks: perInstance.reduce((sum, one) => sum + one.disks, 0),
    snapshots: perInstance.reduce((sum, one) => sum + one.snapshots, 0),
  };
}
