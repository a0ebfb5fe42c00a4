import { p, type StringRule } from './params.js';
import { t } from './shape.js';

/**
 * What the three monitoring actions share: their time parameters and rules, the
 * periods each allows, the points a call may return, and the data types of the answer.
 */

/** Periods (seconds) of DescribeInstanceMonitorData and DescribeDiskMonitorData. */
export const MONITOR_PERIODS = [60, 600, 3600] as const;
/** Periods (seconds) of DescribeEipMonitorData. */
export const EIP_MONITOR_PERIODS = [60, 300, 900, 3600] as const;
/** Period when a call names none: 60 seconds for all three. */
export const DEFAULT_MONITOR_PERIOD = 60;
/** How far back StartTime may reach (InvalidStartTime.TooEarly past it): 30 days, as today's API keeps. */
export const MONITOR_RETENTION_MS = 30 * 24 * 3600 * 1000;

/**
 * Most points one call may ask for, (EndTime - StartTime) / Period: 60 for instances
 * and disks in the 2014 reference, 400 today; 200 for an EIP in both.
 */
export const MONITOR_POINTS_PER_CALL = { '2014': 60, current: 400 } as const;
export const EIP_MONITOR_POINTS_PER_CALL = 200;

const TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?Z$/;
const MINUTE_MS = 60_000;

/**
 * A monitoring time in ms since the epoch, or undefined when it is not a UTC time
 * written YYYY-MM-DDThh:mm:ssZ (or YYYY-MM-DDThh:mmZ, the form the answers use).
 * Seconds other than 00 move it to the start of the next minute, as the reference says.
 */
export function parseMonitorTime(value: string): number | undefined {
  const match = TIME.exec(value);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(ms);
  // Date.UTC rolls 02-30 over into March; a date that does not come back unchanged does not exist.
  if (
    back.getUTCMonth() !== month - 1 ||
    back.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    return undefined;
  return Math.ceil(ms / MINUTE_MS) * MINUTE_MS;
}

/** A monitoring time as the API takes it: `2026-11-30T08:00:00Z`. */
export function formatMonitorTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

const monitorTime: StringRule = (value) =>
  parseMonitorTime(value) === undefined ? 'a UTC time written YYYY-MM-DDThh:mm:ssZ' : undefined;

export const monitorStartTime = p.string({
  required: true,
  check: monitorTime,
  code: 'InvalidStartTime.Malformed',
  doc: 'The first time of the data, UTC, YYYY-MM-DDThh:mm:ssZ; seconds other than 00 move it to the next minute.',
});
export const monitorEndTime = p.string({
  required: true,
  check: monitorTime,
  code: 'InvalidEndTime.Malformed',
  doc: 'The last time of the data, UTC, YYYY-MM-DDThh:mm:ssZ; seconds other than 00 move it to the next minute.',
});

/**
 * Period, in seconds. A value that is not a number is InvalidParameter (the parameter
 * check); a number the action does not allow is refused by the handler with its own code.
 */
export function periodParam(allowed: readonly number[]) {
  return p.int({ doc: `The seconds between points: ${allowed.join(', ')}. Default 60.` });
}

/** InstanceMonitorDataType, with the Flow fields of the reference's example and today's. */
export const InstanceMonitorDataType = t.object({
  InstanceId: t.string,
  /** Percent. */
  CPU: t.int,
  /** kbits received and sent over the period. */
  IntranetRX: t.int,
  IntranetTX: t.int,
  IntranetFlow: t.int,
  /** kbits/s. */
  IntranetBandwidth: t.int,
  InternetRX: t.int,
  InternetTX: t.int,
  InternetFlow: t.int,
  InternetBandwidth: t.int,
  /** System disk operations a second. */
  IOPSRead: t.int,
  IOPSWrite: t.int,
  /** System disk bytes a second. */
  BPSRead: t.int,
  BPSWrite: t.int,
  TimeStamp: t.string,
});

/** DiskMonitorDataType. */
export const DiskMonitorDataType = t.object({
  DiskId: t.string,
  IOPSRead: t.int,
  IOPSWrite: t.int,
  IOPSTotal: t.int,
  BPSRead: t.int,
  BPSWrite: t.int,
  BPSTotal: t.int,
  TimeStamp: t.string,
});

/** EipMonitorDataType: bytes over the period, bytes a second, packets. */
export const EipMonitorDataType = t.object({
  EipRX: t.int,
  EipTX: t.int,
  EipFlow: t.int,
  EipBandwidth: t.int,
  EipPackets: t.int,
  TimeStamp: t.string,
});
