import type { ActionInput } from '../../spec/action.js';
import type * as api from '../../spec/actions/instance-types.js';
import { INSTANCE_TYPES } from '../catalog.js';
import { type DomainContext, matches, type Reply } from './context.js';

/** Every type, under both its names: `InstanceId` (the 2014 reference) and `InstanceTypeId` (today). */
export function DescribeInstanceTypes(
  input: ActionInput<typeof api.DescribeInstanceTypes>,
  _context: DomainContext,
): Reply<typeof api.DescribeInstanceTypes> {
  return {
    InstanceTypes: INSTANCE_TYPES.filter((type) =>
      matches(input.InstanceTypeFamily, type.instanceTypeFamily),
    ).map((type) => ({
      InstanceTypeId: type.instanceTypeId,
      InstanceId: type.instanceTypeId,
      CpuCoreCount: type.cpuCoreCount,
      MemorySize: type.memorySize,
      InstanceTypeFamily: type.instanceTypeFamily,
      GPUAmount: 0,
      GPUSpec: '',
      EniQuantity: Math.max(2, Math.min(8, type.cpuCoreCount)),
    })),
  };
}
