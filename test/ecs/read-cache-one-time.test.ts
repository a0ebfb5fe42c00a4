import { describe, expect, it } from 'vitest';
import type { EcsCaller } from '../../src/ecs/caller.js';
import { CacheMiss, ReadCache } from '../../src/ecs/read-cache/read-cache.js';
import type { AnyAction } from '../../src/spec/action.js';
import { DescribeInstanceVncUrl } from '../../src/spec/actions/instance-vnc.js';

/**
 * A read whose answers are one-time values (DescribeInstanceVncUrl, reads.oneTime) is
 * never answered from the read cache, nor shared between reads in flight at once.
 */

function upstream() {
  const calls: string[] = [];
  const caller: EcsCaller = {
    call(action: AnyAction) {
      calls.push(action.name);
      return Promise.resolve({ VncUrl: `url-${calls.length}`, RequestId: `r-${calls.length}` } as never);
    },
  };
  return { calls, caller };
}

describe('ReadCache and one-time reads', () => {
  it('calls for every read, the same ones at once included, and stores none', async () => {
    const cache = new ReadCache({ defaultRegionId: 'cn-hangzhou', now: () => 0 });
    const { calls, caller } = upstream();
    const view = cache.view(caller);
    const input = { RegionId: 'cn-hangzhou', InstanceId: 'i-1' };
    const [first, second] = await Promise.all([
      view.call(DescribeInstanceVncUrl, input),
      view.call(DescribeInstanceVncUrl, input),
    ]);
    const third = await view.call(DescribeInstanceVncUrl, input);
    expect([first.VncUrl, second.VncUrl, third.VncUrl]).toEqual(['url-1', 'url-2', 'url-3']);
    expect(calls).toHaveLength(3);
    expect(view.stats).toMatchObject({ hits: 0, coalesced: 0, misses: 3 });
    await expect(view.cachedOnly().call(DescribeInstanceVncUrl, input)).rejects.toBeInstanceOf(CacheMiss);
  });
});
