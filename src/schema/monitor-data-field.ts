import type { ObjectRef } from '@pothos/core';
import type { GraphQLError } from 'graphql';
import type { GatewayContext } from '../context.js';
import type { LoadersOptions } from '../loaders/loaders.js';
import {
  createMonitorLoader,
  MAX_MONITOR_WINDOWS,
  type MonitorLoader,
  type MonitorSeriesSource,
  monitorWindows,
  toMinute,
} from '../loaders/monitor-data.js';
import type { AnyAction } from '../spec/action.js';
import type { ApiLimits } from '../spec/limits.js';
import { DEFAULT_MONITOR_PERIOD } from '../spec/monitor-common.js';
import { argumentCheck } from './argument-checks.js';
import { builder, type GatewayTypes } from './builder.js';
import { upstreamCost } from './cost.js';
import { badUserInput } from './errors.js';

/**
 * The `monitorData(from:, to:, period:)` field of a monitored resource, generic over
 * its action: Instance and Disk use it, Eip plugs its DescribeEipMonitorData source in
 * the same way. Arguments are checked before any call; a range longer than one call
 * may return is split into consecutive calls (see monitorWindows), up to
 * MAX_MONITOR_WINDOWS, because the per-call limit (60 points in 2014) is the API's
 * paging, not the caller's concern; past that the field refuses, naming the rule.
 */

export const MonitorPeriod = builder.enumType('MonitorPeriod', {
  description: 'The time between two points of a monitoring series (Period).',
  values: {
    MINUTE: { value: 60, description: '60 seconds (the default).' },
    FIVE_MINUTES: { value: 300, description: '300 seconds (EIP only).' },
    TEN_MINUTES: { value: 600, description: '600 seconds (instances and disks).' },
    FIFTEEN_MINUTES: { value: 900, description: '900 seconds (EIP only).' },
    HOUR: { value: 3600, description: '3600 seconds.' },
  } as const,
});

export interface MonitorArgs {
  readonly from: Date;
  readonly to: Date;
  readonly period?: number | null | undefined;
}

export interface MonitorFieldSpec<Parent, A extends AnyAction, Point> {
  readonly source: MonitorSeriesSource<A, Point>;
  /** The periods the action allows, seconds. */
  readonly periods: readonly number[];
  readonly pointType: ObjectRef<GatewayTypes, Point>;
  readonly idOf: (parent: Parent) => string;
  readonly regionOf: (parent: Parent) => string;
  readonly description: string;
}

/** The problems of a field's arguments, before any call: order, period, calls needed. */
export function monitorArgumentProblems(
  args: MonitorArgs,
  periods: readonly number[],
  pointsPerCall: number,
  path: string,
): GraphQLError[] {
  const period = args.period ?? DEFAULT_MONITOR_PERIOD;
  if (!periods.includes(period))
    return [badUserInput(`${path}(period)`, `must be one of ${periods.join(', ')} seconds here`, period)];
  const from = toMinute(args.from.getTime());
  const to = toMinute(args.to.getTime());
  if (to < from) return [badUserInput(`${path}(to)`, 'must not be before from', args.to.toISOString())];
  const windows = monitorWindows({ from, to, period }, pointsPerCall).length;
  if (windows > MAX_MONITOR_WINDOWS)
    return [
      badUserInput(
        `${path}(to)`,
        `must keep the range within ${MAX_MONITOR_WINDOWS} calls of ${pointsPerCall} periods each (${MAX_MONITOR_WINDOWS * (pointsPerCall + 1)} points); narrow the range or choose a longer period`,
        args.to.toISOString(),
      ),
    ];
  return [];
}

/** Calls one evaluation makes: its windows (0 for arguments the check refuses). */
function windowsOf(
  args: Readonly<Record<string, unknown>>,
  periods: readonly number[],
  pointsPerCall: number,
) {
  const { from, to, period = DEFAULT_MONITOR_PERIOD } = args as unknown as MonitorArgs;
  if (!(from instanceof Date) || !(to instanceof Date) || !periods.includes(period ?? DEFAULT_MONITOR_PERIOD))
    return 0;
  return monitorWindows(
    { from: from.getTime(), to: to.getTime(), period: period ?? DEFAULT_MONITOR_PERIOD },
    pointsPerCall,
  ).length;
}

export function monitorDataField<Parent, A extends AnyAction, Point>(
  t: PothosSchemaTypes.ObjectFieldBuilder<GatewayTypes, Parent>,
  spec: MonitorFieldSpec<Parent, A, Point>,
) {
  const create = (options: LoadersOptions): MonitorLoader<Point> => createMonitorLoader(spec.source, options);
  const perCall = (limits: ApiLimits) => spec.source.pointsPerCall(limits);
  return t.field({
    type: [spec.pointType],
    nullable: true,
    description: spec.description,
    args: {
      from: t.arg({
        type: 'DateTime',
        required: true,
        description: 'The first time (seconds round up to the minute).',
      }),
      to: t.arg({ type: 'DateTime', required: true, description: 'The last time, included.' }),
      period: t.arg({
        type: MonitorPeriod,
        required: false,
        description: 'Time between points; MINUTE by default.',
      }),
    },
    extensions: {
      ...upstreamCost({
        calls: 'perEvaluation',
        perEvaluation: (args, limits) => windowsOf(args, spec.periods, perCall(limits)),
      }),
      ...argumentCheck((args, { limits }, path) =>
        monitorArgumentProblems(args as unknown as MonitorArgs, spec.periods, perCall(limits), path),
      ),
    },
    resolve: (parent, args, context: GatewayContext) =>
      context.loaders.own(create).load({
        regionId: spec.regionOf(parent),
        id: spec.idOf(parent),
        from: toMinute(args.from.getTime()),
        to: toMinute(args.to.getTime()),
        period: args.period ?? DEFAULT_MONITOR_PERIOD,
      }) as Promise<Point[]>,
  });
}
