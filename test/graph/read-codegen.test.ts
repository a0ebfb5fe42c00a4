import { describe, expect, it } from 'vitest';
import { InstancesDisksSnapshotsDocument } from '../../client/graphql.js';
import { DescribeDisks } from '../../src/spec/actions/disk-reads.js';
import { DescribeInstances } from '../../src/spec/actions/instance-reads.js';
import { DescribeSnapshots } from '../../src/spec/actions/snapshots.js';
import { listingAnswer } from './support/fake-ecs.js';
import { executeDocument, regionGateway } from './support/gateway.js';

const REGION = { RegionId: (item: Record<string, string>) => item.RegionId };

describe('the generated nested document', () => {
  it('runs with typed variables and a typed result', async () => {
    const { gateway, ecs } = regionGateway();
    ecs
      .answer(
        DescribeInstances,
        listingAnswer(
          [{ InstanceId: 'i-1', InstanceName: 'web', Status: 'Running', RegionId: 'cn-qingdao' }],
          {
            list: 'Instances',
            idsParam: 'InstanceIds',
            idOf: (item) => item.InstanceId,
            filters: REGION,
          },
        ),
      )
      .answer(
        DescribeDisks,
        listingAnswer(
          [{ DiskId: 'd-1', InstanceId: 'i-1', Type: 'system', Size: '40', RegionId: 'cn-qingdao' }],
          {
            list: 'Disks',
            idsParam: 'DiskIds',
            idOf: (item) => item.DiskId,
            filters: { ...REGION, InstanceId: (item) => item.InstanceId },
          },
        ),
      )
      .answer(
        DescribeSnapshots,
        listingAnswer([{ SnapshotId: 's-1', SourceDiskId: 'd-1', Progress: '7%', RegionId: 'cn-qingdao' }], {
          list: 'Snapshots',
          idsParam: 'SnapshotIds',
          idOf: (item) => item.SnapshotId,
          filters: { ...REGION, DiskId: (item) => item.SourceDiskId },
        }),
      );
    const result = await executeDocument(gateway, InstancesDisksSnapshotsDocument, {
      regionId: 'cn-qingdao',
    });
    expect(result.errors).toBeUndefined();
    const instance = result.data?.instances?.nodes[0];
    const snapshot = instance?.disks?.nodes[0]?.snapshots?.nodes[0];
    expect([instance?.name, instance?.status, snapshot?.id, snapshot?.progress]).toEqual([
      'web',
      'RUNNING',
      's-1',
      7,
    ]);
    // The page asks for 5 instances, so the region's first page of snapshots goes with it
    // (nothing bounds them to prove it needless); one instance came back: its disks are
    // fetched directly, and that first page, the whole region, holds its disk's snapshots.
    expect(ecs.calls.map((call) => [call.action, call.input])).toEqual([
      ['DescribeInstances', { RegionId: 'cn-qingdao', PageNumber: 1, PageSize: 5 }],
      ['DescribeSnapshots', { RegionId: 'cn-qingdao', PageNumber: 1, PageSize: 50 }],
      ['DescribeDisks', { RegionId: 'cn-qingdao', InstanceId: 'i-1', PageNumber: 1, PageSize: 50 }],
    ]);
  });
});
