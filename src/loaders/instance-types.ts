import DataLoader from 'dataloader';
import type { EcsCaller } from '../ecs/caller.js';
import type { ActionResult } from '../spec/action.js';
import { DescribeInstanceTypes } from '../spec/actions/instance-types.js';
import { asError } from './batching.js';
import type { Loaders } from './loaders.js';

export type InstanceTypeItem = ActionResult<typeof DescribeInstanceTypes>['InstanceTypes'][number];

/** The key of the unfiltered list. */
const ALL_FAMILIES = '';

/** The type's id: InstanceTypeId today, InstanceId in the 2014 reference. */
export function instanceTypeIdOf(type: InstanceTypeItem): string | undefined {
  return type.InstanceTypeId ?? type.InstanceId;
}

/**
 * DescribeInstanceTypes is not paged and not regional: one call per family asked for
 * (or one for every type), each made at most once per request.
 */
function createInstanceTypesLoader({
  ecs,
}: {
  readonly ecs: EcsCaller;
}): DataLoader<string, readonly InstanceTypeItem[]> {
  return new DataLoader<string, readonly InstanceTypeItem[]>((families) =>
    Promise.all(
      families.map((family) =>
        ecs
          .call(DescribeInstanceTypes, family === ALL_FAMILIES ? {} : { InstanceTypeFamily: family })
          .then((result) => result.InstanceTypes, asError),
      ),
    ),
  );
}

/** Every instance type, or those of one family (the request's loader: Loaders.forget() empties it). */
export function loadInstanceTypes(
  request: { readonly loaders: Loaders },
  family: string | undefined,
): Promise<readonly InstanceTypeItem[]> {
  return request.loaders.own(createInstanceTypesLoader).load(family ?? ALL_FAMILIES);
}
