import type { PageRequest } from '../loaders/pages.js';
import { type ApiLimits, DEFAULT_PAGE_SIZE } from '../spec/limits.js';
import { badUserInput } from './errors.js';

// Kept apart from pagination.ts, which registers types on the builder when imported:
// the pre-execution plugins need these rules without changing the schema.

export const PAGE_INPUT = 'PageInput';
export const DEFAULT_PAGE_NUMBER = 1;

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
  env: { readonly limits: ApiLimits; readonly allPagesCap: number },
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
    return { kind: 'all', pageSize: max, maxPages: env.allPagesCap };
  }
  return { kind: 'page', number, size };
}
