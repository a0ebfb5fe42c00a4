import { defineAction } from '../action.js';
import { diskNotFound, documented, instanceNotFound } from '../documented-errors.js';
import {
  DiskMonitorDataType,
  EIP_MONITOR_PERIODS,
  EipMonitorDataType,
  InstanceMonitorDataType,
  MONITOR_PERIODS,
  monitorEndTime,
  monitorStartTime,
  periodParam,
} from '../monitor-common.js';
import { p } from '../params.js';
import { t } from '../shape.js';

const startMalformed = documented(
  'InvalidStartTime.Malformed',
  400,
  'The specified parameter "StartTime" is not valid.',
  'The StartTime is not a UTC time written YYYY-MM-DDThh:mm:ssZ.',
);
const endMalformed = documented(
  'InvalidEndTime.Malformed',
  400,
  'The specified parameter "EndTime" is not valid.',
  'The EndTime is not a UTC time written YYYY-MM-DDThh:mm:ssZ.',
);
const periodNotNumber = documented(
  'InvalidParameter',
  400,
  'The specified parameter "Period" is not valid.',
  'The Period is not a number.',
);
const periodNotSupported = documented(
  'InvalidPeriod.ValueNotSupported',
  400,
  'The specified parameter "Period" is not valid.',
  `The Period is none of ${MONITOR_PERIODS.join(', ')} seconds.`,
);
const startTooEarly = documented(
  'InvalidStartTime.TooEarly',
  400,
  'The specified parameter "StartTime" is too early.',
  'The StartTime is more than 30 days before now: older data is not kept.',
);
// The reference says "an error is returned" past the points limit and names no code; today's API names this one.
const tooManyPoints = documented(
  'InvalidParameter.TooManyDataQueried',
  400,
  'Too many data queried.',
  "Today's API: (EndTime - StartTime) / Period is above the points a call may return (60 in 2014, 400 today).",
);
// Neither table has a row for a range that ends before it starts; InvalidParameter names the field.
const endBeforeStart = documented(
  'InvalidParameter',
  400,
  'The specified parameter "EndTime" is not valid: must not be before StartTime.',
  'The EndTime is before the StartTime.',
);

export const DescribeInstanceMonitorData = defineAction({
  name: 'DescribeInstanceMonitorData',
  summary:
    'Returns the monitoring data of an instance (CPU, traffic, system disk IO) between two times, one point a Period.',
  idempotency: 'read',
  params: {
    InstanceId: p.id({ required: true, doc: 'The instance to return the data of.' }),
    StartTime: monitorStartTime,
    EndTime: monitorEndTime,
    Period: periodParam(MONITOR_PERIODS),
  },
  response: { MonitorData: t.list('InstanceMonitorData', InstanceMonitorDataType) },
  errors: [
    instanceNotFound,
    startMalformed,
    endMalformed,
    periodNotNumber,
    periodNotSupported,
    startTooEarly,
    tooManyPoints,
    endBeforeStart,
  ],
});

export const DescribeDiskMonitorData = defineAction({
  name: 'DescribeDiskMonitorData',
  summary: 'Returns the monitoring data of a disk (IOPS, bandwidth) between two times, one point a Period.',
  idempotency: 'read',
  params: {
    DiskId: p.id({ required: true, doc: 'The disk to return the data of.' }),
    StartTime: monitorStartTime,
    EndTime: monitorEndTime,
    Period: periodParam(MONITOR_PERIODS),
  },
  response: {
    TotalCount: t.int,
    MonitorData: t.list('DiskMonitorData', DiskMonitorDataType),
  },
  errors: [
    documented(
      'InvalidDiskId.NotFound',
      404,
      'The DiskId provided does not exist in our records.',
      diskNotFound.doc,
    ),
    startMalformed,
    endMalformed,
    periodNotNumber,
    periodNotSupported,
    startTooEarly,
    tooManyPoints,
    endBeforeStart,
  ],
});

export const DescribeEipMonitorData = defineAction({
  name: 'DescribeEipMonitorData',
  summary: 'Returns the traffic of an elastic IP between two times, one point a Period, at most 200 points.',
  idempotency: 'read',
  params: {
    RegionId: p.string({ doc: "The EIP's region; absent, the endpoint's." }),
    AllocationId: p.id({ required: true, doc: 'The allocation id of the EIP.' }),
    StartTime: monitorStartTime,
    EndTime: monitorEndTime,
    Period: periodParam(EIP_MONITOR_PERIODS),
  },
  response: { EipMonitorDatas: t.list('EipMonitorData', EipMonitorDataType) },
  errors: [
    documented(
      'InvalidAllocationId.NotFound',
      400,
      'Specified allocation id is not found.',
      'The AllocationId names no EIP of the region.',
    ),
    documented('InvalidStartTime.Malformed', 400, 'Specified start time is malformed.', startMalformed.doc),
    documented('InvalidEndTime.Malformed', 400, 'Specified end time is malformed.', endMalformed.doc),
    documented(
      'InvalidParameter',
      400,
      'Specified value of "Period" is not valid',
      `The Period is not one of ${EIP_MONITOR_PERIODS.join(', ')} seconds.`,
    ),
    documented(
      'OperationDenied.ToManyDataQueried',
      400,
      'Specified operation is denied as too many data to return.',
      '(EndTime - StartTime) / Period is above 200.',
    ),
    endBeforeStart,
  ],
});
