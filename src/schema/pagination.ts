import type { ObjectRef } from '@pothos/core';
import type { Page } from '../loaders/pages.js';
import { DEFAULT_PAGE_SIZE } from '../spec/limits.js';
import { builder, type GatewayTypes } from './builder.js';
import { upstreamCost } from './cost.js';
import { DEFAULT_PAGE_NUMBER, PAGE_INPUT } from './page-request.js';

export const PageInput = builder.inputType(PAGE_INPUT, {
  description:
    'Which page of a list to return. ECS lists in pages; one page costs one upstream call, `all` costs one call per page.',
  fields: (t) => ({
    number: t.int({
      defaultValue: DEFAULT_PAGE_NUMBER,
      description: 'The page to return, from 1.',
    }),
    size: t.int({
      // A page here is one ECS page, so its default size is the API's.
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
