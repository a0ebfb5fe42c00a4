import type { AnyAction } from '../../spec/action.js';
import { DEFAULT_PAGE_SIZE } from '../../spec/limits.js';
import { filterKey, type TokenCursor, type TokenScope } from '../page-tokens.js';
import { type DomainContext, type Paging, paginate } from './context.js';

/**
 * One page of a Describe* that today's ECS also pages by NextToken (DescribeInstances,
 * DescribeDisks, DescribeSnapshots). A call with MaxResults or NextToken pages by token,
 * and PageNumber/PageSize then take no effect (the SDK's operation notes); any other
 * call pages by number as before. Under ECS_API_LIMITS=2014 the protocol layer drops
 * MaxResults and NextToken unread, so every call pages by number.
 *
 * A token-paged answer carries NextToken while more items follow and none on the last
 * page, and no TotalCount, PageNumber or PageSize: the models call TotalCount
 * meaningless under token paging, so the simulator gives none to rely on.
 */

export interface ListPaging extends Paging {
  readonly RegionId: string;
  readonly MaxResults?: number | undefined;
  readonly NextToken?: string | undefined;
}

export interface ListPage<T> {
  readonly items: T[];
  readonly TotalCount?: number;
  readonly PageNumber?: number;
  readonly PageSize?: number;
  readonly NextToken?: string;
}

// DryRun chooses no items (DryRun=false lists as if absent): not a filter.
const NOT_FILTERS = ['RegionId', 'MaxResults', 'NextToken', 'PageNumber', 'PageSize', 'DryRun'];

/** `items` filtered and in creation order; `cursorOf` gives an item's place in that order. */
export function listPage<T>(
  action: AnyAction,
  items: readonly T[],
  input: ListPaging & Readonly<Record<string, unknown>>,
  context: DomainContext,
  cursorOf: (item: T) => TokenCursor,
): ListPage<T> {
  const tokens = action.page?.tokens;
  if (!tokens || (input.MaxResults === undefined && input.NextToken === undefined))
    return paginate(items, input);
  const size = maxResults(input.MaxResults, tokens.minResults ?? 1, tokens.maxResults);
  const scope: TokenScope = {
    action: action.name,
    regionId: input.RegionId,
    filters: filterKey(input, NOT_FILTERS),
  };
  // An empty NextToken is the first call, as an SDK loop that starts from "" sends it.
  const after = input.NextToken ? context.pageTokens.open(input.NextToken, scope) : undefined;
  const start = after === undefined ? 0 : firstAfter(items, cursorOf, after);
  const page = items.slice(start, start + size);
  const last = page[page.length - 1];
  if (start + size >= items.length || last === undefined) return { items: page };
  return { items: page, NextToken: context.pageTokens.issue(scope, cursorOf(last)) };
}

/** The documented clamping: none or below the floor is the default 10, above the cap the cap. */
export function maxResults(asked: number | undefined, floor: number, cap: number): number {
  if (asked === undefined || asked < floor) return Math.min(DEFAULT_PAGE_SIZE, cap);
  return Math.min(asked, cap);
}

/** The index of the first item after the cursor: the cursor's item may be gone since. */
function firstAfter<T>(items: readonly T[], cursorOf: (item: T) => TokenCursor, after: TokenCursor): number {
  const index = items.findIndex((item) => compareCursors(cursorOf(item), after) > 0);
  return index < 0 ? items.length : index;
}

/** The order of inCreationOrder: creation time, then id. */
function compareCursors(a: TokenCursor, b: TokenCursor): number {
  if (a.creationTime !== b.creationTime) return a.creationTime - b.creationTime;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
