import { DescribeInstanceVncUrl } from '../spec/actions/instance-vnc.js';
import { builder } from './builder.js';
import { upstreamCost } from './cost.js';
import { present } from './errors.js';
import { InstanceRef } from './instance.js';

/**
 * The management terminal (VNC) of an instance. Its URL is good for one connection, so
 * it is read by a call of its own at each evaluation: no loader holds it, and the read
 * cache does not keep it (reads.oneTime).
 */
builder.objectFields(InstanceRef, (t) => ({
  vncUrl: t.string({
    nullable: true,
    description:
      'A one-time URL of the instance’s management terminal (DescribeInstanceVncUrl), URL-encoded as ECS sends it: pass it as the vncUrl parameter of the console’s VNC page. Each evaluation makes a new one, with a call of its own, never cached; it is good for one connection within 15 seconds. Null, without a call, for an instance that is not Running (ECS refuses those with IncorrectInstanceStatus); null with an error at this path when ECS fails.',
    extensions: upstreamCost({ calls: 'each' }),
    resolve: async (instance, _args, { ecs }) => {
      if (instance.Status !== 'Running') return null;
      const result = await ecs.call(DescribeInstanceVncUrl, {
        RegionId: instance.regionId,
        InstanceId: present(instance.InstanceId, 'InstanceId'),
      });
      return result.VncUrl || null;
    },
  }),
}));
