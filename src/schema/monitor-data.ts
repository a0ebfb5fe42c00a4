import type { MonitorSeriesSource } from '../loaders/monitor-data.js';
import type { ActionResult } from '../spec/action.js';
import { DescribeDiskMonitorData, DescribeInstanceMonitorData } from '../spec/actions/monitoring.js';
import { MONITOR_PERIODS, MONITOR_POINTS_PER_CALL } from '../spec/monitor-common.js';
import { builder } from './builder.js';
import { DiskRef } from './disk.js';
import { InstanceRef } from './instance.js';
import { monitorDataField } from './monitor-data-field.js';

/** Instance.monitorData and Disk.monitorData: typed points of DescribeInstance/DiskMonitorData. */

type InstancePoint = ActionResult<typeof DescribeInstanceMonitorData>['MonitorData'][number];
type DiskPoint = ActionResult<typeof DescribeDiskMonitorData>['MonitorData'][number];

const pointsPerCall = (limits: { readonly name: keyof typeof MONITOR_POINTS_PER_CALL }) =>
  MONITOR_POINTS_PER_CALL[limits.name];

export const instanceMonitorSource: MonitorSeriesSource<typeof DescribeInstanceMonitorData, InstancePoint> = {
  action: DescribeInstanceMonitorData,
  input: (id, _regionId, _window, times) => ({ InstanceId: id, ...times }),
  points: (result) => result.MonitorData,
  pointsPerCall,
};

export const diskMonitorSource: MonitorSeriesSource<typeof DescribeDiskMonitorData, DiskPoint> = {
  action: DescribeDiskMonitorData,
  input: (id, _regionId, _window, times) => ({ DiskId: id, ...times }),
  points: (result) => result.MonitorData,
  pointsPerCall,
};

/** An integer of a point; null where ECS left it out (no data for that moment). */
const count = (value: number | undefined) => value ?? null;

const InstanceMonitorPointRef = builder.objectRef<InstancePoint>('InstanceMonitorPoint').implement({
  description: 'One point of an instance’s monitoring series (InstanceMonitorDataType).',
  fields: (t) => ({
    time: t.field({
      type: 'DateTime',
      description: 'The start of the period the point covers (TimeStamp).',
      resolve: (point) => point.TimeStamp ?? '',
    }),
    cpu: t.int({ nullable: true, description: 'CPU use, percent (CPU).', resolve: (p) => count(p.CPU) }),
    intranetRx: t.int({
      nullable: true,
      description: 'Intranet kbits received in the period (IntranetRX).',
      resolve: (p) => count(p.IntranetRX),
    }),
    intranetTx: t.int({
      nullable: true,
      description: 'Intranet kbits sent in the period (IntranetTX).',
      resolve: (p) => count(p.IntranetTX),
    }),
    intranetFlow: t.int({
      nullable: true,
      description: 'Intranet kbits both ways (IntranetFlow).',
      resolve: (p) => count(p.IntranetFlow),
    }),
    intranetBandwidth: t.int({
      nullable: true,
      description: 'Intranet traffic, kbytes a second (IntranetBandwidth).',
      resolve: (p) => count(p.IntranetBandwidth),
    }),
    internetRx: t.int({
      nullable: true,
      description: 'Internet kbits received in the period (InternetRX).',
      resolve: (p) => count(p.InternetRX),
    }),
    internetTx: t.int({
      nullable: true,
      description: 'Internet kbits sent in the period (InternetTX).',
      resolve: (p) => count(p.InternetTX),
    }),
    internetFlow: t.int({
      nullable: true,
      description: 'Internet kbits both ways (InternetFlow).',
      resolve: (p) => count(p.InternetFlow),
    }),
    internetBandwidth: t.int({
      nullable: true,
      description: 'Internet traffic, kbytes a second (InternetBandwidth).',
      resolve: (p) => count(p.InternetBandwidth),
    }),
    iopsRead: t.int({
      nullable: true,
      description: 'System disk reads a second (IOPSRead).',
      resolve: (p) => count(p.IOPSRead),
    }),
    iopsWrite: t.int({
      nullable: true,
      description: 'System disk writes a second (IOPSWrite).',
      resolve: (p) => count(p.IOPSWrite),
    }),
    bpsRead: t.int({
      nullable: true,
      description: 'System disk bytes read a second (BPSRead).',
      resolve: (p) => count(p.BPSRead),
    }),
    bpsWrite: t.int({
      nullable: true,
      description: 'System disk bytes written a second (BPSWrite).',
      resolve: (p) => count(p.BPSWrite),
    }),
  }),
});

const DiskMonitorPointRef = builder.objectRef<DiskPoint>('DiskMonitorPoint').implement({
  description: 'One point of a disk’s monitoring series (DiskMonitorDataType).',
  fields: (t) => ({
    time: t.field({
      type: 'DateTime',
      description: 'The start of the period the point covers (TimeStamp).',
      resolve: (point) => point.TimeStamp ?? '',
    }),
    iopsRead: t.int({
      nullable: true,
      description: 'Reads a second (IOPSRead).',
      resolve: (p) => count(p.IOPSRead),
    }),
    iopsWrite: t.int({
      nullable: true,
      description: 'Writes a second (IOPSWrite).',
      resolve: (p) => count(p.IOPSWrite),
    }),
    iopsTotal: t.int({
      nullable: true,
      description: 'Reads and writes a second (IOPSTotal).',
      resolve: (p) => count(p.IOPSTotal),
    }),
    bpsRead: t.int({
      nullable: true,
      description: 'Bytes read a second (BPSRead).',
      resolve: (p) => count(p.BPSRead),
    }),
    bpsWrite: t.int({
      nullable: true,
      description: 'Bytes written a second (BPSWrite).',
      resolve: (p) => count(p.BPSWrite),
    }),
    bpsTotal: t.int({
      nullable: true,
      description: 'Bytes read and written a second (BPSTotal).',
      resolve: (p) => count(p.BPSTotal),
    }),
  }),
});

const CALLS =
  'One DescribeInstanceMonitorData call per window of at most 60 periods (400 under today’s limits) for each instance: ECS has no batch form, so N instances cost N calls per window. Windows fully in the past are kept for a minute.';

builder.objectFields(InstanceRef, (t) => ({
  monitorData: monitorDataField(t, {
    source: instanceMonitorSource,
    periods: MONITOR_PERIODS,
    pointType: InstanceMonitorPointRef,
    idOf: (instance) => instance.InstanceId ?? '',
    regionOf: (instance) => instance.regionId,
    description: `The instance’s monitoring series from \`from\` to \`to\` (DescribeInstanceMonitorData): CPU, traffic and system disk IO, one point a period, none before the instance was created; zero while it is stopped. ${CALLS} Null, with an error at this path, when ECS refuses.`,
  }),
}));

builder.objectFields(DiskRef, (t) => ({
  monitorData: monitorDataField(t, {
    source: diskMonitorSource,
    periods: MONITOR_PERIODS,
    pointType: DiskMonitorPointRef,
    idOf: (disk) => disk.DiskId ?? '',
    regionOf: (disk) => disk.regionId,
    description: `The disk’s monitoring series from \`from\` to \`to\` (DescribeDiskMonitorData): IOPS and bandwidth, one point a period; zero unless the disk is In_use on a running instance. ${CALLS.replace('DescribeInstanceMonitorData', 'DescribeDiskMonitorData').replace('each instance', 'each disk').replace('N instances', 'N disks')} Null, with an error at this path, when ECS refuses.`,
  }),
}));
