import type { EcsCaller } from '../ecs/caller.js';
import type { AnyAction } from '../spec/action.js';
import type { ApiLimits } from '../spec/limits.js';
import { callListingPage, type ListedPage, type ListingFilter, type PagedListing } from './listing.js';
import { callTokenPage, tokenMaxResults, walkTokenPages } from './token-pages.js';

/**
 * Which part of a listing a field asks for: one page by number, every page up to a
 * cap, or the page after a position a previous page handed out (`after`: by NextToken
 * where the listing pages by token, from the start when `token` is undefined).
 */
export type PageRequest =
  | { readonly kind: 'page'; readonly number: number; readonly size: number }
  | { readonly kind: 'all'; readonly pageSize: number; readonly maxPages: number }
  | {
      readonly kind: 'after';
      readonly token: string | undefined;
      /** The number this page has in the walk, from 1: for the page info only. */
      readonly number: number;
      readonly size: number;
    };

/** Where the page after a page starts: a NextToken, or a page number of the same size. */
export type PagePosition =
  | { readonly token: string; readonly number: number }
  | { readonly number: number; readonly token?: undefined };

/** One page of a listing as the schema's page types expose it. */
export interface Page<Item> {
  readonly nodes: readonly Item[];
  readonly pageNumber: number;
  readonly pageSize: number;
  readonly totalCount: number;
  readonly hasNextPage: boolean;
  /** True when `all` stopped at its page cap before the end of the listing. */
  readonly truncated: boolean;
  /** Where the next page starts; undefined on the last page and for `all`. */
  readonly next?: PagePosition | undefined;
}

/** Every item of a filtered listing, as far as the cap allowed. */
export interface Collected<Item> {
  readonly items: readonly Item[];
  readonly totalCount: number;
  readonly truncated: boolean;
}

export interface ListingQuery<A extends AnyAction> {
  readonly regionId: string;
  readonly filter?: ListingFilter<A> | undefined;
}

/**
 * Fetches every page of a filtered listing, at most `maxPages` calls. The first page
 * tells TotalCount; the rest are requested together (the client bounds concurrency).
 * `first` lets a caller hand over a page it already has, so it is not fetched again.
 * Items are de-duplicated by id, since a listing can shift while it is being paged.
 */
export async function collectAllPages<A extends AnyAction, Item>(
  ecs: EcsCaller,
  listing: PagedListing<A, Item>,
  query: ListingQuery<A> & { readonly pageSize: number; readonly maxPages: number },
  first?: ListedPage<Item>,
): Promise<Collected<Item>> {
  const { pageSize, maxPages } = query;
  const firstPage = first ?? (await callListingPage(ecs, listing, { ...query, pageNumber: 1, pageSize }));
  const pageCount = Math.ceil(firstPage.totalCount / pageSize);
  const lastPage = Math.min(pageCount, maxPages);
  const rest = await Promise.all(
    Array.from({ length: Math.max(0, lastPage - 1) }, (_, index) =>
      callListingPage(ecs, listing, { ...query, pageNumber: index + 2, pageSize }),
    ),
  );
  const byId = new Map<string, Item>();
  for (const page of [firstPage, ...rest]) for (const item of page.items) byId.set(listing.idOf(item), item);
  return { items: [...byId.values()], totalCount: firstPage.totalCount, truncated: pageCount > maxPages };
}

/**
 * Answers a page request: one call for a page; for `all`, a walk by NextToken at the
 * action's MaxResults where the listing pages by token under `limits`, else
 * collectAllPages; for `after`, one call by NextToken (by number 1 for the first page
 * of a listing without tokens).
 */
export async function fetchPage<A extends AnyAction, Item>(
  ecs: EcsCaller,
  listing: PagedListing<A, Item>,
  query: ListingQuery<A>,
  request: PageRequest,
  limits: ApiLimits,
): Promise<Page<Item>> {
  const maxResults = tokenMaxResults(listing, limits);
  if (request.kind === 'all') {
    if (maxResults === undefined)
      return pageOfCollected(await collectAllPages(ecs, listing, { ...query, ...request }), request);
    const walked = await walkTokenPages(ecs, listing, { ...query, maxResults, maxPages: request.maxPages });
    return pageOfCollected(walked, { ...request, pageSize: maxResults });
  }
  if (request.kind === 'after') {
    if (maxResults === undefined) {
      if (request.token !== undefined) throw new Error(`${listing.name} has no NextToken pages here.`);
      return fetchPage(ecs, listing, query, { kind: 'page', number: 1, size: request.size }, limits);
    }
    const page = await callTokenPage(ecs, listing, {
      ...query,
      maxResults: request.size,
      nextToken: request.token,
    });
    return {
      nodes: page.items,
      pageNumber: request.number,
      pageSize: request.size,
      totalCount: page.totalCount,
      hasNextPage: page.nextToken !== undefined,
      truncated: false,
      next: page.nextToken === undefined ? undefined : { token: page.nextToken, number: request.number + 1 },
    };
  }
  const page = await callListingPage(ecs, listing, {
    ...query,
    pageNumber: request.number,
    pageSize: request.size,
  });
  return {
    nodes: page.items,
    pageNumber: request.number,
    pageSize: request.size,
    totalCount: page.totalCount,
    hasNextPage: request.number * request.size < page.totalCount,
    truncated: false,
    next: request.number * request.size < page.totalCount ? { number: request.number + 1 } : undefined,
  };
}

/**
 * A page of a relation's children, cut locally from every child the relation loaded:
 * the relation loaders fetch children for many parents at once, so the page argument
 * of a field below a list selects from what they returned instead of calling ECS.
 */
export function pageOfCollected<Item>(collected: Collected<Item>, request: PageRequest): Page<Item> {
  // A local cut has no NextToken: the first page of a walk is page 1.
  if (request.kind === 'after') return pageOfCollected(collected, { ...request, kind: 'page' });
  if (request.kind === 'all')
    return {
      nodes: collected.items,
      pageNumber: 1,
      pageSize: request.pageSize,
      totalCount: collected.totalCount,
      hasNextPage: collected.truncated,
      truncated: collected.truncated,
    };
  const start = (request.number - 1) * request.size;
  return {
    nodes: collected.items.slice(start, start + request.size),
    pageNumber: request.number,
    pageSize: request.size,
    totalCount: collected.totalCount,
    hasNextPage: start + request.size < collected.totalCount,
    next: start + request.size < collected.totalCount ? { number: request.number + 1 } : undefined,
    // Children past the loader's page cap were never fetched, so this page may lack some.
    truncated: collected.truncated && start + request.size > collected.items.length,
  };
}
