import type { ObjectRef } from '@pothos/core';
import type { GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../context.js';
import type { Listing, PagedListing } from '../loaders/listing.js';
import type { PageRequest } from '../loaders/pages.js';
import { tokenMaxResults } from '../loaders/token-pages.js';
import type { AnyAction } from '../spec/action.js';
import type { ApiLimits } from '../spec/limits.js';
import { builder, type GatewayTypes } from './builder.js';
import { upstreamCost } from './cost.js';
import { decidingPagesBelow } from './deciding-pages.js';
import { badUserInput, present } from './errors.js';
import type { DerivedFilter, FilterValues } from './listing-filter.js';
import { type CursoredPage, listingScope, withCursorScope } from './page-cursor.js';
import { resolvePageRequest } from './page-request.js';
import { pageArgument } from './pagination.js';
import { RegionRef } from './region.js';

/** The reads of a listing: a filtered page at the root and in a region. */
export interface PagedQueries<A extends AnyAction, Item> {
  /** The root field of a page (`instances`, also on Region). */
  readonly plural: string;
  /** The items in words for descriptions (`instance statuses`); the plural field's name by default. */
  readonly noun?: string;
  readonly listing: PagedListing<A, Item>;
  readonly page: ObjectRef<GatewayTypes, CursoredPage<Item>>;
  /** The filter derived from the action's declaration (listing-filter.ts). */
  readonly filter: DerivedFilter<A>;
}

/** The reads every resource with an id filter offers besides its pages: one by id. */
export interface ResourceQueries<A extends AnyAction, Item> extends PagedQueries<A, Item> {
  /** The root field of one resource (`instance`). */
  readonly singular: string;
  /** The reference's name of the id (`InstanceId`), for descriptions. */
  readonly idName: string;
  readonly listing: Listing<A, Item>;
  readonly ref: ObjectRef<GatewayTypes, Item>;
}

const FAILURE = 'Null, with an error at this path, when ECS fails to list them.';

function listPage<A extends AnyAction, Item>(
  spec: PagedQueries<A, Item>,
  regionId: string,
  args: { readonly filter?: FilterValues | null | undefined; readonly page?: unknown },
  context: GatewayContext,
  info: GraphQLResolveInfo,
): Promise<CursoredPage<Item>> {
  const query = { regionId, filter: args.filter ? spec.filter.mapping.toInput(args.filter) : undefined };
  const scope = listingScope(context.limits.name, spec.listing.name, regionId, query.filter);
  const request = resolvePageRequest(
    args.page as Parameters<typeof resolvePageRequest>[0],
    context,
    'page',
    scope,
  );
  checkCursorPageSize(spec.listing, request, context.limits);
  const page = context.loaders.page(spec.listing, query, request);
  // The pages deciding the plans of the relations below do not depend on this one: alongside it.
  context.loaders.speculate(spec.listing, query, request, decidingPagesBelow(info));
  return page.then((fetched) => withCursorScope(fetched, scope));
}

/**
 * ECS takes a MaxResults below the action's floor (10 for DescribeInstances and
 * DescribeDisks) as its default, so a smaller cursor page would come back larger than
 * asked: refused, naming the rule, before the call.
 */
function checkCursorPageSize<A extends AnyAction, Item>(
  listing: PagedListing<A, Item>,
  request: PageRequest,
  limits: ApiLimits,
): void {
  const min = listing.action.page?.tokens?.minResults;
  if (request.kind !== 'after' || min === undefined || tokenMaxResults(listing, limits) === undefined) return;
  if (request.size < min)
    throw badUserInput(
      'page.size',
      `must be at least ${min} when paging ${listing.name} by cursor under ECS_API_LIMITS=current (ECS answers ${min} for fewer)`,
      request.size,
    );
}

/** Registers `<plural>(regionId, filter, page)` and `Region.<plural>(filter, page)`. */
export function definePagedQueries<A extends AnyAction, Item>(spec: PagedQueries<A, Item>): void {
  const { plural, listing, noun = plural } = spec;
  const listed = `The ${noun} of a region, a page at a time (${listing.name}).`;
  const filterArgument = {
    type: spec.filter.type,
    required: false,
    description: `Which ${noun} to list.`,
  } as const;

  builder.objectFields(RegionRef, (t) => ({
    [plural]: t.field({
      type: spec.page,
      // Nullable so that one region's failure leaves the rest of the answer standing.
      nullable: true,
      description: `${listed.replace('of a region', 'of the region')} ${FAILURE}`,
      args: { filter: t.arg(filterArgument), page: t.arg(pageArgument) },
      extensions: spec.filter.extensions,
      resolve: (region, args, context, info) =>
        listPage(
          spec,
          present(region.RegionId, 'RegionId'),
          args as { filter?: FilterValues | null },
          context,
          info,
        ),
    }),
  }));

  builder.queryFields((t) => ({
    [plural]: t.field({
      type: spec.page,
      nullable: true,
      description: `${listed} ${FAILURE}`,
      args: {
        regionId: t.arg.id({
          required: false,
          description: 'The region to list; the configured region (ALIBABA_CLOUD_REGION_ID) when omitted.',
        }),
        filter: t.arg(filterArgument),
        page: t.arg(pageArgument),
      },
      extensions: spec.filter.extensions,
      resolve: (_root, args, context, info) =>
        listPage(
          spec,
          args.regionId?.toString() ?? context.defaultRegionId,
          args as { filter?: FilterValues | null },
          context,
          info,
        ),
    }),
  }));
}

/** Registers `<singular>(id, regionId)` beside the pages of definePagedQueries. */
export function defineResourceQueries<A extends AnyAction, Item>(spec: ResourceQueries<A, Item>): void {
  const { singular, listing } = spec;
  builder.queryFields((t) => ({
    [singular]: t.field({
      type: spec.ref,
      nullable: true,
      description: `One ${singular} by id; null when the region holds no such ${singular}.`,
      args: {
        id: t.arg.id({ required: true, description: `The ID of the ${singular} (${spec.idName}).` }),
        regionId: t.arg.id({
          required: false,
          description: `The region of the ${singular}; the configured region (ALIBABA_CLOUD_REGION_ID) when omitted.`,
        }),
      },
      extensions: upstreamCost({ calls: 'byId' }),
      // Pothos cannot tell a generic Item from a list of items; the loader yields one item or null.
      resolve: (_root, args, context) =>
        context.loaders.byId(listing).load({
          regionId: args.regionId?.toString() ?? context.defaultRegionId,
          id: args.id.toString(),
        }) as never,
    }),
  }));
  definePagedQueries(spec);
}
