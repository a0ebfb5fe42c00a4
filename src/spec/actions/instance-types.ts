import { defineAction } from '../action.js';
import { InstanceTypeItemType } from '../datatypes.js';
import { p } from '../params.js';
import { t } from '../shape.js';

export const DescribeInstanceTypes = defineAction({
  name: 'DescribeInstanceTypes',
  summary: 'Lists the instance types ECS offers, with their vCPUs and memory. Not paged.',
  idempotency: 'read',
  reads: { kind: 'catalog', list: 'InstanceTypes' },
  params: {
    InstanceTypeFamily: p.string({ doc: 'Only types of this family, such as ecs.n1.' }),
  },
  response: {
    InstanceTypes: t.list('InstanceType', InstanceTypeItemType),
  },
});
