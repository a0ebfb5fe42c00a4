import type { ActionInput } from '../../spec/action.js';
import type * as api from '../../spec/actions/security-groups.js';
import { securityGroupView } from '../views.js';
import { type DomainContext, hasTags, inIdList, matches, paginate, type Reply } from './context.js';

/** Listed, as the reference says, in descending order of security group id. */
export function DescribeSecurityGroups(
  input: ActionInput<typeof api.DescribeSecurityGroups>,
  context: DomainContext,
): Reply<typeof api.DescribeSecurityGroups> {
  const region = context.account.regions.get(input.RegionId);
  const selected = [...(region?.securityGroups.values() ?? [])]
    .sort((a, b) => (a.securityGroupId < b.securityGroupId ? 1 : -1))
    .filter(
      (group) =>
        matches(input.VpcId, group.vpcId) &&
        inIdList(input.SecurityGroupIds, group.securityGroupId) &&
        matches(input.SecurityGroupName, group.securityGroupName) &&
        matches(input.NetworkType?.toLowerCase(), group.vpcId ? 'vpc' : 'classic') &&
        matches(input.SecurityGroupType, 'normal') &&
        matches(input.ResourceGroupId, group.resourceGroupId) &&
        hasTags(group.tags, input.Tag),
    );
  const { items, ...page } = paginate(selected, input);
  return { RegionId: input.RegionId, ...page, SecurityGroups: items.map(securityGroupView) };
}
