import type { ObjectRef } from '@pothos/core';
import { DEFAULT_PAGE_SIZE } from '../spec/limits.js';
import { builder, type GatewayTypes } from './builder.js';
import { upstreamCost } from './cost.js';
import { type CursoredPage, encodeCursor } from './page-cursor.js';
import { PAGE_INPUT } from './page-request.js';

export const PageInput = builder.inputType(PAGE_INPUT, {
  description:
    'Which page of a list to return: by `number`, by cursor (`after`), or `all`. ECS lists in pages; one page costs one upstream call, `all` costs one call per page.',
  fields: (t) => ({
    number: t.int({
      description:
        'The page to return, from 1 (1 when omitted; omit it with `after`). Fetched by PageNumber and PageSize, which every listing still accepts: one call whatever the number, under both ECS_API_LIMITS profiles. Under `current`, DescribeInstances, DescribeDisks and DescribeSnapshots page by NextToken, and the SDK marks PageNumber as to be removed: scrolling by `after` follows that token instead.',
    }),
    after: t.string({
      description:
        "Cursor form: the `endCursor` of the previous page of the same list (same field, region and filter), or null for the first page. One call a page. Under ECS_API_LIMITS=current, DescribeInstances, DescribeDisks and DescribeSnapshots go on by ECS's NextToken with MaxResults = `size`; other lists, and every list under 2014, go on by page number (the cursor then keeps its page's `size`). A cursor that is not an `endCursor` of this list is refused (BAD_USER_INPUT, argument `page.after`) before any call. Not with `number` or `all`.",
    }),
    size: t.int({
      // A page here is one ECS page, so its default size is the API's.
      defaultValue: DEFAULT_PAGE_SIZE,
      description:
        'Items per page, from 1 to the ECS API page limit: 100 under ECS_API_LIMITS=current (the default), 50 under 2014.',
    }),
    all: t.boolean({
      defaultValue: false,
      description:
        'Return every item, up to the configured page cap (the page says `truncated` when the cap cut the list): fetched in pages of the API page limit, in parallel after the first; under ECS_API_LIMITS=current, DescribeInstances, DescribeDisks and DescribeSnapshots are walked by NextToken instead, one call after the other, at the most items a call each takes (100, 500 and 100). `number` must be 1 and `size` is ignored.',
    }),
  }),
});

/** The `page` argument every paged list field takes. */
export const pageArgument = {
  type: PageInput,
  required: false,
  description: 'Which page to return; the first 10 items when omitted.',
} as const;

/** The extensions of a paged list field: one call per page, `size` items. */
export const pagedFieldCost = upstreamCost({ calls: 'page', items: 'page' });

/**
 * The extensions of a relation's paged field (disks of an instance): batched by the
 * relation loader named `loader`; see UpstreamCost for the rest.
 */
export function relationFieldCost(
  loader: string,
  bounds: Omit<Parameters<typeof upstreamCost>[0], 'calls' | 'items' | 'loader'> = {},
) {
  return upstreamCost({ calls: 'relation', items: 'page', loader, ...bounds });
}

/**
 * Declares the page type of a list: `XxxPage { nodes, pageNumber, pageSize,
 * totalCount, hasNextPage, truncated, endCursor }`. Resolvers return a loader
 * `Page<Item>` with the scope its cursor is bound to (withCursorScope).
 */
export function pageObject<Item>(name: string, item: ObjectRef<GatewayTypes, Item>, description: string) {
  return builder.objectRef<CursoredPage<Item>>(`${name}Page`).implement({
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
      endCursor: t.string({
        nullable: true,
        description:
          'Where the next page starts: pass it as `page: { after }` (with the same filter and region) to get that page. Null on the last page and for `all`.',
        resolve: (page) => (page.next ? encodeCursor(page.cursorScope, page.next, page.pageSize) : null),
      }),
    }),
  });
}
