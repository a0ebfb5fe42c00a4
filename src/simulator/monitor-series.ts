import { hashSeed } from './random.js';
import type { Timeline } from './state/timeline.js';
import { statusAt } from './state/timeline.js';
import type { DiskCategory } from './store.js';

/**
 * The monitoring series the simulator answers: a pure function of the resource id and
 * the minute, so the same question gets the same numbers on every call, after a reset
 * and on every run. A point of a longer Period aggregates the minutes it covers (sums
 * for traffic amounts, means for rates), so the 60 s and 3600 s views agree. A minute
 * when the resource is idle (instance not Running, disk not on a Running instance)
 * reads zero; a point before the resource existed, or after now, is not there.
 */

const MINUTE_MS = 60_000;

/**
 * The times of a window's points: every period from `from` to `to`, both included (the
 * reference's example answers 12:07, 12:08 and 12:09 for that range), leaving out those
 * before `notBefore` (the resource's creation) and after `notAfter` (now).
 */
export function pointTimes(
  from: number,
  to: number,
  periodSeconds: number,
  notBefore: number,
  notAfter: number,
): number[] {
  const step = periodSeconds * 1000;
  const times: number[] = [];
  for (let at = from; at <= to && at <= notAfter; at += step) if (at >= notBefore) times.push(at);
  return times;
}

/** A float in [0, 1) fixed by its key. */
function unit(key: string): number {
  return hashSeed(key) / 4294967296;
}

/**
 * How busy a resource is in a minute, 0 to 1: a level of its own, a daily swell (peak
 * at an hour of its own) and minute-to-minute noise.
 */
function load(id: string, minute: number): number {
  const level = 0.1 + 0.5 * unit(`${id}:level`);
  const peakHour = 24 * unit(`${id}:peak`);
  const hour = (minute / 60) % 24;
  const daily = 0.5 + 0.5 * Math.cos((2 * Math.PI * (hour - peakHour)) / 24);
  const noise = unit(`${id}:${minute}`) - 0.5;
  return Math.min(1, Math.max(0, level * (0.4 + 0.6 * daily) + 0.15 * noise));
}

/** A metric's value in a minute: `scale` at full load, varied per metric. */
function metric(id: string, name: string, minute: number, scale: number): number {
  return scale * load(id, minute) * (0.7 + 0.6 * unit(`${id}:${name}:${minute}`));
}

/**
 * Whether a status timeline holds `active` at `at`. The timeline keeps only the last
 * transition: before its first phase the status is taken as `before`.
 */
export function holds<S extends string>(
  timeline: Timeline<S>,
  at: number,
  isActive: (status: S) => boolean,
  before: boolean,
): boolean {
  const first = timeline[0];
  if (first === undefined || at < first.at) return before;
  return isActive(statusAt(timeline, at));
}

/** Aggregates minute values over [at, at + period): sums for amounts, means for rates. */
function overPeriod(
  at: number,
  periodSeconds: number,
  active: (minuteStart: number) => boolean,
  value: (minute: number) => number,
  mode: 'sum' | 'mean',
): number {
  const minutes = periodSeconds / 60;
  let total = 0;
  for (let i = 0; i < minutes; i++) {
    const start = at + i * MINUTE_MS;
    if (active(start)) total += value(start / MINUTE_MS);
  }
  return Math.round(mode === 'sum' ? total : total / minutes);
}

export interface InstanceSubject {
  readonly instanceId: string;
  /** Mbit/s out to the internet; 0 means no public traffic. */
  readonly internetMaxBandwidthOut: number;
  /** Whether the instance runs at a time. */
  running(at: number): boolean;
}

export function instancePoint(subject: InstanceSubject, at: number, periodSeconds: number) {
  const id = subject.instanceId;
  const sum = (name: string, scale: number) =>
    overPeriod(at, periodSeconds, subject.running, (m) => metric(id, name, m, scale), 'sum');
  const mean = (name: string, scale: number) =>
    overPeriod(at, periodSeconds, subject.running, (m) => metric(id, name, m, scale), 'mean');
  // kbits a minute: the intranet up to ~100 Mbit/s, the internet within the bought bandwidth.
  const internetScale = subject.internetMaxBandwidthOut * 60_000 * 0.8;
  const IntranetRX = sum('intranetRx', 6_000_000);
  const IntranetTX = sum('intranetTx', 4_000_000);
  const InternetRX = sum('internetRx', internetScale / 2);
  const InternetTX = sum('internetTx', internetScale);
  const IntranetFlow = IntranetRX + IntranetTX;
  const InternetFlow = InternetRX + InternetTX;
  return {
    InstanceId: id,
    CPU: mean('cpu', 100),
    IntranetRX,
    IntranetTX,
    IntranetFlow,
    // kbytes a second over the period.
    IntranetBandwidth: Math.round(IntranetFlow / 8 / periodSeconds),
    InternetRX,
    InternetTX,
    InternetFlow,
    InternetBandwidth: Math.round(InternetFlow / 8 / periodSeconds),
    IOPSRead: mean('iopsRead', 400),
    IOPSWrite: mean('iopsWrite', 250),
    BPSRead: mean('bpsRead', 12_000_000),
    BPSWrite: mean('bpsWrite', 8_000_000),
  };
}

/** Operations a second a disk of the category sustains at full load. */
const IOPS_BY_CATEGORY: Readonly<Record<DiskCategory, number>> = {
  cloud: 300,
  cloud_efficiency: 3000,
  cloud_ssd: 20_000,
  cloud_essd: 50_000,
  cloud_auto: 50_000,
};

export interface DiskSubject {
  readonly diskId: string;
  readonly category: DiskCategory;
  /** Whether the disk is attached to a running instance at a time. */
  busy(at: number): boolean;
}

export function diskPoint(subject: DiskSubject, at: number, periodSeconds: number) {
  const id = subject.diskId;
  const iops = IOPS_BY_CATEGORY[subject.category] * 0.3;
  const mean = (name: string, scale: number) =>
    overPeriod(at, periodSeconds, subject.busy, (m) => metric(id, name, m, scale), 'mean');
  const IOPSRead = mean('iopsRead', iops);
  const IOPSWrite = mean('iopsWrite', iops * 0.6);
  // 16 KiB an operation on average.
  const BPSRead = mean('bpsRead', iops * 16_384);
  const BPSWrite = mean('bpsWrite', iops * 0.6 * 16_384);
  return {
    DiskId: id,
    IOPSRead,
    IOPSWrite,
    IOPSTotal: IOPSRead + IOPSWrite,
    BPSRead,
    BPSWrite,
    BPSTotal: BPSRead + BPSWrite,
  };
}

/** What the EIP series needs of an EIP; the EIP domain's record provides it. */
export interface EipSubject {
  readonly allocationId: string;
  /** ms since the epoch: no point before it. */
  readonly creationTime: number;
  /** Mbit/s. */
  readonly bandwidth: number;
  /** Whether the EIP is bound to something that carries traffic at a time. */
  carrying(at: number): boolean;
}

export function eipPoint(subject: EipSubject, at: number, periodSeconds: number) {
  const id = subject.allocationId;
  // Bytes a minute within the bandwidth.
  const scale = subject.bandwidth * 7_500_000 * 0.8;
  const sum = (name: string, factor: number) =>
    overPeriod(at, periodSeconds, subject.carrying, (m) => metric(id, name, m, factor), 'sum');
  const EipRX = sum('rx', scale / 2);
  const EipTX = sum('tx', scale);
  const EipFlow = EipRX + EipTX;
  return {
    EipRX,
    EipTX,
    EipFlow,
    EipBandwidth: Math.round(EipFlow / periodSeconds),
    // ~1 KiB a packet.
    EipPackets: Math.round(EipFlow / 1024),
  };
}
