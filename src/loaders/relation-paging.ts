import type { EcsCaller } from '../ecs/caller.js';
import type { AnyAction } from '../spec/action.js';
import type { ApiLimits } from '../spec/limits.js';
import { callListingPage, type ListedPage, type PagedListing } from './listing.js';
import { type Collected, collectAllPages, type ListingQuery, type PageRequest } from './pages.js';
import { callTokenPage, tokenMaxResults, walkTokenPages } from './token-pages.js';

/**
 * How a relation reads every page of a listing (a region's scan, or one parent's
 * children): `pageNumber` asks for the first page, then for every other page at once,
 * at the API's PageSize; `nextToken` walks by NextToken at the action's MaxResults, one
 * call after the other, where the listing pages by token under the API profile (by
 * number elsewhere). Both take the same first call to decide the plan.
 */
export type RelationPaging = 'pageNumber' | 'nextToken';

export const RELATION_PAGINGS: readonly RelationPaging[] = ['pageNumber', 'nextToken'];

/**
 * The gateway's default, as bench S1/S2 measured both under `current` (bench/README.md,
 * "Relation paging under current"): by PageNumber the pages after the first go out
 * together, 3 dependent rounds for the nested query against 6 for the walk (310 against
 * 325 ms at 20 ms a call), for 9 calls against 8, and 12 against 14 in a large region.
 * The walk stays an option: the bench keeps comparing, and it is the way relations keep
 * working should ECS stop taking PageNumber on these actions.
 */
export const DEFAULT_RELATION_PAGING: RelationPaging = 'pageNumber';

/** The pages of one listing for a relation: how many items a call brings, and how the calls follow. */
export interface RelationPages {
  /** PageSize, or MaxResults of a token walk. */
  readonly size: number;
  readonly byToken: boolean;
}

export function relationPages(
  listing: { readonly action: AnyAction },
  limits: ApiLimits,
  paging: RelationPaging,
): RelationPages {
  const maxResults = paging === 'nextToken' ? tokenMaxResults(listing, limits) : undefined;
  return maxResults === undefined
    ? { size: limits.pageSize, byToken: false }
    : { size: maxResults, byToken: true };
}

/** The request of a relation's first page: page 1 by number, or the walk's first call by MaxResults. */
export function firstPageRequest(pages: RelationPages): PageRequest {
  return pages.byToken
    ? { kind: 'after', token: undefined, number: 1, size: pages.size }
    : { kind: 'page', number: 1, size: pages.size };
}

/** A relation's first page when nothing has fetched it yet: the first call of its scan. */
export async function callFirstPage<A extends AnyAction, Item>(
  ecs: EcsCaller,
  listing: PagedListing<A, Item>,
  query: ListingQuery<A>,
  pages: RelationPages,
): Promise<ListedPage<Item>> {
  if (!pages.byToken) return callListingPage(ecs, listing, { ...query, pageNumber: 1, pageSize: pages.size });
  const page = await callTokenPage(ecs, listing, { ...query, maxResults: pages.size });
  return { ...page, pageNumber: 1, pageSize: pages.size };
}

/** Whether a first page is the whole listing: no page follows it. */
export function isWholeListing(first: ListedPage<unknown>, pages: RelationPages): boolean {
  return first.totalCount <= pages.size && first.nextToken === undefined;
}

/**
 * Every item of a filtered listing, at most `maxPages` calls, in the relation's paging;
 * `first` is its first page when the caller has it already (the deciding page).
 */
export function collectRelationPages<A extends AnyAction, Item>(
  ecs: EcsCaller,
  listing: PagedListing<A, Item>,
  query: ListingQuery<A> & { readonly maxPages: number },
  pages: RelationPages,
  first?: ListedPage<Item>,
): Promise<Collected<Item>> {
  if (!pages.byToken) return collectAllPages(ecs, listing, { ...query, pageSize: pages.size }, first);
  return walkTokenPages(ecs, listing, { ...query, maxResults: pages.size }, first);
}
