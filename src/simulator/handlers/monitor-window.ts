import { DEFAULT_MONITOR_PERIOD, MONITOR_RETENTION_MS, parseMonitorTime } from '../../spec/monitor-common.js';
import type { EipSubject } from '../monitor-series.js';
import { boundInstanceId } from '../state/eip.js';
import { instanceStatus } from '../state/instance.js';
import { find } from '../store.js';
import type { DomainContext } from './context.js';

/** A monitoring call's time range, checked: ms since the epoch, the period in seconds. */
export interface MonitorWindow {
  readonly from: number;
  readonly to: number;
  readonly period: number;
}

/** How each monitoring action refuses a broken range rule: its own documented row. */
export interface WindowRefusals {
  readonly periodNotAllowed: () => never;
  readonly endBeforeStart: () => never;
  readonly tooManyPoints: () => never;
  /** Absent where the action documents no such rule (EIP). */
  readonly tooEarly?: () => never;
}

/**
 * Checks the range rules in the order a caller can fix them: the period, the order of
 * the two times, how far back, how many points. The times have passed the format check.
 */
export function monitorWindow(
  input: { readonly StartTime: string; readonly EndTime: string; readonly Period?: number | undefined },
  allowed: readonly number[],
  pointsPerCall: number,
  now: number,
  refuse: WindowRefusals,
): MonitorWindow {
  const period = input.Period ?? DEFAULT_MONITOR_PERIOD;
  if (!allowed.includes(period)) refuse.periodNotAllowed();
  const from = parseMonitorTime(input.StartTime) as number;
  const to = parseMonitorTime(input.EndTime) as number;
  if (to < from) refuse.endBeforeStart();
  if (refuse.tooEarly && from < now - MONITOR_RETENTION_MS) refuse.tooEarly();
  if ((to - from) / (period * 1000) > pointsPerCall) refuse.tooManyPoints();
  return { from, to, period };
}

/**
 * The EIP a DescribeEipMonitorData call names, in the request's region, as the series
 * sees it: traffic flows while it is bound to an instance that is Running.
 */
export function findEip(context: DomainContext, allocationId: string): EipSubject | undefined {
  const found = find(context.account, 'eips', allocationId, context.regionId);
  if (!found) return undefined;
  const { region, record: eip } = found;
  return {
    allocationId,
    creationTime: eip.creationTime,
    bandwidth: eip.bandwidth,
    carrying(at) {
      const instanceId = boundInstanceId(eip, at);
      const instance = instanceId === undefined ? undefined : region.instances.get(instanceId);
      return instance !== undefined && instanceStatus(instance, at) === 'Running';
    },
  };
}
