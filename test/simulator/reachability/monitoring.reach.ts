import { formatMonitorTime } from '../../../src/spec/monitor-common.js';
import type { Params, Reach, ReachWorld, Unreachable } from './reach.js';

/**
 * The monitoring actions. Times are taken from the simulator's clock (other scenarios
 * may have moved it): `minutesAgo(10)` is ten whole minutes before it.
 */

function minutesAgo(world: ReachWorld, minutes: number): string {
  const minute = Math.floor(world.simulator.domain.clock.now() / 60_000) * 60_000;
  return formatMonitorTime(minute - minutes * 60_000);
}

/** A range of ten minutes ending now, with `change` applied. */
function range(world: ReachWorld, change: Params = {}): Params {
  return { StartTime: minutesAgo(world, 10), EndTime: minutesAgo(world, 0), ...change };
}

async function anInstance(world: ReachWorld): Promise<Params> {
  return { InstanceId: (await world.seeded()).instanceIds[0] as string, RegionId: '' };
}
async function aDisk(world: ReachWorld): Promise<Params> {
  return { DiskId: (await world.seeded()).diskIds[0] as string, RegionId: '' };
}
const anEip = { AllocationId: 'eip-missing' };

/** Scenarios of one instance-or-disk action: the resource from `subject`, then the range rules. */
function rangeRules(action: string, subject: (world: ReachWorld) => Promise<Params>): Reach[] {
  const withRange = (change: Params | ((world: ReachWorld) => Params)) => async (world: ReachWorld) => ({
    ...(await subject(world)),
    ...range(world, typeof change === 'function' ? change(world) : change),
  });
  return [
    { action, code: 'InvalidStartTime.Malformed', params: withRange({ StartTime: '2025-01-05 10:00' }) },
    { action, code: 'InvalidEndTime.Malformed', params: withRange({ EndTime: '2025-02-30T10:00:00Z' }) },
    { action, code: 'InvalidParameter', params: withRange({ Period: 'hourly' }) },
    { action, code: 'InvalidPeriod.ValueNotSupported', params: withRange({ Period: '300' }) },
    {
      action,
      code: 'InvalidStartTime.TooEarly',
      params: withRange((world) => ({ StartTime: minutesAgo(world, 31 * 24 * 60) })),
    },
    {
      action,
      code: 'InvalidParameter.TooManyDataQueried',
      // Past 400 points of 60 s: too many under both the 2014 limit (60) and today's.
      params: withRange((world) => ({ StartTime: minutesAgo(world, 401) })),
    },
  ];
}

export const reach: Reach[] = [
  {
    action: 'DescribeInstanceMonitorData',
    code: 'InvalidInstanceId.NotFound',
    params: async (world) => ({ InstanceId: 'i-missing', RegionId: '', ...range(world) }),
  },
  ...rangeRules('DescribeInstanceMonitorData', anInstance),
  {
    action: 'DescribeDiskMonitorData',
    code: 'InvalidDiskId.NotFound',
    params: async (world) => ({ DiskId: 'd-missing', RegionId: '', ...range(world) }),
  },
  ...rangeRules('DescribeDiskMonitorData', aDisk),
  {
    action: 'DescribeEipMonitorData',
    code: 'InvalidAllocationId.NotFound',
    params: async (world) => ({ ...anEip, ...range(world) }),
  },
  {
    action: 'DescribeEipMonitorData',
    code: 'InvalidStartTime.Malformed',
    params: async (world) => ({ ...anEip, ...range(world, { StartTime: 'yesterday' }) }),
  },
  {
    action: 'DescribeEipMonitorData',
    code: 'InvalidEndTime.Malformed',
    params: async (world) => ({ ...anEip, ...range(world, { EndTime: 'now' }) }),
  },
  {
    action: 'DescribeEipMonitorData',
    code: 'InvalidParameter',
    params: async (world) => ({ ...anEip, ...range(world, { Period: '600' }) }),
  },
  {
    action: 'DescribeEipMonitorData',
    code: 'OperationDenied.ToManyDataQueried',
    params: async (world) => ({ ...anEip, ...range(world, { StartTime: minutesAgo(world, 201) }) }),
  },
];

export const unreachable: Unreachable[] = [];
