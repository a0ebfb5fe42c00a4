import type { ActionInput } from '../../spec/action.js';
import * as api from '../../spec/actions/monitoring.js';
import {
  EIP_MONITOR_PERIODS,
  EIP_MONITOR_POINTS_PER_CALL,
  formatMonitorTime,
  MONITOR_PERIODS,
} from '../../spec/monitor-common.js';
import { diskPoint, eipPoint, holds, instancePoint, pointTimes } from '../monitor-series.js';
import { type DiskStatus, find } from '../store.js';
import type { DomainContext, Reply } from './context.js';
import { fail } from './errors.js';
import { requireDisk, requireInstance } from './guards.js';
import { findEip, monitorWindow } from './monitor-window.js';

/**
 * The three monitoring reads. The range is checked before the resource is looked up,
 * so a malformed question is refused the same way for any id. Points run from the
 * StartTime, one a Period, to EndTime, none before the resource's creation or after now.
 */

function instanceOrDiskRefusals(
  action: typeof api.DescribeInstanceMonitorData | typeof api.DescribeDiskMonitorData,
) {
  return {
    periodNotAllowed: () => fail(action, 'InvalidPeriod.ValueNotSupported'),
    endBeforeStart: () => fail(action, 'InvalidParameter', 'The specified parameter "EndTime"'),
    tooManyPoints: () => fail(action, 'InvalidParameter.TooManyDataQueried'),
    tooEarly: () => fail(action, 'InvalidStartTime.TooEarly'),
  };
}

const isRunning = (status: string) => status === 'Running';
const ATTACHED: readonly DiskStatus[] = ['In_use', 'Detaching', 'ReIniting'];

export function DescribeInstanceMonitorData(
  input: ActionInput<typeof api.DescribeInstanceMonitorData>,
  context: DomainContext,
): Reply<typeof api.DescribeInstanceMonitorData> {
  const action = api.DescribeInstanceMonitorData;
  const window = monitorWindow(
    input,
    MONITOR_PERIODS,
    context.rules.monitorPointsPerCall,
    context.now,
    instanceOrDiskRefusals(action),
  );
  const { record: instance } = requireInstance(action, context, input.InstanceId);
  const subject = {
    instanceId: instance.instanceId,
    internetMaxBandwidthOut: instance.publicIpAddress ? instance.internetMaxBandwidthOut : 0,
    // Before its last transition an instance that ever started is taken as running.
    running: (at: number) => at < context.now && holds(instance.status, at, isRunning, instance.everStarted),
  };
  const times = pointTimes(window.from, window.to, window.period, instance.creationTime, context.now);
  return {
    MonitorData: times.map((at) => ({
      ...instancePoint(subject, at, window.period),
      TimeStamp: formatMonitorTime(at),
    })),
  };
}

export function DescribeDiskMonitorData(
  input: ActionInput<typeof api.DescribeDiskMonitorData>,
  context: DomainContext,
): Reply<typeof api.DescribeDiskMonitorData> {
  const action = api.DescribeDiskMonitorData;
  const window = monitorWindow(
    input,
    MONITOR_PERIODS,
    context.rules.monitorPointsPerCall,
    context.now,
    instanceOrDiskRefusals(action),
  );
  const { record: disk } = requireDisk(action, context, input.DiskId);
  const first = disk.status[0];
  // Before the disk's last transition it was attached unless that transition attaches it.
  const attachedBefore =
    first !== undefined && first.status !== 'Attaching' && ATTACHED.includes(first.status);
  const instanceId = disk.attachment?.instanceId;
  const instance = instanceId ? find(context.account, 'instances', instanceId)?.record : undefined;
  const subject = {
    diskId: disk.diskId,
    category: disk.category,
    busy: (at: number) =>
      at < context.now &&
      instance !== undefined &&
      holds(disk.status, at, (status) => ATTACHED.includes(status), attachedBefore) &&
      holds(instance.status, at, isRunning, instance.everStarted),
  };
  const points = pointTimes(window.from, window.to, window.period, disk.creationTime, context.now).map(
    (at) => ({ ...diskPoint(subject, at, window.period), TimeStamp: formatMonitorTime(at) }),
  );
  return { TotalCount: points.length, MonitorData: points };
}

export function DescribeEipMonitorData(
  input: ActionInput<typeof api.DescribeEipMonitorData>,
  context: DomainContext,
): Reply<typeof api.DescribeEipMonitorData> {
  const action = api.DescribeEipMonitorData;
  const window = monitorWindow(input, EIP_MONITOR_PERIODS, EIP_MONITOR_POINTS_PER_CALL, context.now, {
    periodNotAllowed: () => fail(action, 'InvalidParameter', 'Specified value of "Period"'),
    endBeforeStart: () => fail(action, 'InvalidParameter', 'The specified parameter "EndTime"'),
    tooManyPoints: () => fail(action, 'OperationDenied.ToManyDataQueried'),
  });
  const eip = findEip(context, input.AllocationId) ?? fail(action, 'InvalidAllocationId.NotFound');
  const subject = { ...eip, carrying: (at: number) => at < context.now && eip.carrying(at) };
  return {
    EipMonitorDatas: pointTimes(window.from, window.to, window.period, eip.creationTime, context.now).map(
      (at) => ({ ...eipPoint(subject, at, window.period), TimeStamp: formatMonitorTime(at) }),
    ),
  };
}
