import { DEFAULT_MONITOR_PERIOD, MONITOR_RETENTION_MS, parseMonitorTime } from '../../spec/monitor-common.js';
import type { EipSubject } from '../monitor-series.js';
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
 * Finds the EIP a DescribeEipMonitorData call names, in the request's region. The
 * simulator keeps no EIPs yet, so none is found; the EIP domain plugs its lookup
 * (its region's `eips` map, turned into an EipSubject) in here at integration.
 */
export type EipLookup = (context: DomainContext, allocationId: string) => EipSubject | undefined;

export const findEip: EipLookup = () => undefined;
