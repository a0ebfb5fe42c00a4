import * as $Ecs from '@alicloud/ecs20140526';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REALISTIC_DURATIONS as DURATIONS } from '../../src/simulator/clock.js';
import type { Simulator } from '../../src/simulator/index.js';
import { REGION, startSimulator } from './integration-support.js';
import {
  type Body,
  type EcsClient,
  ecsClient,
  genericAcs3,
  type Params,
  popClient,
  runtime,
  type World,
  worldOf,
} from './sdk-support.js';

/**
 * The older instance, disk, snapshot and automatic-snapshot-policy actions through both
 * official SDKs against the whole simulator, one test per action: for each SDK the
 * simulator goes back to its seed, the state the action needs is built with the
 * simulator's own calls, the action goes through the SDK (@alicloud/pop-core's
 * `request`, signature v1; @alicloud/ecs20140526's typed `xxxWithOptions`, ACS3), the
 * decoded answer is checked (for ecs20140526, what its response model kept, under the
 * wire names) and then the state after it, on the manual clock.
 */

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator();
});
afterAll(() => simulator.close());

type Ecs = EcsClient;
type Rt = ReturnType<typeof runtime>;

interface Row<C> {
  readonly action: string;
  /** Builds the state the action needs; what it returns is the test's context. */
  readonly setup: (world: World) => Promise<C>;
  /** The action's parameters for pop-core (RegionId added unless the action spells it `regionId`). */
  readonly pop: (ctx: C) => Params;
  /** The same call through ecs20140526's typed method; absent: the SDK no longer carries it. */
  readonly ecs?: (client: Ecs, ctx: C, rt: Rt) => Promise<{ body?: { toMap(): Body } }>;
  /** What both decoded answers hold, under the wire names. */
  readonly answer: (ctx: C) => Body;
  /** The simulator's state after the call. */
  readonly after: (world: World, ctx: C, answer: Body) => Promise<void>;
}

// Each row keeps its own context type; the table holds them erased.
const row = <C>(definition: Row<C>) => definition as unknown as Row<unknown>;

const DAY_MS = 24 * 3_600_000;
const ANY_REQUEST_ID = { RequestId: expect.stringMatching(/\S/) };

const policyParams = {
  autoSnapshotPolicyName: 'sdk-weekly',
  timePoints: '["1","13"]',
  repeatWeekdays: '["1","7"]',
  retentionDays: 7,
};

async function newPolicy(world: World): Promise<string> {
  const { AutoSnapshotPolicyId } = await world.call('CreateAutoSnapshotPolicy', {
    regionId: REGION,
    ...policyParams,
  });
  return String(AutoSnapshotPolicyId);
}

async function policy(world: World, id: string): Promise<Body | undefined> {
  const page = await world.call('DescribeAutoSnapshotPolicyEx', { AutoSnapshotPolicyId: id });
  return page.AutoSnapshotPolicies.AutoSnapshotPolicy[0];
}

/** A data disk In_use on a Running seeded instance, with that instance. */
async function runningDataDisk(world: World) {
  const running = (await world.instances()).find((instance) => instance.Status === 'Running');
  const [disk] = await world.disks({ InstanceId: String(running?.InstanceId), DiskType: 'data' });
  return { instanceId: String(running?.InstanceId), diskId: String(disk?.DiskId), size: Number(disk?.Size) };
}

/** A seeded Stopped instance, its system disk and that disk's accomplished snapshot. */
async function stoppedSeeded(world: World) {
  const stopped = (await world.instances()).find((instance) => instance.Status === 'Stopped');
  const instanceId = String(stopped?.InstanceId);
  const [system] = await world.disks({ InstanceId: instanceId, DiskType: 'system' });
  const snapshots = await world.call('DescribeSnapshots', { DiskId: String(system?.DiskId) });
  return {
    instanceId,
    imageId: String(stopped?.ImageId),
    diskId: String(system?.DiskId),
    snapshotId: String(snapshots.Snapshots.Snapshot[0]?.SnapshotId),
  };
}

/** A new Available data disk in the zone of the seeded Stopped instance. */
async function availableDisk(world: World) {
  const stopped = (await world.instances()).find((instance) => instance.Status === 'Stopped');
  const { DiskId } = await world.call('CreateDisk', {
    ZoneId: String(stopped?.ZoneId),
    DiskCategory: 'cloud_essd',
    Size: 40,
  });
  world.simulator.advance(DURATIONS.diskCreate);
  return { instanceId: String(stopped?.InstanceId), diskId: String(DiskId) };
}

const statusOf = async (world: World, instanceId: string) => (await world.instance(instanceId)).Status;
const groupsOf = async (world: World, instanceId: string) =>
  (await world.instance(instanceId)).SecurityGroupIds.SecurityGroupId as string[];

const ROWS: Row<unknown>[] = [
  row({
    action: 'CreateAutoSnapshotPolicy',
    setup: async () => undefined,
    pop: () => ({ regionId: REGION, ...policyParams }),
    ecs: (client, _ctx, rt) =>
      client.createAutoSnapshotPolicyWithOptions(
        new $Ecs.CreateAutoSnapshotPolicyRequest({ regionId: REGION, ...policyParams }),
        rt,
      ),
    answer: () => ({ AutoSnapshotPolicyId: expect.stringMatching(/^p-bp1[a-z0-9]{17}$/) }),
    after: async (world, _ctx, answer) => {
      expect(await policy(world, answer.AutoSnapshotPolicyId)).toMatchObject({
        AutoSnapshotPolicyName: 'sdk-weekly',
        TimePoints: '["1","13"]',
        RepeatWeekdays: '["1","7"]',
        RetentionDays: 7,
        DiskNums: 0,
        Status: 'Normal',
      });
    },
  }),
  row({
    action: 'ModifyAutoSnapshotPolicyEx',
    setup: newPolicy,
    pop: (id) => ({
      regionId: REGION,
      autoSnapshotPolicyId: id,
      autoSnapshotPolicyName: 'renamed',
      retentionDays: -1,
    }),
    ecs: (client, id, rt) =>
      client.modifyAutoSnapshotPolicyExWithOptions(
        new $Ecs.ModifyAutoSnapshotPolicyExRequest({
          regionId: REGION,
          autoSnapshotPolicyId: id,
          autoSnapshotPolicyName: 'renamed',
          retentionDays: -1,
        }),
        rt,
      ),
    answer: () => ANY_REQUEST_ID,
    after: async (world, id) => {
      expect(await policy(world, id)).toMatchObject({
        AutoSnapshotPolicyName: 'renamed',
        RetentionDays: -1,
        TimePoints: '["1","13"]',
      });
    },
  }),
  row({
    action: 'DeleteAutoSnapshotPolicy',
    setup: newPolicy,
    pop: (id) => ({ regionId: REGION, autoSnapshotPolicyId: id }),
    ecs: (client, id, rt) =>
      client.deleteAutoSnapshotPolicyWithOptions(
        new $Ecs.DeleteAutoSnapshotPolicyRequest({ regionId: REGION, autoSnapshotPolicyId: id }),
        rt,
      ),
    answer: () => ANY_REQUEST_ID,
    after: async (world, id) => {
      expect(await policy(world, id)).toBeUndefined();
    },
  }),
  row({
    action: 'ApplyAutoSnapshotPolicy',
    setup: async (world) => ({ policyId: await newPolicy(world), ...(await runningDataDisk(world)) }),
    pop: (ctx) => ({
      regionId: REGION,
      autoSnapshotPolicyId: ctx.policyId,
      diskIds: JSON.stringify([ctx.diskId]),
    }),
    ecs: (client, ctx, rt) =>
      client.applyAutoSnapshotPolicyWithOptions(
        new $Ecs.ApplyAutoSnapshotPolicyRequest({
          regionId: REGION,
          autoSnapshotPolicyId: ctx.policyId,
          diskIds: JSON.stringify([ctx.diskId]),
        }),
        rt,
      ),
    answer: () => ANY_REQUEST_ID,
    after: async (world, ctx) => {
      expect((await world.disk(ctx.diskId)).AutoSnapshotPolicyId).toBe(ctx.policyId);
      expect((await policy(world, ctx.policyId))?.DiskNums).toBe(1);
    },
  }),
  row({
    action: 'CancelAutoSnapshotPolicy',
    setup: async (world) => {
      const ctx = { policyId: await newPolicy(world), ...(await runningDataDisk(world)) };
      await world.call('ApplyAutoSnapshotPolicy', {
        regionId: REGION,
        autoSnapshotPolicyId: ctx.policyId,
        diskIds: JSON.stringify([ctx.diskId]),
      });
      return ctx;
    },
    pop: (ctx) => ({ regionId: REGION, diskIds: JSON.stringify([ctx.diskId]) }),
    ecs: (client, ctx, rt) =>
      client.cancelAutoSnapshotPolicyWithOptions(
        new $Ecs.CancelAutoSnapshotPolicyRequest({ regionId: REGION, diskIds: JSON.stringify([ctx.diskId]) }),
        rt,
      ),
    answer: () => ANY_REQUEST_ID,
    after: async (world, ctx) => {
      expect((await world.disk(ctx.diskId)).AutoSnapshotPolicyId).toBe('');
      expect((await policy(world, ctx.policyId))?.DiskNums).toBe(0);
    },
  }),
  row({
    // Today's ECS SDK has no DescribeAutoSnapshotPolicy: the generic call carries it.
    action: 'DescribeAutoSnapshotPolicy',
    setup: async (world) => {
      const before = await world.call('DescribeAutoSnapshotPolicy', {});
      // A day on: the seeded nightly policy has run once more for its one data disk.
      world.simulator.advance(DAY_MS + DURATIONS.snapshotMax);
      return Number(before.AutoSnapshotOccupation);
    },
    pop: () => ({}),
    answer: (before) => ({
      AutoSnapshotOccupation: before + 1,
      AutoSnapshotPolicy: {
        SystemDiskPolicyEnabled: 'false',
        SystemDiskPolicyTimePeriod: 1,
        SystemDiskPolicyRetentionDays: 1,
        SystemDiskPolicyRetentionLastWeek: 'false',
        DataDiskPolicyEnabled: 'false',
        DataDiskPolicyTimePeriod: 1,
        DataDiskPolicyRetentionDays: 1,
        DataDiskPolicyRetentionLastWeek: 'false',
      },
      AutoSnapshotExcutionStatus: { SystemDiskExcutionStatus: 'Standby', DataDiskExcutionStatus: 'Executed' },
    }),
    after: async (world, _before, answer) => {
      // The occupation counts the automatic snapshots the account holds (one seeded region).
      const automatic = await world.call('DescribeSnapshots', { SnapshotType: 'auto', PageSize: 50 });
      expect(answer.AutoSnapshotOccupation).toBe(automatic.TotalCount);
    },
  }),
  row({
    action: 'DescribeAutoSnapshotPolicyEx',
    setup: newPolicy,
    pop: (id) => ({ AutoSnapshotPolicyId: id }),
    ecs: (client, id, rt) =>
      client.describeAutoSnapshotPolicyExWithOptions(
        new $Ecs.DescribeAutoSnapshotPolicyExRequest({ regionId: REGION, autoSnapshotPolicyId: id }),
        rt,
      ),
    answer: (id) => ({
      TotalCount: 1,
      PageNumber: 1,
      PageSize: 10,
      AutoSnapshotPolicies: {
        AutoSnapshotPolicy: [
          expect.objectContaining({
            AutoSnapshotPolicyId: id,
            AutoSnapshotPolicyName: 'sdk-weekly',
            RegionId: REGION,
            TimePoints: '["1","13"]',
            RepeatWeekdays: '["1","7"]',
            RetentionDays: 7,
            DiskNums: 0,
            Status: 'Normal',
          }),
        ],
      },
    }),
    after: async (world) => {
      const all = await world.call('DescribeAutoSnapshotPolicyEx', {});
      expect(all.TotalCount).toBe(2);
    },
  }),
  row({
    action: 'CreateInstance',
    setup: async (world) => {
      const [seeded] = await world.instances();
      return {
        ZoneId: String(seeded?.ZoneId),
        ImageId: String(seeded?.ImageId),
        InstanceType: String(seeded?.InstanceType),
        SecurityGroupId: String(seeded?.SecurityGroupIds.SecurityGroupId[0]),
        VSwitchId: String(seeded?.VpcAttributes.VSwitchId),
      };
    },
    pop: (ctx) => ({ ...ctx, InstanceName: 'sdk-made', ClientToken: 'pop-create' }),
    ecs: (client, ctx, rt) =>
      client.createInstanceWithOptions(
        new $Ecs.CreateInstanceRequest({
          regionId: REGION,
          zoneId: ctx.ZoneId,
          imageId: ctx.ImageId,
          instanceType: ctx.InstanceType,
          securityGroupId: ctx.SecurityGroupId,
          vSwitchId: ctx.VSwitchId,
          instanceName: 'sdk-made',
          clientToken: 'sdk-create',
        }),
        rt,
      ),
    answer: () => ({ InstanceId: expect.stringMatching(/^i-bp1[a-z0-9]{17}$/) }),
    after: async (world, ctx, answer) => {
      expect(await world.instance(answer.InstanceId)).toMatchObject({
        Status: 'Pending',
        InstanceName: 'sdk-made',
        ZoneId: ctx.ZoneId,
        InstanceType: ctx.InstanceType,
      });
      world.simulator.advance(DURATIONS.instanceCreate);
      expect(await statusOf(world, answer.InstanceId)).toBe('Stopped');
    },
  }),
  row({
    action: 'StartInstance',
    setup: (world) => world.stoppedInstance(),
    pop: (id) => ({ InstanceId: id }),
    ecs: (client, id, rt) =>
      client.startInstanceWithOptions(new $Ecs.StartInstanceRequest({ instanceId: id }), rt),
    answer: () => ANY_REQUEST_ID,
    after: async (world, id) => {
      expect(await statusOf(world, id)).toBe('Starting');
      world.simulator.advance(DURATIONS.instanceStart);
      expect(await statusOf(world, id)).toBe('Running');
    },
  }),
  row({
    action: 'RebootInstance',
    setup: async (world) => (await runningDataDisk(world)).instanceId,
    pop: (id) => ({ InstanceId: id }),
    ecs: (client, id, rt) =>
      client.rebootInstanceWithOptions(new $Ecs.RebootInstanceRequest({ instanceId: id }), rt),
    answer: () => ANY_REQUEST_ID,
    after: async (world, id) => {
      expect(await statusOf(world, id)).toBe('Stopping');
      world.simulator.advance(DURATIONS.instanceStop);
      expect(await statusOf(world, id)).toBe('Starting');
      world.simulator.advance(DURATIONS.instanceStart);
      expect(await statusOf(world, id)).toBe('Running');
    },
  }),
  row({
    action: 'DeleteInstance',
    setup: (world) => world.stoppedInstance(),
    pop: (id) => ({ InstanceId: id }),
    ecs: (client, id, rt) =>
      client.deleteInstanceWithOptions(new $Ecs.DeleteInstanceRequest({ instanceId: id }), rt),
    answer: () => ANY_REQUEST_ID,
    after: async (world, id) => {
      expect(await statusOf(world, id)).toBe('Deleted');
      expect(await world.disks({ InstanceId: id })).toEqual([]);
      world.simulator.advance(DURATIONS.instanceDeleted);
      expect((await world.instances()).map((instance) => instance.InstanceId)).not.toContain(id);
    },
  }),
  row({
    action: 'ModifyInstanceAttribute',
    setup: async (world) => (await runningDataDisk(world)).instanceId,
    pop: (id) => ({
      InstanceId: id,
      InstanceName: 'web-2',
      Description: 'renamed by the SDK',
      HostName: 'web2',
    }),
    ecs: (client, id, rt) =>
      client.modifyInstanceAttributeWithOptions(
        new $Ecs.ModifyInstanceAttributeRequest({
          instanceId: id,
          instanceName: 'web-2',
          description: 'renamed by the SDK',
          hostName: 'web2',
        }),
        rt,
      ),
    answer: () => ANY_REQUEST_ID,
    after: async (world, id) => {
      expect(await world.instance(id)).toMatchObject({
        InstanceName: 'web-2',
        Description: 'renamed by the SDK',
        HostName: 'web2',
        Status: 'Running',
      });
    },
  }),
  row({
    action: 'JoinSecurityGroup',
    setup: async (world) => {
      const instanceId = (await runningDataDisk(world)).instanceId;
      const groups = await world.call('DescribeSecurityGroups', {});
      const other = (groups.SecurityGroups.SecurityGroup as Body[]).find(
        (group) => !(group.SecurityGroupName === 'default'),
      );
      return {
        instanceId,
        groupId: String(other?.SecurityGroupId),
        before: await groupsOf(world, instanceId),
      };
    },
    pop: (ctx) => ({ InstanceId: ctx.instanceId, SecurityGroupId: ctx.groupId }),
    ecs: (client, ctx, rt) =>
      client.joinSecurityGroupWithOptions(
        new $Ecs.JoinSecurityGroupRequest({ instanceId: ctx.instanceId, securityGroupId: ctx.groupId }),
        rt,
      ),
    answer: () => ANY_REQUEST_ID,
    after: async (world, ctx) => {
      expect(await groupsOf(world, ctx.instanceId)).toEqual([...ctx.before, ctx.groupId]);
    },
  }),
  row({
    action: 'LeaveSecurityGroup',
    setup: async (world) => {
      const instanceId = (await runningDataDisk(world)).instanceId;
      const before = await groupsOf(world, instanceId);
      const { SecurityGroupId } = await world.call('CreateSecurityGroup', {
        VpcId: String((await world.instance(instanceId)).VpcAttributes.VpcId),
      });
      await world.call('JoinSecurityGroup', {
        InstanceId: instanceId,
        SecurityGroupId: String(SecurityGroupId),
      });
      return { instanceId, groupId: String(SecurityGroupId), before };
    },
    pop: (ctx) => ({ InstanceId: ctx.instanceId, SecurityGroupId: ctx.groupId }),
    ecs: (client, ctx, rt) =>
      client.leaveSecurityGroupWithOptions(
        new $Ecs.LeaveSecurityGroupRequest({ instanceId: ctx.instanceId, securityGroupId: ctx.groupId }),
        rt,
      ),
    answer: () => ANY_REQUEST_ID,
    after: async (world, ctx) => {
      expect(await groupsOf(world, ctx.instanceId)).toEqual(ctx.before);
    },
  }),
  row({
    action: 'DescribeInstanceStatus',
    setup: async (world) => {
      const created = await world.stoppedInstance();
      const instances = await world.instances();
      return { created, statuses: instances.map((i) => ({ InstanceId: i.InstanceId, Status: i.Status })) };
    },
    pop: () => ({ PageSize: 2, PageNumber: 2 }),
    ecs: (client, _ctx, rt) =>
      client.describeInstanceStatusWithOptions(
        new $Ecs.DescribeInstanceStatusRequest({ regionId: REGION, pageSize: 2, pageNumber: 2 }),
        rt,
      ),
    answer: (ctx) => ({
      TotalCount: 4,
      PageNumber: 2,
      PageSize: 2,
      InstanceStatuses: { InstanceStatus: ctx.statuses.slice(2) },
    }),
    after: async (world, ctx) => {
      expect(await statusOf(world, ctx.created)).toBe('Stopped');
    },
  }),
  row({
    action: 'DescribeInstanceTypes',
    setup: async (world) => String((await world.instances())[0]?.InstanceType),
    pop: () => ({ InstanceTypeFamily: 'ecs.g7' }),
    ecs: (client, _ctx, rt) =>
      client.describeInstanceTypesWithOptions(
        new $Ecs.DescribeInstanceTypesRequest({ instanceTypeFamily: 'ecs.g7' }),
        rt,
      ),
    answer: () => ({
      InstanceTypes: {
        InstanceType: expect.arrayContaining([
          expect.objectContaining({
            InstanceTypeId: 'ecs.g7.large',
            CpuCoreCount: 2,
            MemorySize: 8,
            InstanceTypeFamily: 'ecs.g7',
          }),
        ]),
      },
    }),
    after: async (world, seededType, answer) => {
      const types = answer.InstanceTypes.InstanceType as Body[];
      expect(types.every((type) => type.InstanceTypeFamily === 'ecs.g7')).toBe(true);
      const all = await world.call('DescribeInstanceTypes', {});
      expect((all.InstanceTypes.InstanceType as Body[]).map((type) => type.InstanceTypeId)).toContain(
        seededType,
      );
    },
  }),
  row({
    action: 'CreateDisk',
    setup: async (world) => String((await world.instances())[0]?.ZoneId),
    pop: (zoneId) => ({
      ZoneId: zoneId,
      DiskName: 'logs',
      DiskCategory: 'cloud_essd',
      Size: 60,
      ClientToken: 'pop',
    }),
    ecs: (client, zoneId, rt) =>
      client.createDiskWithOptions(
        new $Ecs.CreateDiskRequest({
          regionId: REGION,
          zoneId,
          diskName: 'logs',
          diskCategory: 'cloud_essd',
          size: 60,
          clientToken: 'sdk',
        }),
        rt,
      ),
    answer: () => ({ DiskId: expect.stringMatching(/^d-bp1[a-z0-9]{17}$/) }),
    after: async (world, zoneId, answer) => {
      expect(await world.disk(answer.DiskId)).toMatchObject({
        Status: 'Creating',
        DiskName: 'logs',
        Size: 60,
        Category: 'cloud_essd',
        ZoneId: zoneId,
        Type: 'data',
      });
      world.simulator.advance(DURATIONS.diskCreate);
      expect((await world.disk(answer.DiskId)).Status).toBe('Available');
    },
  }),
  row({
    action: 'AttachDisk',
    setup: availableDisk,
    pop: (ctx) => ({ InstanceId: ctx.instanceId, DiskId: ctx.diskId }),
    ecs: (client, ctx, rt) =>
      client.attachDiskWithOptions(
        new $Ecs.AttachDiskRequest({ instanceId: ctx.instanceId, diskId: ctx.diskId }),
        rt,
      ),
    answer: () => ANY_REQUEST_ID,
    after: async (world, ctx) => {
      expect((await world.disk(ctx.diskId)).Status).toBe('Attaching');
      world.simulator.advance(DURATIONS.diskAttach);
      expect(await world.disk(ctx.diskId)).toMatchObject({ Status: 'In_use', InstanceId: ctx.instanceId });
    },
  }),
  row({
    action: 'DetachDisk',
    setup: runningDataDisk,
    pop: (ctx) => ({ InstanceId: ctx.instanceId, DiskId: ctx.diskId }),
    ecs: (client, ctx, rt) =>
      client.detachDiskWithOptions(
        new $Ecs.DetachDiskRequest({ instanceId: ctx.instanceId, diskId: ctx.diskId }),
        rt,
      ),
    answer: () => ANY_REQUEST_ID,
    after: async (world, ctx) => {
      expect((await world.disk(ctx.diskId)).Status).toBe('Detaching');
      world.simulator.advance(DURATIONS.diskDetach);
      expect(await world.disk(ctx.diskId)).toMatchObject({ Status: 'Available', InstanceId: '' });
    },
  }),
  row({
    action: 'DeleteDisk',
    setup: availableDisk,
    pop: (ctx) => ({ DiskId: ctx.diskId }),
    ecs: (client, ctx, rt) =>
      client.deleteDiskWithOptions(new $Ecs.DeleteDiskRequest({ diskId: ctx.diskId }), rt),
    answer: () => ANY_REQUEST_ID,
    after: async (world, ctx) => {
      expect(await world.disks({ DiskIds: JSON.stringify([ctx.diskId]) })).toEqual([]);
    },
  }),
  row({
    action: 'ModifyDiskAttribute',
    setup: runningDataDisk,
    pop: (ctx) => ({
      DiskId: ctx.diskId,
      DiskName: 'data-2',
      Description: 'kept',
      DeleteWithInstance: false,
    }),
    ecs: (client, ctx, rt) =>
      client.modifyDiskAttributeWithOptions(
        new $Ecs.ModifyDiskAttributeRequest({
          diskId: ctx.diskId,
          diskName: 'data-2',
          description: 'kept',
          deleteWithInstance: false,
        }),
        rt,
      ),
    answer: () => ANY_REQUEST_ID,
    after: async (world, ctx) => {
      expect(await world.disk(ctx.diskId)).toMatchObject({
        DiskName: 'data-2',
        Description: 'kept',
        DeleteWithInstance: false,
      });
    },
  }),
  row({
    action: 'ResizeDisk',
    setup: runningDataDisk,
    pop: (ctx) => ({ DiskId: ctx.diskId, NewSize: ctx.size + 20 }),
    ecs: (client, ctx, rt) =>
      client.resizeDiskWithOptions(
        new $Ecs.ResizeDiskRequest({ diskId: ctx.diskId, newSize: ctx.size + 20 }),
        rt,
      ),
    answer: () => ANY_REQUEST_ID,
    after: async (world, ctx) => {
      expect((await world.disk(ctx.diskId)).Size).toBe(ctx.size + 20);
    },
  }),
  row({
    action: 'ReInitDisk',
    setup: stoppedSeeded,
    pop: (ctx) => ({ DiskId: ctx.diskId }),
    ecs: (client, ctx, rt) =>
      client.reInitDiskWithOptions(new $Ecs.ReInitDiskRequest({ diskId: ctx.diskId }), rt),
    answer: () => ANY_REQUEST_ID,
    after: async (world, ctx) => {
      expect((await world.disk(ctx.diskId)).Status).toBe('ReIniting');
      world.simulator.advance(DURATIONS.diskReInit);
      expect(await world.disk(ctx.diskId)).toMatchObject({ Status: 'In_use', InstanceId: ctx.instanceId });
    },
  }),
  row({
    action: 'ResetDisk',
    setup: stoppedSeeded,
    pop: (ctx) => ({ DiskId: ctx.diskId, SnapshotId: ctx.snapshotId }),
    ecs: (client, ctx, rt) =>
      client.resetDiskWithOptions(
        new $Ecs.ResetDiskRequest({ diskId: ctx.diskId, snapshotId: ctx.snapshotId }),
        rt,
      ),
    answer: () => ANY_REQUEST_ID,
    after: async (world, ctx) => {
      expect((await world.disk(ctx.diskId)).Status).toBe('ReIniting');
      world.simulator.advance(DURATIONS.diskReInit);
      expect(await world.disk(ctx.diskId)).toMatchObject({ Status: 'In_use', InstanceId: ctx.instanceId });
    },
  }),
  row({
    action: 'ReplaceSystemDisk',
    setup: stoppedSeeded,
    pop: (ctx) => ({ InstanceId: ctx.instanceId, ImageId: ctx.imageId, ClientToken: 'pop' }),
    ecs: (client, ctx, rt) =>
      client.replaceSystemDiskWithOptions(
        new $Ecs.ReplaceSystemDiskRequest({
          instanceId: ctx.instanceId,
          imageId: ctx.imageId,
          clientToken: 'sdk',
        }),
        rt,
      ),
    answer: () => ({ DiskId: expect.stringMatching(/^d-bp1[a-z0-9]{17}$/) }),
    after: async (world, ctx, answer) => {
      const [system] = await world.disks({ InstanceId: ctx.instanceId, DiskType: 'system' });
      expect(system).toMatchObject({ DiskId: answer.DiskId, Status: 'In_use' });
      expect(answer.DiskId).not.toBe(ctx.diskId);
      expect(await world.disks({ DiskIds: JSON.stringify([ctx.diskId]) })).toEqual([]);
    },
  }),
  row({
    action: 'DeleteSnapshot',
    setup: async (world) => {
      const { diskId } = await runningDataDisk(world);
      const { SnapshotId } = await world.call('CreateSnapshot', { DiskId: diskId });
      world.simulator.advance(DURATIONS.snapshotMax);
      const before = await world.call('DescribeSnapshots', { DiskId: diskId });
      return { diskId, snapshotId: String(SnapshotId), count: Number(before.TotalCount) };
    },
    pop: (ctx) => ({ SnapshotId: ctx.snapshotId }),
    ecs: (client, ctx, rt) =>
      client.deleteSnapshotWithOptions(new $Ecs.DeleteSnapshotRequest({ snapshotId: ctx.snapshotId }), rt),
    answer: () => ANY_REQUEST_ID,
    after: async (world, ctx) => {
      const left = await world.call('DescribeSnapshots', { DiskId: ctx.diskId });
      expect((left.Snapshots.Snapshot as Body[]).map((snapshot) => snapshot.SnapshotId)).not.toContain(
        ctx.snapshotId,
      );
      expect(left.TotalCount).toBe(ctx.count - 1);
    },
  }),
];

/** The action through one SDK: its decoded answer under the wire names. */
type Sdk = (row: Row<unknown>, ctx: unknown) => Promise<Body>;

const SDKS: ReadonlyArray<readonly [string, Sdk]> = [
  [
    '@alicloud/pop-core (signature v1)',
    async (row, ctx) => {
      const params = row.pop(ctx);
      const regional = 'regionId' in params ? params : { RegionId: REGION, ...params };
      return (await popClient(simulator).request(row.action, regional, { method: 'POST' })) as Body;
    },
  ],
  [
    '@alicloud/ecs20140526 (ACS3-HMAC-SHA256)',
    async (row, ctx) => {
      if (!row.ecs) return genericAcs3(simulator, row.action, { RegionId: REGION, ...row.pop(ctx) });
      const response = await row.ecs(ecsClient(simulator), ctx, runtime());
      if (!response.body) throw new Error(`${row.action}: no body decoded`);
      return response.body.toMap();
    },
  ],
];

describe('the older ECS actions through both official SDKs', () => {
  it('covers 26 actions, each once', () => {
    expect(new Set(ROWS.map((r) => r.action)).size).toBe(26);
  });

  it.each(ROWS.map((r) => [r.action, r] as const))('%s', async (_action, r) => {
    for (const [name, sdk] of SDKS) {
      simulator.reset();
      const world = worldOf(simulator);
      const ctx = await r.setup(world);
      const answer = await sdk(r, ctx).catch((error: unknown) => {
        throw new Error(`${r.action} through ${name} failed`, { cause: error });
      });
      expect(answer, name).toMatchObject({ ...ANY_REQUEST_ID, ...r.answer(ctx) });
      await r.after(world, ctx, answer);
    }
  });
});
