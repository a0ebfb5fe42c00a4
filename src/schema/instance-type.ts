import { type InstanceTypeItem, instanceTypeIdOf, loadInstanceTypes } from '../loaders/instance-types.js';
import { builder } from './builder.js';
import { upstreamCost } from './cost.js';
import { present } from './errors.js';

/** What the cost estimate assumes of the number of instance types ECS offers. */
const INSTANCE_TYPES_ESTIMATE = 500;

export const InstanceTypeRef = builder.objectRef<InstanceTypeItem>('InstanceType');

InstanceTypeRef.implement({
  description:
    'An instance type (InstanceTypeItemType): the vCPUs, memory and other hardware an instance is created with, such as ecs.t1.small. The same types are offered in every region.',
  fields: (t) => ({
    id: t.id({
      description:
        'The ID of the instance type, such as ecs.t1.small (InstanceTypeId today; the 2014 reference calls it InstanceId).',
      resolve: (type) => present(instanceTypeIdOf(type), 'InstanceTypeId of an instance type'),
    }),
    family: t.string({
      nullable: true,
      description: 'The instance type family (InstanceTypeFamily), such as ecs.t1.',
      resolve: (type) => type.InstanceTypeFamily || null,
    }),
    cpuCoreCount: t.int({
      nullable: true,
      description: 'The number of vCPU cores (CpuCoreCount).',
      resolve: (type) => type.CpuCoreCount ?? null,
    }),
    memorySize: t.float({
      nullable: true,
      description: 'The size of memory in GiB (MemorySize); 0.5 for the smallest types.',
      resolve: (type) => type.MemorySize ?? null,
    }),
    gpuAmount: t.int({
      nullable: true,
      description: 'The number of GPUs (GPUAmount); 0 for a type without GPUs.',
      resolve: (type) => type.GPUAmount ?? null,
    }),
    gpuSpec: t.string({
      nullable: true,
      description: 'The GPU model (GPUSpec), such as NVIDIA V100; null for a type without GPUs.',
      resolve: (type) => type.GPUSpec || null,
    }),
    eniQuantity: t.int({
      nullable: true,
      description: 'The most elastic network interfaces an instance of the type can attach (EniQuantity).',
      resolve: (type) => type.EniQuantity ?? null,
    }),
  }),
});

builder.queryFields((t) => ({
  instanceTypes: t.field({
    type: [InstanceTypeRef],
    // Nullable so that one region's failure leaves the rest of the answer standing.
    nullable: true,
    description:
      'The instance types ECS offers (DescribeInstanceTypes), in the order ECS lists them. Not paged: the whole list costs one call, made once per request.',
    args: {
      family: t.arg.string({
        required: false,
        description: 'Only the types of this family (InstanceTypeFamily), such as ecs.t1.',
      }),
    },
    extensions: upstreamCost({ calls: 'once', items: INSTANCE_TYPES_ESTIMATE }),
    resolve: (_root, args, context) => loadInstanceTypes(context, args.family ?? undefined),
  }),
  instanceType: t.field({
    type: InstanceTypeRef,
    nullable: true,
    description:
      'One instance type by ID, from the list of DescribeInstanceTypes (shared with instanceTypes in the same request); null when ECS offers no such type.',
    args: {
      id: t.arg.id({ required: true, description: 'The ID of the instance type, such as ecs.t1.small.' }),
    },
    extensions: upstreamCost({ calls: 'once' }),
    resolve: async (_root, args, context) =>
      (await loadInstanceTypes(context, undefined)).find(
        (type) => instanceTypeIdOf(type) === String(args.id),
      ) ?? null,
  }),
}));
