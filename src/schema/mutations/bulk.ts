import type { GatewayContext } from '../../context.js';
import type { AnyAction } from '../../spec/action.js';
import { acceptsDryRun } from '../../spec/dry-run.js';
import { builder } from '../builder.js';
import { bulkItemBound, upstreamCost } from '../cost.js';
import { planDryRun } from './bulk-dry-run.js';
import { bulkInputProblems, selectorsOf } from './bulk-input-checks.js';
import { defineBulkTypes } from './bulk-schema-types.js';
import { selectBulkItems } from './bulk-selection.js';
import {
  type BulkInputShape,
  type BulkItem,
  type BulkPayload,
  type BulkSpec,
  bulkInputShape,
  bulkTypeName,
} from './bulk-spec.js';
import { DryRunPassed } from './dry-run-passed.js';
import { MutationError, ValidationError } from './errors.js';

/** Writes of one bulk mutation in flight at once; each still queues in the client's limiter. */
export const BULK_CONCURRENCY = 4;

/**
 * Declares a bulk mutation over a single one: its input is the single mutation's input
 * (the same bindings, so the same fields and rules) without the item id, plus the
 * selectors (named ids, an expansion such as an instance's disks, a filter), `maxItems`
 * and `dryRun`; it answers one item per selected id, each with the single mutation's
 * answer for it. Resolving it:
 * 1. checks the selectors, the bound and every input rule, and answers ValidationError
 *    before any call;
 * 2. lists the expansion and the filter (the filter's first page tells its total, so a
 *    filter past the bound is refused after one call), and refuses a union past the
 *    bound before any write;
 * 3. in a dry run of an action that takes DryRun, under today's API, does the single
 *    mutation's own dry run for each (one call each, ECS's checks); in another dry run,
 *    describes the items and answers each one's verdict by the documented rules;
 *    otherwise does the single mutation for each, BULK_CONCURRENCY at a time, each with
 *    its own ClientToken under an Idempotency-Key (the field's response key and the item id).
 */
export function defineBulkMutation<A extends AnyAction, L extends AnyAction, Item, Filter extends object>(
  spec: BulkSpec<A, L, Item, Filter>,
) {
  const shape = bulkInputShape(spec.single, spec.idParam);
  const { InputRef, PayloadRef } = defineBulkTypes(spec, shape);
  const { expansion } = spec;

  builder.mutationField(spec.name, (t) =>
    t.field({
      type: PayloadRef,
      description: spec.description,
      args: {
        input: t.arg({ type: InputRef, required: true, description: `What to ${spec.name}.` }),
      },
      errors: {
        types: [ValidationError],
        directResult: true,
        union: {
          name: `${bulkTypeName(spec)}Result`,
          description: `What ${spec.name} answers: its items, or a ValidationError when the input breaks a rule (nothing was done).`,
        },
      },
      extensions: upstreamCost({
        calls: 'bulk',
        bulk: {
          ids: spec.idsField,
          ...(expansion ? { expands: { field: expansion.field, items: expansion.most } } : {}),
          filter: 'filter',
          reads: spec.single.reads.fixed,
          dryRun: spec.dryRunCost,
        },
      }),
      resolve: (_root, { input }, context, info) =>
        resolveBulk(spec, shape, input, context, String(info.path.key)),
    }),
  );
}

/** Checks, selects, then plans (dry run) or does the single mutation for each item. */
async function resolveBulk<A extends AnyAction, L extends AnyAction, Item, Filter extends object>(
  spec: BulkSpec<A, L, Item, Filter>,
  shape: BulkInputShape,
  input: Readonly<Record<string, unknown>>,
  context: GatewayContext,
  responseKey: string,
): Promise<BulkPayload> {
  const regionId = (input.regionId as string | null | undefined) ?? context.defaultRegionId;
  const most = bulkItemBound(input, context.maxBulkItems);
  const selectors = selectorsOf(spec, input);
  const [first, ...rest] = bulkInputProblems(spec, shape, input, selectors, regionId, most, context);
  if (first) throw new ValidationError([first, ...rest]);
  const { selected, described } = await selectBulkItems(spec, selectors, regionId, most, context);
  const dryRun = input.dryRun === true;
  // ECS's own dry run where the action takes one (today's API): its checks are ECS's, not
  // a reading of Describe data; otherwise the plan from Describe data.
  if (dryRun && !(acceptsDryRun(spec.single.action) && context.limits.name === 'current'))
    return planDryRun(spec, selected, described, regionId, context);
  const items = await boundedMap(selected, BULK_CONCURRENCY, async (id): Promise<BulkItem> => {
    try {
      const result = await spec.single.perform(
        // The bulk's dryRun is the single mutation's own input field of that name, when it has one.
        { ...input, dryRun: dryRun || undefined, [shape.idField]: id, regionId },
        context,
        `${responseKey}/${id}`,
      );
      return { id, result };
    } catch (error) {
      if (error instanceof MutationError || error instanceof DryRunPassed) return { id, result: error };
      return { id, result: error, failed: true };
    }
  });
  return { dryRun, items };
}

/** Runs `work` over `items` with at most `limit` at once, results in item order. */
async function boundedMap<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
