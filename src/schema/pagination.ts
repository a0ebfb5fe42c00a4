import type { ObjectRef } from '@pothos/core';
import type { ApiLimits } from '../ecs/limits.js';
import type { Page, PageRequest } from '../loaders/pages.js';
import { builder, type GatewayTypes } from './builder.js';
import { upstreamCost } from './cost.js';
import { badUserInput } from './errors.js';

export const DEFAULT_PAGE_NUMBER = 1;
export const DEFAULT_PAGE_SIZE = 10;

export const PageInput = builder.inputType('PageInput', {
  description:
    'Which page of a list to return. ECS lists in pages; one page costs one upstream call, `all` costs one call per page.',
  fields: (t) => ({
    number: t.int({
      defaultValue: DEFAULT_PAGE_NUMBER,
      description: 'The page to return, from 1.',
    }),
    size: t.int({
      defaultValue: DEFAULT_PAGE_SIZE,
      description:
        'Items per page, from 1 to the ECS API page limit: 50 under ECS_API_LIMITS=2014, 100 under current.',
    }),
    all: t.boolean({
      defaultValue: false,
      description:
        'Return every item, fetched in pages of the API page limit, up to the configured page cap (the page says `truncated` when the cap cut the list). `number` must be 1 and `size` is ignored.',
    }),
  }),
});

/** The page argument as GraphQL hands it to a resolver or a plugin. */
export interface PageArgument {
  readonly number?: number | null | undefined;
  readonly size?: number | null | undefined;
  readonly all?: boolean | null | undefined;
}

/**
 * Checks a page argument against the API's limits and turns it into a loader request.
 * Throws a BAD_USER_INPUT GraphQLError naming the argument (`argument` is its path in
 * the operation, like `regions.instances.page`) and the broken rule.
 */
export function resolvePageRequest(
  page: PageArgument | null | undefined,
  env: { readonly limits: ApiLimits; readonly maxPages: number },
  argument = 'page',
): PageRequest {
  const number = page?.number ?? DEFAULT_PAGE_NUMBER;
  const size = page?.size ?? DEFAULT_PAGE_SIZE;
  const max = env.limits.pageSize;
  if (number < 1) throw badUserInput(`${argument}.number`, 'must be at least 1', number);
  if (size < 1 || size > max)
    throw badUserInput(`${argument}.size`, `must be from 1 to ${max} (the ECS API page limit)`, size);
  if (page?.all) {
    if (number !== 1) throw badUserInput(`${argument}.number`, 'must be 1 when all is true', number);
    return { kind: 'all', pageSize: max, maxPages: env.maxPages };
  }
  return { kind: 'page', number, size };
}

/** The `page` argument every paged list field takes. */
export const pageArgument = {
  type: PageInput,
  required: false,
  description: 'Which page to return; the first 10 items when omitted.',
} as const;

/** The extensions of a paged list field: one call per page, `size` items. */
export const pagedFieldCost = upstreamCost({ calls: 'page', items: 'page' });

/**
 * Declares the page type of a list: `XxxPage { nodes, pageNumber, pageSize,
 * totalCount, hasNextPage, truncated }`. Resolvers return a loader `Page<Item>`.
 */
export function pageObject<Item>(name: string, item: ObjectRef<GatewayTypes, Item>, description: string) {
  return builder.objectRef<Page<Item>>(`${name}Page`).implement({
    description,
    fields: (t) => ({
      nodes: t.field({
        type: [item],
        description: 'The items of this page, in the order ECS lists them.',
        resolve: (page) => page.nodes,
      }),
      pageNumber: t.exposeInt('pageNumber', { description: 'The number of this page, from 1.' }),
      pageSize: t.exposeInt('pageSize', { description: 'The page size the items were fetched with.' }),
      totalCount: t.exposeInt('totalCount', {
        description: 'How many items the whole list holds, as ECS counts them (TotalCount).',
      }),
      hasNextPage: t.exposeBoolean('hasNextPage', {
        description: 'Whether items follow this page.',
      }),
      truncated: t.exposeBoolean('truncated', {
        description: 'True when `all` stopped at the page cap before the end of the list.',
      }),
    }),
  });
}
