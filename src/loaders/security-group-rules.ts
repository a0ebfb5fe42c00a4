import DataLoader from 'dataloader';
import { EcsError } from '../ecs/errors.js';
import type { ActionResult } from '../spec/action.js';
import { DescribeSecurityGroupAttribute } from '../spec/actions/security-groups.js';
import { asError } from './batching.js';
import { type ResourceKey, resourceCacheKey } from './listing.js';
import type { Loaders, LoadersOptions } from './loaders.js';

/** One rule of a security group (PermissionType), as DescribeSecurityGroupAttribute answers it. */
export type PermissionItem = ActionResult<typeof DescribeSecurityGroupAttribute>['Permissions'][number];

export type RuleDirection = 'ingress' | 'egress';

/**
 * A rule's direction: today's API says it; an answer without Direction (the 2014 API)
 * fills the Dest* fields for egress rules only.
 */
export function directionOf(rule: PermissionItem): RuleDirection {
  if (rule.Direction === 'ingress' || rule.Direction === 'egress') return rule.Direction;
  return rule.DestCidrIp || rule.DestGroupId ? 'egress' : 'ingress';
}

export type SecurityGroupRulesLoader = DataLoader<ResourceKey, readonly PermissionItem[] | null, string>;

/**
 * Every rule of each security group asked for: one DescribeSecurityGroupAttribute per
 * distinct group of the request (its id filter takes one group), without NicType or
 * Direction, so that fields asking for different directions or NIC types share the
 * call and filter its answer. A group ECS no longer knows has no rules: null.
 */
export function createSecurityGroupRulesLoader(options: LoadersOptions): SecurityGroupRulesLoader {
  const { ecs, batching = true } = options;
  async function rulesOf(key: ResourceKey): Promise<readonly PermissionItem[] | null> {
    try {
      const result = await ecs.call(DescribeSecurityGroupAttribute, {
        RegionId: key.regionId,
        SecurityGroupId: key.id,
      });
      return result.Permissions;
    } catch (error) {
      if (error instanceof EcsError && error.code === 'InvalidSecurityGroupId.NotFound') return null;
      throw error;
    }
  }
  return new DataLoader<ResourceKey, readonly PermissionItem[] | null, string>(
    (keys) => Promise.all(keys.map((key) => rulesOf(key).catch(asError))),
    batching ? { cacheKeyFn: resourceCacheKey } : { batch: false, cache: false },
  );
}

/** The request's rules loader; Loaders.forget() empties it after a write. */
export function securityGroupRulesLoader(request: { readonly loaders: Loaders }): SecurityGroupRulesLoader {
  return request.loaders.own(createSecurityGroupRulesLoader);
}
