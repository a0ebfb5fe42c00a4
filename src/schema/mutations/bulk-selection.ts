import type { GatewayContext } from '../../context.js';
import type { AnyAction } from '../../spec/action.js';
import { type Selectors, tooMany } from './bulk-input-checks.js';
import type { BulkSpec } from './bulk-spec.js';
import { ValidationError } from './errors.js';

export interface Selection<Item> {
  /** Every id selected, each once: the named ones first, then the expansion's, then the filter's. */
  readonly selected: readonly string[];
  /** The items the expansion and the filter listed, by id. */
  readonly described: Map<string, Item>;
}

/**
 * The selection, whole, before any write: the named ids, then what the expansion and
 * the filter list (each id once), and the items those listings described. Past the
 * bound, a ValidationError naming the selector that went past it.
 */
export async function selectBulkItems<A extends AnyAction, L extends AnyAction, Item, Filter extends object>(
  spec: BulkSpec<A, L, Item, Filter>,
  { named, expanding, filter }: Selectors<Filter>,
  regionId: string,
  most: number,
  context: GatewayContext,
): Promise<Selection<Item>> {
  const { expansion } = spec;
  const selected = new Set(named ?? []);
  const described = new Map<string, Item>();
  const add = (items: readonly Item[]) => {
    for (const item of items) {
      const id = spec.listing.idOf(item);
      described.set(id, item);
      selected.add(id);
    }
  };
  if (expansion && expanding) {
    const lists = await Promise.all(
      [...new Set(expanding)].map((id) => expansion.list(context, regionId, id)),
    );
    for (const items of lists) add(items);
    if (selected.size > most)
      throw new ValidationError([tooMany(spec.noun, `input.${expansion.field}`, most, selected.size)]);
  }
  if (filter !== undefined) {
    const listed = await listFiltered(context, spec, regionId, filter, most);
    add(listed.items);
    const count = Math.max(selected.size, listed.total);
    if (count > most) throw new ValidationError([tooMany(spec.noun, 'input.filter', most, count)]);
  }
  return { selected: [...selected], described };
}

/**
 * Every item the filter lists, a page at a time, and the total the first page tells:
 * a total past the bound stops there (the caller refuses it, after that one call).
 */
async function listFiltered<A extends AnyAction, L extends AnyAction, Item, Filter extends object>(
  context: GatewayContext,
  spec: BulkSpec<A, L, Item, Filter>,
  regionId: string,
  filter: Filter,
  most: number,
): Promise<{ readonly items: readonly Item[]; readonly total: number }> {
  const query = { regionId, filter: spec.filter.mapping.toInput(filter) };
  const size = context.limits.pageSize;
  const first = await context.loaders.page(spec.listing, query, { kind: 'page', number: 1, size });
  if (first.totalCount > most) return { items: first.nodes, total: first.totalCount };
  const pages = Math.ceil(first.totalCount / size);
  const rest = await Promise.all(
    Array.from({ length: Math.max(0, pages - 1) }, (_, index) =>
      context.loaders.page(spec.listing, query, { kind: 'page', number: index + 2, size }),
    ),
  );
  return { items: [first, ...rest].flatMap((page) => page.nodes), total: first.totalCount };
}
