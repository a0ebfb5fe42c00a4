import { describe, expect, it } from 'vitest';
import { DescribeDisks } from '../../src/ecs/actions/disks.js';
import { DescribeInstances } from '../../src/ecs/actions/instances.js';
import { DescribeSnapshots } from '../../src/ecs/actions/snapshots.js';
import { InstancesDisksSnapshotsDocument } from '../generated/graphql.js';
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
    // One instance: its disks and its disk's snapshots are fetched directly, one call each.
    expect(ecs.actions()).toEqual(['DescribeInstances', 'DescribeDisks', 'DescribeSnapshots']);
  });
});
