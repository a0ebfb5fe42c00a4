import type { GatewayContext } from '../../context.js';
import { EcsError } from '../../ecs/errors.js';
import { type AnyAction, documentedError } from '../../spec/action.js';
import type { BulkPayload, BulkSpec } from './bulk-spec.js';
import type { DefinedMutation } from './define-mutation.js';
import { DryRunPassed } from './dry-run-passed.js';
import { classifyEcsError, type EcsActionError, EcsBusinessError } from './errors.js';

/** The refusal the single mutation answers for a documented code, as the real call would. */
export function refusalOf(single: DefinedMutation<AnyAction>, code: string): EcsActionError {
  const row = documentedError(single.action, code);
  const error = new EcsError({ code: row.code, message: row.message }, row.httpStatus);
  const type = classifyEcsError(row.code, row.httpStatus, row.message);
  return new (single.errorTypes.includes(type) ? type : EcsBusinessError)(error);
}

/** A dry run: the named items not yet described are, then each gets its verdict. */
export async function planDryRun<A extends AnyAction, L extends AnyAction, Item, Filter extends object>(
  spec: BulkSpec<A, L, Item, Filter>,
  selected: readonly string[],
  described: Map<string, Item>,
  regionId: string,
  context: GatewayContext,
): Promise<BulkPayload> {
  const missing = selected.filter((id) => !described.has(id));
  const found = await context.loaders.byId(spec.listing).loadMany(missing.map((id) => ({ regionId, id })));
  missing.forEach((id, index) => {
    const item = found[index];
    if (item instanceof Error) throw item;
    if (item) described.set(id, item as Item);
  });
  const entries = selected.map((id) => ({ id, item: described.get(id) ?? null }));
  const verdicts = await spec.check(context, regionId, entries);
  return {
    dryRun: true,
    items: entries.map(({ id }, index) => {
      const code = verdicts[index];
      return {
        id,
        result: code === undefined ? new DryRunPassed(spec.single.action.name) : refusalOf(spec.single, code),
      };
    }),
  };
}
