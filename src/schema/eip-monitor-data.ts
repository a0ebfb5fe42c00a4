import type { MonitorSeriesSource } from '../loaders/monitor-data.js';
import type { ActionResult } from '../spec/action.js';
import { DescribeEipMonitorData } from '../spec/actions/monitoring.js';
import { EIP_MONITOR_PERIODS, EIP_MONITOR_POINTS_PER_CALL } from '../spec/monitor-common.js';
import { builder } from './builder.js';
import { EipRef } from './eip.js';
import { present } from './errors.js';
import { monitorDataField } from './monitor-data-field.js';

/** Eip.monitorData: typed points of DescribeEipMonitorData, windows of at most 200 periods. */

type EipPoint = ActionResult<typeof DescribeEipMonitorData>['EipMonitorDatas'][number];

export const eipMonitorSource: MonitorSeriesSource<typeof DescribeEipMonitorData, EipPoint> = {
  action: DescribeEipMonitorData,
  input: (id, regionId, _window, times) => ({ RegionId: regionId, AllocationId: id, ...times }),
  points: (result) => result.EipMonitorDatas,
  // The EIP action's limit is the same under both profiles.
  pointsPerCall: () => EIP_MONITOR_POINTS_PER_CALL,
};

/** An integer of a point; null where ECS left it out. */
const count = (value: number | undefined) => value ?? null;

const EipMonitorPointRef = builder.objectRef<EipPoint>('EipMonitorPoint').implement({
  description: 'One point of an elastic IP’s monitoring series (EipMonitorDataType).',
  fields: (t) => ({
    time: t.field({
      type: 'DateTime',
      description: 'The start of the period the point covers (TimeStamp).',
      resolve: (point) => point.TimeStamp ?? '',
    }),
    rx: t.int({
      nullable: true,
      description: 'Bytes received in the period (EipRX).',
      resolve: (p) => count(p.EipRX),
    }),
    tx: t.int({
      nullable: true,
      description: 'Bytes sent in the period (EipTX).',
      resolve: (p) => count(p.EipTX),
    }),
    flow: t.int({
      nullable: true,
      description: 'Bytes both ways in the period (EipFlow).',
      resolve: (p) => count(p.EipFlow),
    }),
    bandwidth: t.int({
      nullable: true,
      description: 'Average traffic, bytes a second (EipBandwidth).',
      resolve: (p) => count(p.EipBandwidth),
    }),
    packets: t.int({
      nullable: true,
      description: 'Packets in the period (EipPackets).',
      resolve: (p) => count(p.EipPackets),
    }),
  }),
});

builder.objectFields(EipRef, (t) => ({
  monitorData: monitorDataField(t, {
    source: eipMonitorSource,
    periods: EIP_MONITOR_PERIODS,
    pointType: EipMonitorPointRef,
    idOf: (eip) => present(eip.AllocationId, 'AllocationId of an EIP'),
    regionOf: (eip) => present(eip.RegionId, 'RegionId of an EIP'),
    description:
      'The EIP’s traffic from `from` to `to` (DescribeEipMonitorData), one point a period (MINUTE, FIVE_MINUTES, FIFTEEN_MINUTES or HOUR), none before the EIP was allocated; zero while it is bound to nothing running. One call per window of at most 200 periods for each EIP: ECS has no batch form. Windows fully in the past are kept for a minute. Null, with an error at this path, when ECS refuses.',
  }),
}));
