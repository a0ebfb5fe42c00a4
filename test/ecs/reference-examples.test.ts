import { describe, expect, it } from 'vitest';
import { decodeResponse } from '../../src/ecs/decode.js';
import { DescribeAutoSnapshotPolicyEx } from '../../src/spec/actions/auto-snapshot-policies.js';
import { DescribeDisks } from '../../src/spec/actions/disk-reads.js';
import { DescribeInstanceAttribute, DescribeInstances } from '../../src/spec/actions/instance-reads.js';
import { DescribeInstanceTypes } from '../../src/spec/actions/instance-types.js';
import { DescribeSnapshots } from '../../src/spec/actions/snapshots.js';

/**
 * The response examples of the reference (trimmed to one item) and of today's API,
 * decoded with the declared shapes: the element names of every list and the types of
 * the scalars must match what ECS writes.
 */
describe('the declared shapes read the documented examples', () => {
  it('DescribeDisks (2014 XML): Disk items, OperationLock list, typed flags and sizes', () => {
    const xml = `<DescribeDisksResponse><Disks><Disk>
      <DeleteAutoSnapshot>true</DeleteAutoSnapshot><DeleteWithInstance>false</DeleteWithInstance>
      <EnableAutoSnapshot>false</EnableAutoSnapshot><Category>cloud</Category><Description></Description>
      <DiskName></DiskName><Size>5</Size><Type>data</Type><InstanceId></InstanceId>
      <CreationTime>2014-07-23T02:44:07Z</CreationTime><ImageId></ImageId><ZoneId>cn-qingdao-b</ZoneId>
      <AttachedTime>2014-07-23T07:47:35Z</AttachedTime><DetachedTime>2014-07-23T08:28:48Z</DetachedTime>
      <Device></Device><OperationLocks></OperationLocks><Portable>true</Portable><ProductCode></ProductCode>
      <RegionId>cn-qingdao</RegionId><DiskId>d-28m5zbua0</DiskId><SourceSnapshotId></SourceSnapshotId>
      <Status>Available</Status></Disk></Disks><PageNumber>1</PageNumber><PageSize>2</PageSize>
      <TotalCount>9</TotalCount><RequestId>ED5CF6DD-71CA-462C-9C94-A61A78A01479</RequestId></DescribeDisksResponse>`;
    const result = decodeResponse(DescribeDisks, xml, 'XML');
    expect(result).toMatchObject({ TotalCount: 9, PageNumber: 1, PageSize: 2 });
    expect(result.Disks).toHaveLength(1);
    expect(result.Disks[0]).toMatchObject({
      DiskId: 'd-28m5zbua0',
      Size: 5,
      Portable: true,
      DeleteWithInstance: false,
      DeleteAutoSnapshot: true,
      OperationLocks: [],
      Tags: [],
    });
  });

  it('DescribeDisks (today JSON): locks as OperationLock objects, tags as Tag objects', () => {
    const json = JSON.stringify({
      RequestId: 'r-1',
      TotalCount: 1,
      Disks: {
        Disk: [
          {
            DiskId: 'd-1',
            Encrypted: false,
            AutoSnapshotPolicyId: 'sp-1',
            OperationLocks: { OperationLock: [{ LockReason: 'financial' }] },
            Tags: { Tag: [{ TagKey: 'env', TagValue: 'prod' }] },
          },
        ],
      },
    });
    const [disk] = decodeResponse(DescribeDisks, json, 'JSON').Disks;
    expect(disk).toMatchObject({
      Encrypted: false,
      AutoSnapshotPolicyId: 'sp-1',
      OperationLocks: [{ LockReason: 'financial' }],
      Tags: [{ TagKey: 'env', TagValue: 'prod' }],
    });
  });

  it('DescribeInstanceAttribute (2014 XML): flat attributes with IP and security group lists', () => {
    const xml = `<DescribeInstanceAttributeResponse><InternetChargeType>PayByBandwidth</InternetChargeType>
      <CreationTime>2014-07-23T10:27:31Z</CreationTime><Description></Description><HostName>iZ11222333jZ</HostName>
      <ImageId>m-23vhbgzbe</ImageId><InnerIpAddress><IpAddress>10.171.254.1</IpAddress></InnerIpAddress>
      <InstanceId>i-111222333</InstanceId><InstanceType>ecs.t1.small</InstanceType>
      <InternetMaxBandwidthIn>-1</InternetMaxBandwidthIn><InternetMaxBandwidthOut>0</InternetMaxBandwidthOut>
      <OperationLocks></OperationLocks><PublicIpAddress></PublicIpAddress><RegionId>cn-hangzhou</RegionId>
      <SecurityGroupIds><SecurityGroupId>sg-group</SecurityGroupId></SecurityGroupIds><Status>Running</Status>
      <RequestId>83EBE72D-96FC-41DB-8D5F-255B647FF705</RequestId></DescribeInstanceAttributeResponse>`;
    expect(decodeResponse(DescribeInstanceAttribute, xml, 'XML')).toMatchObject({
      InnerIpAddress: ['10.171.254.1'],
      PublicIpAddress: [],
      SecurityGroupIds: ['sg-group'],
      OperationLocks: [],
      InternetMaxBandwidthIn: -1,
      InternetMaxBandwidthOut: 0,
    });
  });

  it('DescribeInstances (2014 JSON): LockReason list, VPC attributes, EIP', () => {
    const json = JSON.stringify({
      RequestId: '14A07460-EBE7-47CA-9757-12CC4761D47A',
      TotalCount: 1,
      PageNumber: 1,
      PageSize: 10,
      Instances: {
        Instance: [
          {
            InstanceId: 'i-25skkTCP4',
            EipAddress: { AllocationId: '', InternetChargeType: '', IpAddress: '' },
            OperationLocks: { LockReason: [{ LockReason: 'security' }] },
            VpcAttributes: {
              NatIpAddress: '10.175.68.212',
              PrivateIpAddress: { IpAddress: ['192.168.2.3'] },
              VSwitchId: 'vsw-25gbsqby3',
              VpcId: 'vpc-25onv3oi4',
            },
            Cpu: 2,
            Memory: 4096,
          },
        ],
      },
    });
    const [instance] = decodeResponse(DescribeInstances, json, 'JSON').Instances;
    expect(instance).toMatchObject({
      OperationLocks: [{ LockReason: 'security' }],
      VpcAttributes: { PrivateIpAddress: ['192.168.2.3'], VpcId: 'vpc-25onv3oi4' },
      Cpu: 2,
      Memory: 4096,
    });
  });

  it('DescribeSnapshots (2014 XML): progress as written, source disk size as a number', () => {
    const xml = `<DescribeSnapshotsResponse><Snapshots><Snapshot>
      <CreationTime>2014-07-24T13:00:52Z</CreationTime><Description></Description>
      <SourceDiskId>d-23x0r79qy</SourceDiskId><SourceDiskType>DATA</SourceDiskType><ProductCode></ProductCode>
      <SnapshotName>auto_20140724_2</SnapshotName><Progress>100%</Progress><SourceDiskSize>50</SourceDiskSize>
      <SnapshotId>s-23f2i9s4t</SnapshotId></Snapshot></Snapshots><PageNumber>1</PageNumber><PageSize>2</PageSize>
      <TotalCount>36</TotalCount><RequestId>2F409D67-329A-4405-B924-2FC28566B366</RequestId></DescribeSnapshotsResponse>`;
    const [snapshot] = decodeResponse(DescribeSnapshots, xml, 'XML').Snapshots;
    expect(snapshot).toMatchObject({ Progress: '100%', SourceDiskSize: 50, SnapshotName: 'auto_20140724_2' });
  });

  it('DescribeInstanceTypes (2014 XML): the id as InstanceId, fractional memory', () => {
    const xml = `<DescribeInstanceTypesResponse><RequestId>1651FBB6-4FBF-49FF-A9F5-DF5D696C7EC6</RequestId>
      <InstanceTypes><InstanceType><InstanceId>ecs.t1.xsmall</InstanceId><CpuCoreCount>1</CpuCoreCount>
      <MemorySize>0.5</MemorySize></InstanceType></InstanceTypes></DescribeInstanceTypesResponse>`;
    expect(decodeResponse(DescribeInstanceTypes, xml, 'XML').InstanceTypes).toEqual([
      { InstanceId: 'ecs.t1.xsmall', CpuCoreCount: 1, MemorySize: 0.5 },
    ]);
  });

  it('DescribeAutoSnapshotPolicyEx (today XML): policies with schedules as JSON strings', () => {
    const xml = `<DescribeAutoSnapshotPolicyExResponse><PageNumber>1</PageNumber><TotalCount>2</TotalCount>
      <AutoSnapshotPolicies><AutoSnapshotPolicy><CreationTime>2019-01-22 11:38:08</CreationTime>
      <Status>Normal</Status><DiskNums>1</DiskNums><AutoSnapshotPolicyName>test</AutoSnapshotPolicyName>
      <RegionId>cn-hangzhou</RegionId><RetentionDays>30</RetentionDays><TimePoints>["0"]</TimePoints>
      <AutoSnapshotPolicyId>sp-1</AutoSnapshotPolicyId><RepeatWeekdays>["7"]</RepeatWeekdays>
      <Tags><Tag><TagKey>TestKey</TagKey><TagValue>TestValue</TagValue></Tag></Tags>
      </AutoSnapshotPolicy></AutoSnapshotPolicies><PageSize>1</PageSize>
      <RequestId>CC323EDF-BBB7-420F-BCD1-D9B9D2E9D424</RequestId></DescribeAutoSnapshotPolicyExResponse>`;
    expect(decodeResponse(DescribeAutoSnapshotPolicyEx, xml, 'XML').AutoSnapshotPolicies).toEqual([
      {
        AutoSnapshotPolicyId: 'sp-1',
        AutoSnapshotPolicyName: 'test',
        RegionId: 'cn-hangzhou',
        TimePoints: '["0"]',
        RepeatWeekdays: '["7"]',
        RetentionDays: 30,
        DiskNums: 1,
        Status: 'Normal',
        CreationTime: '2019-01-22 11:38:08',
        Tags: [{ TagKey: 'TestKey', TagValue: 'TestValue' }],
      },
    ]);
  });
});
