import { type InstanceItem, instanceListing } from '../../loaders/instances.js';
import type { AnyAction } from '../../spec/action.js';
import { InstanceFilter, instanceFilter } from '../instance.js';
import { defineBulkMutation } from './bulk.js';
import type { DefinedMutation } from './define-mutation.js';
import { startInstance, stopInstance } from './instances.js';

/** Whether DescribeInstances shows a security lock (OperationLocks.LockReason `security`). */
export function isLockedForSecurity(instance: InstanceItem): boolean {
  return (instance.OperationLocks ?? []).some((lock) => lock.LockReason === 'security');
}

/**
 * A bulk power action: StartInstance or StopInstance for each instance. Its dry run is
 * ECS's own per instance under today's API; under the 2014 API (no DryRun) it checks
 * what both refuse by DescribeInstances: no such instance, a security lock, a status
 * other than the one the action starts from.
 */
function powerOverInstances<A extends AnyAction>(
  name: string,
  single: DefinedMutation<A>,
  from: string,
  verb: string,
) {
  defineBulkMutation({
    name,
    description: `${verb} every instance named (ids) and every instance the filter lists: each once, named ones first, at most maxItems (GATEWAY_MAX_BULK_ITEMS). Each gets its own ${single.name}, with the other input fields, a few at a time, and its own result in items: one refusal does not hide the others. A selection past the bound, an input breaking a rule, or no selector is a ValidationError, answered before any write (named ids past the bound, before any call). dryRun: true answers, for each instance, DryRunPassed or the refusal ${single.action.name} would meet, acting on nothing: under today's API (ECS_API_LIMITS=current) from ECS itself, one ${single.action.name} with DryRun=true per instance (every check of the real call: permissions, balance, the instance's state); under the 2014 API, which has no DryRun, by the documented rules as DescribeInstances shows them (no such instance, locked for security, not ${from}), sending no write.`,
    single,
    idParam: 'InstanceId',
    idsField: 'ids',
    itemIdField: 'instanceId',
    noun: 'instance',
    listing: instanceListing,
    filter: { type: InstanceFilter, mapping: instanceFilter },
    // Today's API: one call with DryRun=true per instance. The 2014 plan describes the
    // named instances by id (counted apart) and the filter's come described: fewer.
    dryRunCost: { perItem: 1, chunksOfItems: 0 },
    // The order of the checks is the action's: the instance, its locks, its status.
    check: async (_context, _regionId, entries) =>
      entries.map(({ item }) => {
        if (!item) return 'InvalidInstanceId.NotFound';
        if (isLockedForSecurity(item)) return 'InstanceLockedForSecurity';
        if (item.Status !== from) return 'IncorrectInstanceStatus';
        return undefined;
      }),
  });
}

powerOverInstances('startInstances', startInstance, 'Stopped', 'Starts');
powerOverInstances('stopInstances', stopInstance, 'Running', 'Stops');
