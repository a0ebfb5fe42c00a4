import { defineAction } from '../action.js';
import { createInstanceErrors } from '../create-instance-errors.js';
import { dryRunParam } from '../dry-run.js';
import { diskCategories, hostNameParam, instanceDescription, instanceName } from '../instance-common.js';
import { p } from '../params.js';
import { t } from '../shape.js';
import { descriptionParam, nameParam, password, tagsParam } from '../value-rules.js';

export const CreateInstance = defineAction({
  name: 'CreateInstance',
  summary:
    'Creates an instance from an image, in a security group; it starts out Stopped. The system disk is a clone of the image.',
  idempotency: 'clientToken',
  // A new instance, its system and data disks, and the images and snapshots they
  // come from, which now show Usage.
  changes: [{ kind: 'instance' }, { kind: 'disk' }, { kind: 'image', ids: 'ImageId' }, { kind: 'snapshot' }],
  params: {
    RegionId: p.string({ required: true, doc: 'The region of the instance.' }),
    ZoneId: p.string({ doc: 'The zone of the instance; ECS picks one when absent.' }),
    ImageId: p.id({ required: true, doc: 'The image the system disk is cloned from.' }),
    InstanceType: p.string({
      required: true,
      doc: 'The instance type, such as ecs.n1.small (see DescribeInstanceTypes).',
    }),
    SecurityGroupId: p.id({
      required: true,
      doc: 'The security group of the new instance; instances of one group reach each other on the intranet.',
    }),
    InstanceName: instanceName,
    Description: instanceDescription,
    InternetChargeType: p.string({
      values: ['PayByBandwidth', 'PayByTraffic'],
      code: 'InvalidInternetChargeType.ValueNotSupported',
      doc: 'How public traffic is billed: PayByBandwidth (a fixed bandwidth, the default) or PayByTraffic (by traffic, up to InternetMaxBandwidthOut).',
    }),
    InternetMaxBandwidthIn: p.int({
      min: 1,
      max: 200,
      doc: 'Most inbound public bandwidth in Mbit/s, 1 to 200 (default 200). Inbound traffic is free.',
    }),
    InternetMaxBandwidthOut: p.int({
      min: 0,
      max: 200,
      doc: 'Most outbound public bandwidth in Mbit/s: 0 to 100 with PayByBandwidth (default 0), 1 to 100 with PayByTraffic; up to 200 when raised by a ticket.',
    }),
    HostName: hostNameParam,
    Password: p.string({
      minLength: 8,
      maxLength: 30,
      check: password,
      code: 'InvalidPassword.Malformed',
      doc: 'The administrator password: 8 to 30 characters with three of upper case, lower case, digits and special characters. Sent only over HTTPS.',
    }),
    IoOptimized: p.string({
      values: ['none', 'optimized'],
      doc: 'Whether the instance is I/O optimized: none (default) or optimized. Optimized instances take cloud_efficiency or cloud_ssd system disks.',
    }),
    'SystemDisk.Category': p.string({
      values: diskCategories,
      code: 'InvalidSystemDisk.Category.ValueNotSupported',
      doc: 'The system disk category: cloud (basic, the default), cloud_efficiency (ultra), cloud_ssd, cloud_essd or ephemeral_ssd.',
    }),
    'SystemDisk.Size': p.int({
      min: 20,
      max: 2048,
      doc: 'The system disk size in GiB, at least the image size (the 2014 API: 40 to 500; today 20 to 2048).',
    }),
    'SystemDisk.DiskName': nameParam({
      code: 'InvalidDiskName.Malformed',
      doc: 'The system disk name, by the resource name rule.',
    }),
    'SystemDisk.Description': descriptionParam({
      code: 'InvalidDiskDescription.Malformed',
      doc: 'The system disk description: 2 to 256 characters, not starting with http:// or https://.',
    }),
    DataDisk: p.repeated({
      max: 16,
      doc: 'Data disks created with the instance, as DataDisk.N.*: at most 4 in the 2014 API, 16 today.',
      fields: {
        Size: p.int({
          min: 5,
          max: 32768,
          code: 'InvalidDataDiskSize.ValueNotSupported',
          doc: 'The size in GiB: cloud 5 to 2000, cloud_efficiency and cloud_ssd 20 to 32768, ephemeral_ssd 5 to 800; ignored with SnapshotId.',
        }),
        Category: p.string({
          values: diskCategories,
          code: 'InvalidDataDiskCategory.ValueNotSupported',
          doc: 'The disk category: cloud (default), cloud_efficiency, cloud_ssd, cloud_essd or ephemeral_ssd.',
        }),
        SnapshotId: p.id({
          doc: 'A data disk snapshot to create the disk from; its size wins over Size. Snapshots of 2013-07-15 or earlier are refused.',
        }),
        DiskName: nameParam({
          code: 'InvalidDiskName.Malformed',
          doc: 'The disk name, by the resource name rule.',
        }),
        Description: descriptionParam({
          code: 'InvalidDiskDescription.Malformed',
          doc: 'The disk description: 2 to 256 characters, not starting with http:// or https://.',
        }),
        Device: p.string({
          code: 'InvalidDataDevice.Malformed',
          doc: 'The device name, /dev/xvdb to /dev/xvdz; allocated in order when absent.',
        }),
        DeleteWithInstance: p.bool({
          doc: 'Whether the disk is released with the instance. Default true; only for cloud disks.',
        }),
      },
    }),
    VSwitchId: p.id({ doc: 'The VSwitch of a VPC instance; required to launch into a VPC.' }),
    PrivateIpAddress: p.string({
      doc: 'The private IP address of a VPC instance, inside the VSwitch CIDR block; needs VSwitchId.',
    }),
    InstanceChargeType: p.string({
      values: ['PrePaid', 'PostPaid'],
      doc: 'PrePaid (monthly or yearly subscription, paid from the balance) or PostPaid (pay as you go, the default).',
    }),
    Period: p.int({
      min: 1,
      max: 36,
      doc: 'Months of a PrePaid subscription: 1 to 9, 12, 24 or 36.',
    }),
    AutoRenew: p.bool({ doc: 'Whether a PrePaid subscription renews itself. Default false.' }),
    AutoRenewPeriod: p.int({
      min: 1,
      max: 12,
      doc: 'Months of each automatic renewal: 1, 2, 3, 6 or 12; required with AutoRenew.',
    }),
    ResourceGroupId: p.string({ doc: 'The resource group of the instance.' }),
    Tag: tagsParam('Tags for the instance, as Tag.N.Key and Tag.N.Value, N from 1 to 20.'),

    DryRun: dryRunParam(),
  },
  response: {
    InstanceId: t.string,
  },
  errors: createInstanceErrors,
});
