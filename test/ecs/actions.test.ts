import { describe, expect, expectTypeOf, it } from 'vitest';
import { encodeParams } from '../../src/ecs/encode-params.js';
import { parseParams, WireParamError } from '../../src/simulator/parse-params.js';
import {
  type ActionErrorCode,
  type ActionInput,
  type ActionResult,
  type AnyAction,
  documentedError,
} from '../../src/spec/action.js';
import * as autoSnapshotPolicies from '../../src/spec/actions/auto-snapshot-policies.js';
import * as eips from '../../src/spec/actions/eips.js';
import * as imageShares from '../../src/spec/actions/image-shares.js';
import * as imageWrites from '../../src/spec/actions/image-writes.js';
import * as images from '../../src/spec/actions/images.js';
import * as disks from '../../src/spec/actions/index.js';
import * as instances from '../../src/spec/actions/index.js';
import * as snapshots from '../../src/spec/actions/index.js';
import * as network from '../../src/spec/actions/index.js';
import * as instanceTypes from '../../src/spec/actions/instance-types.js';
import * as monitoring from '../../src/spec/actions/monitoring.js';
import * as regions from '../../src/spec/actions/regions.js';
import * as securityGroupRules from '../../src/spec/actions/security-group-rules.js';
import * as securityGroups from '../../src/spec/actions/security-groups.js';
import { ACTIONS, ALL_ACTIONS } from '../../src/spec/catalog.js';
import { API_LIMITS } from '../../src/spec/limits.js';
import { checkParams } from '../../src/spec/param-checks.js';
import type { Param, Params } from '../../src/spec/params.js';

const limits = API_LIMITS['2014'];

const PRODUCT_ACTIONS = [
  'DescribeRegions',
  'DescribeZones',
  'DescribeInstances',
  'DescribeInstanceAttribute',
  'DescribeInstanceStatus',
  'DescribeInstanceVncUrl',
  'ModifyInstanceVncPasswd',
  'DescribeDisks',
  'DescribeSnapshots',
  'DescribeAutoSnapshotPolicy',
  'DescribeImages',
  'DescribeSecurityGroups',
  'DescribeSecurityGroupAttribute',
  'CreateSecurityGroup',
  'ModifySecurityGroupAttribute',
  'DeleteSecurityGroup',
  'AuthorizeSecurityGroup',
  'RevokeSecurityGroup',
  'AuthorizeSecurityGroupEgress',
  'RevokeSecurityGroupEgress',
  'DescribeInstanceTypes',
  'CreateInstance',
  'StartInstance',
  'StopInstance',
  'RebootInstance',
  'ModifyInstanceAttribute',
  'DeleteInstance',
  'JoinSecurityGroup',
  'LeaveSecurityGroup',
  'CreateDisk',
  'AttachDisk',
  'DetachDisk',
  'ModifyDiskAttribute',
  'DeleteDisk',
  'ReInitDisk',
  'ResetDisk',
  'ResizeDisk',
  'ReplaceSystemDisk',
  'CreateSnapshot',
  'DeleteSnapshot',
  'CreateAutoSnapshotPolicy',
  'ModifyAutoSnapshotPolicyEx',
  'DeleteAutoSnapshotPolicy',
  'ApplyAutoSnapshotPolicy',
  'CancelAutoSnapshotPolicy',
  'DescribeAutoSnapshotPolicyEx',
  'DescribeInstanceMonitorData',
  'DescribeDiskMonitorData',
  'DescribeEipMonitorData',
  'AllocatePublicIpAddress',
  'ModifyInstanceNetworkSpec',
  'AllocateEipAddress',
  'AssociateEipAddress',
  'DescribeEipAddresses',
  'ModifyEipAddressAttribute',
  'UnassociateEipAddress',
  'ReleaseEipAddress',
  'CreateVpc',
  'DeleteVpc',
  'DescribeVpcs',
  'ModifyVpcAttribute',
  'DescribeVRouters',
  'ModifyVRouterAttribute',
  'CreateVSwitch',
  'DeleteVSwitch',
  'DescribeVSwitches',
  'ModifyVSwitchAttribute',
  'CreateRouteEntry',
  'DeleteRouteEntry',
  'DescribeRouteTables',
  'ModifyInstanceVpcAttribute',
  'CreateImage',
  'ModifyImageAttribute',
  'DeleteImage',
  'CopyImage',
  'CancelCopyImage',
  'ModifyImageSharePermission',
  'DescribeImageSharePermission',
];

const DECLARED = ALL_ACTIONS;

/** Every parameter with its wire path, repeated structures included (`Tag.N.Key`). */
function allParams(params: Params, prefix = ''): [string, Param][] {
  return Object.entries(params).flatMap(([name, spec]): [string, Param][] =>
    spec.kind === 'repeated'
      ? [[prefix + name, spec], ...allParams(spec.fields, `${prefix}${name}.N.`)]
      : [[prefix + name, spec]],
  );
}

describe('the action registry', () => {
  it('holds every action the product needs, each name once', () => {
    expect([...ACTIONS.keys()].sort()).toEqual([...PRODUCT_ACTIONS].sort());
    expect(new Set(DECLARED.map((action) => action.name)).size).toBe(DECLARED.length);
    expect(DECLARED).toHaveLength(PRODUCT_ACTIONS.length);
  });

  it('keys each action by its own name', () => {
    for (const [name, action] of ACTIONS) expect(action.name).toBe(name);
  });
});

describe('declarations', () => {
  const paged = DECLARED.filter((action) => action.page);

  it('page every list action by a list of the response, with PageNumber and PageSize', () => {
    expect(paged.map((action) => action.name).sort()).toEqual(
      [
        'DescribeAutoSnapshotPolicyEx',
        'DescribeDisks',
        'DescribeEipAddresses',
        'DescribeImageSharePermission',
        'DescribeImages',
        'DescribeInstanceStatus',
        'DescribeInstances',
        'DescribeSecurityGroups',
        'DescribeSnapshots',
        'DescribeVpcs',
        'DescribeVRouters',
        'DescribeVSwitches',
        'DescribeRouteTables',
      ].sort(),
    );
    for (const action of paged) {
      const list = action.response.fields[action.page?.list ?? ''];
      expect(list?.kind, action.name).toBe('list');
      expect(action.params.PageNumber, action.name).toMatchObject({ kind: 'int', min: 1 });
      expect(action.params.PageSize, action.name).toMatchObject({ kind: 'int', min: 1, max: 'pageSize' });
      expect(action.response.fields.TotalCount, action.name).toEqual({ kind: 'int' });
    }
  });

  it('declare PageNumber only on paged actions', () => {
    const withPageNumber = DECLARED.filter((action) => 'PageNumber' in action.params);
    expect(withPageNumber).toEqual(paged);
  });

  it('bound every id list by the API id limit', () => {
    const idLists = DECLARED.flatMap((action) =>
      allParams(action.params)
        .filter(([, spec]) => spec.kind === 'idList')
        .map(([name, spec]) => [`${action.name}.${name}`, spec] as const),
    );
    expect(idLists.length).toBeGreaterThanOrEqual(8);
    for (const [name, spec] of idLists) expect(spec, name).toMatchObject({ max: 'ids' });
  });

  it('use the documented malformed codes for the id filters', () => {
    expect(instances.DescribeInstances.params.InstanceIds).toMatchObject({
      code: 'InvalidInstanceIds.Malformed',
      httpStatus: 400,
    });
    expect(disks.DescribeDisks.params.DiskIds).toMatchObject({
      code: 'InvalidDiskIds.Malformed',
      httpStatus: 403,
    });
    expect(snapshots.DescribeSnapshots.params.SnapshotIds).toMatchObject({
      code: 'InvalidSnapshotIds.Malformed',
      httpStatus: 403,
    });
  });

  it('mark exactly the writes that take ClientToken as clientToken, and every Describe* as read', () => {
    const withToken = DECLARED.filter((action) => 'ClientToken' in action.params);
    expect(withToken.map((action) => action.name).sort()).toEqual(
      [
        'AllocateEipAddress',
        'AuthorizeSecurityGroup',
        'AuthorizeSecurityGroupEgress',
        'CopyImage',
        'CreateDisk',
        'CreateImage',
        'CreateInstance',
        'CreateRouteEntry',
        'CreateSecurityGroup',
        'CreateSnapshot',
        'CreateVSwitch',
        'CreateVpc',
        'ReplaceSystemDisk',
        'ResizeDisk',
        'RevokeSecurityGroup',
        'RevokeSecurityGroupEgress',
      ].sort(),
    );
    for (const action of DECLARED) {
      const expected = action.name.startsWith('Describe')
        ? 'read'
        : withToken.includes(action)
          ? 'clientToken'
          : 'none';
      expect(action.idempotency, action.name).toBe(expected);
    }
  });

  it('document every error code a parameter answers with', () => {
    for (const action of DECLARED) {
      const documentedCodes = new Set(action.errors.map((row) => row.code));
      for (const [name, spec] of allParams(action.params)) {
        if (spec.code === undefined || spec.code === 'InvalidParameter') continue;
        expect(documentedCodes.has(spec.code), `${action.name}.${name}: ${spec.code}`).toBe(true);
      }
    }
  });

  it('give every error row an HTTP status of the reference, a message and a description', () => {
    for (const action of DECLARED)
      for (const row of action.errors) {
        expect([400, 403, 404, 500], `${action.name} ${row.code}`).toContain(row.httpStatus);
        expect(row.message.length, `${action.name} ${row.code}`).toBeGreaterThan(5);
        expect(row.doc.length, `${action.name} ${row.code}`).toBeGreaterThan(5);
      }
  });

  it('describe every parameter', () => {
    for (const action of DECLARED)
      for (const [name, spec] of allParams(action.params))
        expect(spec.doc?.length ?? 0, `${action.name}.${name}`).toBeGreaterThan(5);
  });

  it('name the region parameter of each action, camelCase where today spells it so', () => {
    expect(instances.DescribeInstances.regionParam).toBe('RegionId');
    expect(autoSnapshotPolicies.ApplyAutoSnapshotPolicy.regionParam).toBe('regionId');
    expect(instances.StartInstance.regionParam).toBeUndefined();
    expect(regions.DescribeRegions.regionParam).toBeUndefined();
  });
});

describe('what reads answer about and what writes change', () => {
  const reads = DECLARED.filter((action) => action.idempotency === 'read');
  const writes = DECLARED.filter((action) => action.idempotency !== 'read');

  // Monitoring series are about a time range, not a resource's state: they declare no kind,
  // so the read cache passes them through and their loader keeps only windows fully past.
  const SERIES = new Set([
    'DescribeInstanceMonitorData',
    'DescribeDiskMonitorData',
    'DescribeEipMonitorData',
  ]);

  it('declare a kind on every read and changes on every write, never both', () => {
    for (const action of reads.filter((read) => !SERIES.has(read.name))) {
      expect(action.reads?.kind, action.name).toBeDefined();
      expect(action.changes, action.name).toBeUndefined();
    }
    for (const action of writes) {
      expect(action.changes, action.name).toBeDefined();
      expect(action.reads, action.name).toBeUndefined();
    }
  });

  it('name only parameters and response lists the action has', () => {
    for (const action of reads) {
      const { list, ids, status } = action.reads ?? {};
      if (list !== undefined) expect(action.response.fields[list]?.kind, action.name).toBe('list');
      if (action.page) expect(list, action.name).toBe(action.page.list);
      if (ids !== undefined) expect(['idList', 'string'], action.name).toContain(action.params[ids]?.kind);
      if (status === undefined) continue;
      const listShape = list === undefined ? undefined : action.response.fields[list];
      const itemFields = listShape?.kind === 'list' ? listShape.of.fields : action.response.fields;
      expect(itemFields[status.field], `${action.name} ${status.field}`).toEqual({ kind: 'string' });
      // Where the Status filter names the states, the transitional ones are among them.
      const documented = action.params.Status?.kind === 'string' ? action.params.Status.values : undefined;
      for (const state of status.transitional)
        if (documented) expect(documented, action.name).toContain(state);
    }
    for (const action of writes)
      for (const change of action.changes ?? [])
        if (change.ids !== undefined)
          expect(['idList', 'string'], `${action.name} ${change.ids}`).toContain(
            action.params[change.ids]?.kind,
          );
  });

  it('invalidate the relations a write moves: attaching a disk changes the snapshots listed by instance', () => {
    expect(disks.AttachDisk.changes).toEqual([{ kind: 'disk', ids: 'DiskId' }, { kind: 'snapshot' }]);
    expect(instances.StopInstance.changes).toEqual([{ kind: 'instance', ids: 'InstanceId' }]);
    expect(snapshots.CreateSnapshot.changes).toEqual([{ kind: 'snapshot' }]);
  });
});

describe('documentedError', () => {
  it('finds a row by code, and by message where a code has several', () => {
    expect(documentedError(instances.StartInstance, 'InvalidInstanceId.NotFound')).toMatchObject({
      httpStatus: 404,
    });
    expect(
      documentedError(
        autoSnapshotPolicies.ApplyAutoSnapshotPolicy,
        'ParameterInvalid',
        'The specified DiskIds',
      ),
    ).toMatchObject({ httpStatus: 403, message: 'The specified DiskIds are invalid.' });
  });

  it('refuses a code the action does not document', () => {
    expect(() => documentedError(instances.StartInstance, 'InvalidDiskId.NotFound' as never)).toThrow(
      /StartInstance documents no error InvalidDiskId.NotFound/,
    );
  });
});

/** One representative input per action, checked against its declaration by the compiler. */
function sample<A extends AnyAction>(action: A, input: ActionInput<A>): [AnyAction, Record<string, unknown>] {
  return [action, input];
}

const SAMPLES = [
  sample(regions.DescribeRegions, { AcceptLanguage: 'en-US' }),
  sample(regions.DescribeZones, { RegionId: 'cn-hangzhou' }),
  sample(instances.CreateInstance, {
    RegionId: 'cn-hangzhou',
    ZoneId: 'cn-hangzhou-b',
    ImageId: 'ubuntu_22_04_x64_20G_alibase_20240101.vhd',
    InstanceType: 'ecs.n1.small',
    SecurityGroupId: 'sg-1',
    InstanceName: 'web-01',
    HostName: 'web01.example',
    Password: 'Correct1Horse',
    InternetMaxBandwidthOut: 5,
    'SystemDisk.Category': 'cloud_ssd',
    'SystemDisk.Size': 40,
    DataDisk: [
      { Size: 100, Category: 'cloud_efficiency', DeleteWithInstance: false },
      { SnapshotId: 's-1', DiskName: 'data-02' },
    ],
    Tag: [{ Key: 'env', Value: 'prod' }, { Key: 'team' }],
    ClientToken: 'token-1',
  }),
  sample(instances.StartInstance, { InstanceId: 'i-1' }),
  sample(instances.StopInstance, { InstanceId: 'i-1', ForceStop: true }),
  sample(instances.RebootInstance, { InstanceId: 'i-1', ForceStop: false }),
  sample(instances.ModifyInstanceAttribute, {
    InstanceId: 'i-1',
    InstanceName: '网站-01',
    Description: 'front end',
  }),
  sample(instances.DeleteInstance, { InstanceId: 'i-1' }),
  sample(instances.JoinSecurityGroup, { InstanceId: 'i-1', SecurityGroupId: 'sg-2' }),
  sample(instances.LeaveSecurityGroup, { InstanceId: 'i-1', SecurityGroupId: 'sg-2' }),
  sample(instances.DescribeInstances, {
    RegionId: 'cn-hangzhou',
    InstanceIds: ['i-1', 'i-2'],
    Status: 'Running',
    Tag: [{ Key: 'env', Value: 'prod' }],
    PageNumber: 2,
    PageSize: 50,
  }),
  sample(instances.DescribeInstanceAttribute, { InstanceId: 'i-1' }),
  sample(instances.DescribeInstanceStatus, { RegionId: 'cn-hangzhou', PageSize: 10 }),
  sample(disks.CreateDisk, {
    RegionId: 'cn-hangzhou',
    ZoneId: 'cn-hangzhou-b',
    DiskCategory: 'cloud_ssd',
    Size: 200,
    DiskName: 'logs',
    ClientToken: 'token-2',
  }),
  sample(disks.DescribeDisks, {
    RegionId: 'cn-hangzhou',
    DiskIds: [],
    Portable: true,
    Status: 'Available',
    PageNumber: 1,
  }),
  sample(disks.AttachDisk, {
    InstanceId: 'i-1',
    DiskId: 'd-1',
    Device: '/dev/xvdb',
    DeleteWithInstance: false,
  }),
  sample(disks.DetachDisk, { InstanceId: 'i-1', DiskId: 'd-1' }),
  sample(disks.ModifyDiskAttribute, { DiskId: 'd-1', EnableAutoSnapshot: true, DeleteAutoSnapshot: false }),
  sample(disks.DeleteDisk, { DiskId: 'd-1' }),
  sample(disks.ReInitDisk, { DiskId: 'd-1' }),
  sample(disks.ResetDisk, { DiskId: 'd-1', SnapshotId: 's-1' }),
  sample(disks.ResizeDisk, { DiskId: 'd-1', NewSize: 500, ClientToken: 'token-3' }),
  sample(disks.ReplaceSystemDisk, { InstanceId: 'i-1', ImageId: 'm-1', 'SystemDisk.Size': 60 }),
  sample(snapshots.CreateSnapshot, {
    DiskId: 'd-1',
    SnapshotName: 'nightly-2024',
    Description: 'before upgrade',
    RetentionDays: 30,
    Category: 'Standard',
    InstantAccess: false,
    ResourceGroupId: 'rg-1',
    Tag: [{ Key: 'backup', Value: 'nightly' }],
    ClientToken: 'token-4',
  }),
  sample(snapshots.DeleteSnapshot, { SnapshotId: 's-1', Force: true }),
  sample(snapshots.DescribeSnapshots, {
    RegionId: 'cn-hangzhou',
    DiskId: 'd-1',
    SnapshotIds: ['s-1'],
    Status: 'accomplished',
    PageSize: 5,
  }),
  sample(securityGroups.DescribeSecurityGroups, { RegionId: 'cn-hangzhou', VpcId: 'vpc-1', PageNumber: 1 }),
  sample(securityGroups.DescribeSecurityGroupAttribute, {
    SecurityGroupId: 'sg-1',
    RegionId: 'cn-hangzhou',
    NicType: 'intranet',
    Direction: 'ingress',
  }),
  sample(securityGroups.CreateSecurityGroup, {
    RegionId: 'cn-hangzhou',
    SecurityGroupName: 'web',
    Description: 'web tier',
    VpcId: 'vpc-1',
    Tag: [{ Key: 'env', Value: 'prod' }],
    ClientToken: 'token-1',
  }),
  sample(securityGroups.ModifySecurityGroupAttribute, {
    RegionId: 'cn-hangzhou',
    SecurityGroupId: 'sg-1',
    SecurityGroupName: 'web-2',
  }),
  sample(securityGroups.DeleteSecurityGroup, { RegionId: 'cn-hangzhou', SecurityGroupId: 'sg-1' }),
  sample(securityGroupRules.AuthorizeSecurityGroup, {
    RegionId: 'cn-hangzhou',
    SecurityGroupId: 'sg-1',
    IpProtocol: 'tcp',
    PortRange: '22/22',
    SourceCidrIp: '10.0.0.0/8',
    Policy: 'accept',
    Priority: 5,
    NicType: 'intranet',
    ClientToken: 'token-2',
  }),
  sample(securityGroupRules.RevokeSecurityGroup, {
    RegionId: 'cn-hangzhou',
    SecurityGroupId: 'sg-1',
    IpProtocol: 'icmp',
    PortRange: '-1/-1',
    SourceGroupId: 'sg-2',
    SourceGroupOwnerAccount: 'owner@example.com',
    NicType: 'intranet',
  }),
  sample(securityGroupRules.AuthorizeSecurityGroupEgress, {
    RegionId: 'cn-hangzhou',
    SecurityGroupId: 'sg-1',
    IpProtocol: 'udp',
    PortRange: '53/53',
    DestCidrIp: '0.0.0.0/0',
  }),
  sample(securityGroupRules.RevokeSecurityGroupEgress, {
    RegionId: 'cn-hangzhou',
    SecurityGroupId: 'sg-1',
    IpProtocol: 'all',
    PortRange: '-1/-1',
    DestGroupId: 'sg-3',
    Policy: 'drop',
  }),
  sample(network.AllocatePublicIpAddress, { InstanceId: 'i-1', IpAddress: '47.96.1.2' }),
  sample(network.ModifyInstanceNetworkSpec, {
    InstanceId: 'i-1',
    InternetMaxBandwidthOut: 20,
    InternetMaxBandwidthIn: 100,
  }),
  sample(eips.AllocateEipAddress, {
    RegionId: 'cn-hangzhou',
    Bandwidth: '10',
    InternetChargeType: 'PayByTraffic',
    ClientToken: 'token-3',
  }),
  sample(eips.AssociateEipAddress, { AllocationId: 'eip-1', InstanceId: 'i-1' }),
  sample(eips.DescribeEipAddresses, {
    RegionId: 'cn-hangzhou',
    Status: 'InUse',
    EipAddress: '39.96.1.2',
    AllocationId: 'eip-1',
    PageNumber: 2,
    PageSize: 50,
  }),
  sample(eips.ModifyEipAddressAttribute, { AllocationId: 'eip-1', Bandwidth: '200' }),
  sample(eips.UnassociateEipAddress, { AllocationId: 'eip-1', InstanceId: 'i-1' }),
  sample(eips.ReleaseEipAddress, { AllocationId: 'eip-1' }),
  sample(images.DescribeImages, { RegionId: 'cn-hangzhou', ImageOwnerAlias: 'system', ImageId: 'm-1,m-2' }),
  sample(instanceTypes.DescribeInstanceTypes, { InstanceTypeFamily: 'ecs.n1' }),
  sample(autoSnapshotPolicies.CreateAutoSnapshotPolicy, {
    regionId: 'cn-hangzhou',
    autoSnapshotPolicyName: 'nightly',
    timePoints: '["0", "12"]',
    repeatWeekdays: '["1","7"]',
    retentionDays: -1,
  }),
  sample(autoSnapshotPolicies.ModifyAutoSnapshotPolicyEx, {
    regionId: 'cn-hangzhou',
    autoSnapshotPolicyId: 'sp-1',
    retentionDays: 7,
  }),
  sample(autoSnapshotPolicies.DeleteAutoSnapshotPolicy, {
    regionId: 'cn-hangzhou',
    autoSnapshotPolicyId: 'sp-1',
  }),
  sample(autoSnapshotPolicies.ApplyAutoSnapshotPolicy, {
    regionId: 'cn-hangzhou',
    autoSnapshotPolicyId: 'sp-1',
    diskIds: ['d-1', 'd-2'],
  }),
  sample(autoSnapshotPolicies.CancelAutoSnapshotPolicy, { regionId: 'cn-hangzhou', diskIds: ['d-1'] }),
  sample(autoSnapshotPolicies.DescribeAutoSnapshotPolicyEx, {
    RegionId: 'cn-hangzhou',
    AutoSnapshotPolicyId: 'sp-1',
  }),
  sample(autoSnapshotPolicies.DescribeAutoSnapshotPolicy, {}),
  sample(instances.DescribeInstanceVncUrl, { RegionId: 'cn-hangzhou', InstanceId: 'i-1' }),
  sample(instances.ModifyInstanceVncPasswd, {
    RegionId: 'cn-hangzhou',
    InstanceId: 'i-1',
    VncPassword: 'Ab12cd',
  }),
  sample(monitoring.DescribeInstanceMonitorData, {
    InstanceId: 'i-1',
    StartTime: '2025-01-05T10:00:00Z',
    EndTime: '2025-01-05T11:00:00Z',
    Period: 60,
  }),
  sample(monitoring.DescribeDiskMonitorData, {
    DiskId: 'd-1',
    StartTime: '2025-01-05T10:00:00Z',
    EndTime: '2025-01-05T11:00:00Z',
  }),
  sample(monitoring.DescribeEipMonitorData, {
    RegionId: 'cn-hangzhou',
    AllocationId: 'eip-1',
    StartTime: '2025-01-05T10:00:00Z',
    EndTime: '2025-01-05T10:30:00Z',
    Period: 300,
  }),
  sample(network.CreateVpc, {
    RegionId: 'cn-hangzhou',
    CidrBlock: '192.168.0.0/16',
    VpcName: 'lab',
    ClientToken: 't-5',
  }),
  sample(network.DeleteVpc, { VpcId: 'vpc-1' }),
  sample(network.DescribeVpcs, { RegionId: 'cn-hangzhou', VpcId: 'vpc-1,vpc-2', PageSize: 20 }),
  sample(network.ModifyVpcAttribute, { VpcId: 'vpc-1', VpcName: 'lab2', Description: 'tests' }),
  sample(network.DescribeVRouters, { RegionId: 'cn-hangzhou', VRouterId: 'vrt-1', PageNumber: 2 }),
  sample(network.ModifyVRouterAttribute, { VRouterId: 'vrt-1', VRouterName: 'edge' }),
  sample(network.CreateVSwitch, { VpcId: 'vpc-1', ZoneId: 'cn-hangzhou-h', CidrBlock: '192.168.1.0/24' }),
  sample(network.DeleteVSwitch, { VSwitchId: 'vsw-1' }),
  sample(network.DescribeVSwitches, { VpcId: 'vpc-1', ZoneId: 'cn-hangzhou-h', PageSize: 50 }),
  sample(network.ModifyVSwitchAttribute, { VSwitchId: 'vsw-1', Description: 'front tier' }),
  sample(network.CreateRouteEntry, {
    RouteTableId: 'vtb-1',
    DestinationCidrBlock: '0.0.0.0/0',
    NextHopType: 'Instance',
    NextHopId: 'i-1',
  }),
  sample(network.DeleteRouteEntry, {
    RouteTableId: 'vtb-1',
    DestinationCidrBlock: '0.0.0.0/0',
    NextHopId: 'i-1',
  }),
  sample(network.DescribeRouteTables, { VRouterId: 'vrt-1', RouteTableId: 'vtb-1' }),
  sample(network.ModifyInstanceVpcAttribute, {
    InstanceId: 'i-1',
    VSwitchId: 'vsw-1',
    PrivateIpAddress: '192.168.1.9',
  }),
  sample(imageWrites.CreateImage, {
    RegionId: 'cn-hangzhou',
    SnapshotId: 's-1',
    ImageName: 'web-base',
    ImageVersion: '1.0',
    Description: 'the web tier',
    ClientToken: 'once',
  }),
  sample(imageWrites.ModifyImageAttribute, { RegionId: 'cn-hangzhou', ImageId: 'm-1', ImageName: 'renamed' }),
  sample(imageWrites.DeleteImage, { RegionId: 'cn-hangzhou', ImageId: 'm-1', Force: true }),
  sample(imageWrites.CopyImage, {
    RegionId: 'cn-hangzhou',
    ImageId: 'm-1',
    DestinationRegionId: 'cn-shanghai',
    DestinationImageName: 'copied',
  }),
  sample(imageWrites.CancelCopyImage, { RegionId: 'cn-shanghai', ImageId: 'm-2' }),
  sample(imageShares.ModifyImageSharePermission, {
    RegionId: 'cn-hangzhou',
    ImageId: 'm-1',
    AddAccount: ['1234567890123456', '1234567890123457'],
    RemoveAccount: ['1234567890123458'],
  }),
  sample(imageShares.DescribeImageSharePermission, { RegionId: 'cn-hangzhou', ImageId: 'm-1', PageSize: 10 }),
];

describe('encodeParams and parseParams', () => {
  it('have a sample for every action', () => {
    expect(SAMPLES.map(([action]) => action.name).sort()).toEqual([...PRODUCT_ACTIONS].sort());
  });

  it.each(SAMPLES.map(([action, input]) => [action.name, action, input] as const))(
    '%s round-trips its sample',
    (_name, action, input) => {
      const wire = encodeParams(action.params, input, limits);
      expect(parseParams(action.params, wire, limits)).toEqual(input);
    },
  );

  it('flatten the wire as ECS spells it', () => {
    const [, input] = SAMPLES.find(([action]) => action.name === 'CreateInstance') ?? [];
    const wire = encodeParams(instances.CreateInstance.params, input ?? {}, limits);
    expect(wire).toMatchObject({
      'SystemDisk.Category': 'cloud_ssd',
      'DataDisk.1.Size': '100',
      'DataDisk.1.DeleteWithInstance': 'false',
      'DataDisk.2.SnapshotId': 's-1',
      'Tag.2.Key': 'team',
      ClientToken: 'token-1',
    });
    expect(wire).not.toHaveProperty('Tag.2.Value');
  });

  it('flatten share lists as AddAccount.N and RemoveAccount.N', () => {
    const [, input] = SAMPLES.find(([action]) => action.name === 'ModifyImageSharePermission') ?? [];
    expect(encodeParams(imageShares.ModifyImageSharePermission.params, input ?? {}, limits)).toEqual({
      RegionId: 'cn-hangzhou',
      ImageId: 'm-1',
      'AddAccount.1': '1234567890123456',
      'AddAccount.2': '1234567890123457',
      'RemoveAccount.1': '1234567890123458',
    });
  });

  it('accept the 2014 PascalCase spellings of the camelCase policy parameters', () => {
    const parsed = parseParams(
      autoSnapshotPolicies.ApplyAutoSnapshotPolicy.params,
      { RegionId: 'cn-hangzhou', AutoSnapshotPolicyId: 'sp-1', DiskIds: '["d-1"]' },
      limits,
    );
    expect(parsed).toEqual({ regionId: 'cn-hangzhou', autoSnapshotPolicyId: 'sp-1', diskIds: ['d-1'] });
  });

  it('compare ignoreCase values without case', () => {
    const wire = { DiskId: 'd-1', Category: 'flash' };
    expect(parseParams(snapshots.CreateSnapshot.params, wire, limits)).toEqual(wire);
  });

  it('refuse more ids than the API limit with the documented code', () => {
    const ids = Array.from({ length: 11 }, (_, n) => `d-${n}`);
    const problems = checkParams(
      disks.DescribeDisks.params,
      { RegionId: 'cn-hangzhou', DiskIds: ids },
      limits,
    );
    expect(problems).toEqual([
      expect.objectContaining({ param: 'DiskIds', code: 'InvalidDiskIds.Malformed', httpStatus: 403 }),
    ]);
    expect(
      checkParams(disks.DescribeDisks.params, { RegionId: 'r', DiskIds: ids }, API_LIMITS.current),
    ).toEqual([]);
  });
});

/** The problems of one parameter value of an action, as [code, httpStatus] pairs. */
function problemsOf(action: AnyAction, input: Record<string, unknown>): [string, number, string][] {
  return checkParams(action.params, input, limits).map((problem) => [
    problem.code,
    problem.httpStatus,
    problem.param,
  ]);
}

describe('the value rules', () => {
  const snapshot = (extra: Record<string, unknown>) =>
    problemsOf(snapshots.CreateSnapshot, { DiskId: 'd-1', ...extra });

  it('accept names that start with a letter or Chinese character', () => {
    for (const SnapshotName of ['ab', 'Nightly.2024_01-a:b', '快照一', 'x'.repeat(128)])
      expect(snapshot({ SnapshotName }), SnapshotName).toEqual([]);
  });

  it('refuse malformed snapshot names with InvalidSnapshotName.Malformed', () => {
    for (const SnapshotName of [
      'a',
      '1abc',
      '_abc',
      'http://x',
      'https://x',
      'auto1',
      'autosnap',
      'a b',
      'a/b',
      'x'.repeat(129),
    ])
      expect(snapshot({ SnapshotName }), SnapshotName).toEqual([
        ['InvalidSnapshotName.Malformed', 400, 'SnapshotName'],
      ]);
  });

  it('say which rule a name broke', () => {
    const [problem] = checkParams(
      snapshots.CreateSnapshot.params,
      { DiskId: 'd-1', SnapshotName: 'auto-1' },
      limits,
    );
    expect(problem?.message).toBe(
      'The specified parameter "SnapshotName" is not valid: must not start with "auto", which is kept for automatic snapshots.',
    );
    const [url] = checkParams(
      disks.CreateDisk.params,
      { RegionId: 'r', ZoneId: 'z', DiskName: 'http://x' },
      limits,
    );
    expect(url).toMatchObject({
      code: 'InvalidDiskName.Malformed',
      rule: 'must not start with http:// or https://',
    });
  });

  it('allow auto in other resource names', () => {
    expect(problemsOf(disks.CreateDisk, { RegionId: 'r', ZoneId: 'z', DiskName: 'autoscaled' })).toEqual([]);
  });

  it('refuse malformed instance and disk names with their own codes', () => {
    expect(
      problemsOf(instances.ModifyInstanceAttribute, { InstanceId: 'i-1', InstanceName: '9lives' }),
    ).toEqual([['InvalidInstanceName.Malformed', 400, 'InstanceName']]);
    expect(
      problemsOf(instances.CreateInstance, {
        RegionId: 'r',
        ImageId: 'm',
        InstanceType: 't',
        SecurityGroupId: 'sg',
        DataDisk: [{ Size: 20 }, { DiskName: '-x' }],
      }),
    ).toEqual([['InvalidDiskName.Malformed', 400, 'DataDisk.2.DiskName']]);
  });

  it('refuse descriptions that are too short, too long or URLs, with the status each action documents', () => {
    for (const Description of ['a', 'http://example.com', 'x'.repeat(257)]) {
      expect(snapshot({ Description }), Description).toEqual([
        ['InvalidDescription.Malformed', 404, 'Description'],
      ]);
      expect(problemsOf(disks.CreateDisk, { RegionId: 'r', ZoneId: 'z', Description }), Description).toEqual([
        ['InvalidDescription.Malformed', 400, 'Description'],
      ]);
    }
    expect(snapshot({ Description: 'x'.repeat(256) })).toEqual([]);
  });

  it('check host names and passwords', () => {
    const modify = (extra: Record<string, unknown>) =>
      problemsOf(instances.ModifyInstanceAttribute, { InstanceId: 'i-1', ...extra });
    expect(modify({ HostName: 'web-01.prod', Password: 'Abcdefg1' })).toEqual([]);
    for (const HostName of ['-web', 'web.', 'a..b', 'a.-b', 'web_01'])
      expect(modify({ HostName }), HostName).toEqual([['InvalidHostName.Malformed', 400, 'HostName']]);
    for (const Password of ['Abcdef1', 'abcdefgh1', 'ABCDEFGH', 'Abcdefg1 ', 'Abcdefg1\u00e9'])
      expect(modify({ Password }), Password).toEqual([['InvalidHostPassword.Malformed', 400, 'Password']]);
    expect(modify({ Password: 'abcdefg1!' })).toEqual([]);
  });

  it('check tag keys and values', () => {
    const tags = (Tag: unknown) => snapshot({ Tag });
    expect(tags([{ Key: 'env', Value: '' }])).toEqual([]);
    expect(tags([{ Key: 'aliyun-x' }])).toEqual([['InvalidTagKey.Malformed', 400, 'Tag.1.Key']]);
    expect(tags([{ Key: 'a', Value: 'see https://x' }])).toEqual([
      ['InvalidTagValue.Malformed', 400, 'Tag.1.Value'],
    ]);
    expect(tags(Array.from({ length: 21 }, (_, n) => ({ Key: `k${n}` })))).toEqual([
      ['InvalidTagCount', 400, 'Tag'],
    ]);
  });

  it('check snapshot retention and category', () => {
    expect(snapshot({ RetentionDays: 0 })).toEqual([
      ['InvalidRetentionDays.Malformed', 400, 'RetentionDays'],
    ]);
    expect(snapshot({ RetentionDays: 65537 })).toEqual([
      ['InvalidRetentionDays.Malformed', 400, 'RetentionDays'],
    ]);
    expect(snapshot({ Category: 'archive' })).toEqual([
      ['InvalidSnapshotCategory.Malformed', 403, 'Category'],
    ]);
  });

  it('check policy schedules and retention', () => {
    const create = (extra: Record<string, unknown>) =>
      problemsOf(autoSnapshotPolicies.CreateAutoSnapshotPolicy, {
        regionId: 'r',
        timePoints: '["0","23"]',
        repeatWeekdays: '["1"]',
        retentionDays: 30,
        ...extra,
      });
    expect(create({})).toEqual([]);
    for (const timePoints of ['["24"]', '[]', '["1","1"]', '[1]', '0,1', 'not json'])
      expect(create({ timePoints }), timePoints).toEqual([['ParameterInvalid', 403, 'timePoints']]);
    for (const repeatWeekdays of ['["0"]', '["8"]'])
      expect(create({ repeatWeekdays }), repeatWeekdays).toEqual([
        ['ParameterInvalid', 403, 'repeatWeekdays'],
      ]);
    expect(create({ retentionDays: 0 })).toEqual([['ParameterInvalid', 403, 'retentionDays']]);
    expect(create({ retentionDays: -2 })).toEqual([['ParameterInvalid', 403, 'retentionDays']]);
  });

  it('report a missing required parameter as MissingParameter', () => {
    expect(() => parseParams(disks.ResizeDisk.params, { DiskId: 'd-1' }, limits)).toThrow(WireParamError);
    expect(problemsOf(disks.ResizeDisk, { DiskId: 'd-1' })).toEqual([['MissingParameter', 400, 'NewSize']]);
  });
});

describe('types', () => {
  it('require the required parameters', () => {
    // @ts-expect-error RegionId is required
    const missingRegion: ActionInput<typeof disks.DescribeDisks> = { ZoneId: 'cn-hangzhou-b' };
    // @ts-expect-error NewSize is an integer
    const wrongKind: ActionInput<typeof disks.ResizeDisk> = { DiskId: 'd-1', NewSize: '20' };
    expect([missingRegion, wrongKind]).toHaveLength(2);
    expectTypeOf<ActionInput<typeof disks.CreateDisk>>().toHaveProperty('ClientToken');
    expectTypeOf<ActionInput<typeof disks.DeleteDisk>>().not.toHaveProperty('ClientToken');
  });

  it('type results: lists as arrays, integers as numbers, booleans as booleans', () => {
    type Page = ActionResult<typeof disks.DescribeDisks>;
    expectTypeOf<Page['Disks']>().toBeArray();
    expectTypeOf<Page['Disks'][number]['Size']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<Page['Disks'][number]['Portable']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<Page['Disks'][number]['Tags']>().toEqualTypeOf<{ TagKey?: string; TagValue?: string }[]>();
    expectTypeOf<
      ActionResult<typeof instances.DescribeInstances>['Instances'][number]['OperationLocks']
    >().toBeArray();
  });

  it('type the documented error codes of an action', () => {
    expectTypeOf<ActionErrorCode<typeof disks.DetachDisk>>().toEqualTypeOf<
      | 'InvalidInstanceId.NotFound'
      | 'InvalidDiskId.NotFound'
      | 'IncorrectDiskStatus'
      | 'DiskNotPortable'
      | 'InstanceLockedForSecurity'
      | 'DependencyViolation'
      | 'DiskTypeViolation'
    >();
  });
});
