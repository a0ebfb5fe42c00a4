import type { EcsCaller } from '../ecs/caller.js';
import type { ActionInput, AnyAction } from '../spec/action.js';
import type { ApiLimits } from '../spec/limits.js';
import type { ListingFilter, PagedListing } from './listing.js';

/**
 * Today's ECS pages DescribeInstances, DescribeDisks and DescribeSnapshots by NextToken
 * (their declarations carry `page.tokens`); the 2014 API has no tokens. The most items
 * one call of the listing takes by MaxResults under `limits`, or undefined when the
 * listing pages by number only there.
 */
export function tokenMaxResults(
  listing: { readonly action: AnyAction },
  limits: ApiLimits,
): number | undefined {
  if (!pagesByToken(limits)) return undefined;
  return listing.action.page?.tokens?.maxResults;
}

/** Whether the API profile pages by NextToken the actions that declare tokens: today's does, 2014 has none. */
export function pagesByToken(limits: ApiLimits): boolean {
  return limits.name === 'current';
}

/** One call of a token-paged listing. */
export interface TokenPage<Item> {
  readonly items: readonly Item[];
  /** The answer's TotalCount, or the items' count when it sent none. */
  readonly totalCount: number;
  /** Where the listing goes on; undefined on the last page (ECS sends none, or an empty one). */
  readonly nextToken: string | undefined;
}

/** One call by MaxResults and NextToken (none for the first page); every token walk goes through here. */
export async function callTokenPage<A extends AnyAction, Item>(
  ecs: EcsCaller,
  listing: PagedListing<A, Item>,
  request: {
    readonly regionId: string;
    readonly filter?: ListingFilter<A> | undefined;
    readonly maxResults: number;
    readonly nextToken?: string | undefined;
  },
): Promise<TokenPage<Item>> {
  // The declaration-typed input cannot be spelled generically over A; the keys are declared on every token-paged action.
  const input = {
    RegionId: request.regionId,
    ...request.filter,
    MaxResults: request.maxResults,
    ...(request.nextToken !== undefined ? { NextToken: request.nextToken } : {}),
  } as unknown as ActionInput<A>;
  const result = await ecs.call(listing.action, input);
  const items = listing.items(result, request.regionId);
  const answer = result as { readonly TotalCount?: number; readonly NextToken?: string };
  return {
    items,
    totalCount: answer.TotalCount ?? items.length,
    nextToken: answer.NextToken ? answer.NextToken : undefined,
  };
}

/**
 * Every item of a filtered listing by NextToken, at most `maxPages` calls of
 * `maxResults` items, one after the other (each needs the token of the one before).
 * `first` is the walk's first call when the caller has it already (a relation's
 * deciding page): the walk goes on from its NextToken. Items are de-duplicated by id,
 * as collectAllPages does.
 */
export async function walkTokenPages<A extends AnyAction, Item>(
  ecs: EcsCaller,
  listing: PagedListing<A, Item>,
  query: {
    readonly regionId: string;
    readonly filter?: ListingFilter<A> | undefined;
    readonly maxResults: number;
    readonly maxPages: number;
  },
  first?: Pick<TokenPage<Item>, 'items' | 'totalCount'> & { readonly nextToken?: string | undefined },
): Promise<{ readonly items: readonly Item[]; readonly totalCount: number; readonly truncated: boolean }> {
  const byId = new Map<string, Item>();
  let nextToken: string | undefined;
  let totalCount: number | undefined;
  const take = (page: Pick<TokenPage<Item>, 'items' | 'totalCount'> & { readonly nextToken?: string }) => {
    totalCount ??= page.totalCount;
    for (const item of page.items) byId.set(listing.idOf(item), item);
    nextToken = page.nextToken;
  };
  if (first) take(first);
  for (let calls = first ? 1 : 0; calls < query.maxPages && (calls === 0 || nextToken !== undefined); calls++)
    take(await callTokenPage(ecs, listing, { ...query, nextToken }));
  const items = [...byId.values()];
  return { items, totalCount: Math.max(totalCount ?? 0, items.length), truncated: nextToken !== undefined };
}
