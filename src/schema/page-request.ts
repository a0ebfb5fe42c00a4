import type { PageRequest } from '../loaders/pages.js';
import { type ApiLimits, DEFAULT_PAGE_SIZE } from '../spec/limits.js';
import { badUserInput } from './errors.js';
import { decodeCursor } from './page-cursor.js';

// Kept apart from pagination.ts, which registers types on the builder when imported:
// the pre-execution plugins need these rules without changing the schema.

export const PAGE_INPUT = 'PageInput';
export const DEFAULT_PAGE_NUMBER = 1;

/** The page argument as GraphQL hands it to a resolver or a plugin. */
export interface PageArgument {
  readonly number?: number | null | undefined;
  readonly size?: number | null | undefined;
  readonly all?: boolean | null | undefined;
  /** Present (a cursor, or null for the first page) in the cursor form; absent otherwise. */
  readonly after?: string | null | undefined;
}

/**
 * Checks a page argument against the API's limits and turns it into a loader request.
 * Throws a BAD_USER_INPUT GraphQLError naming the argument (`argument` is its path in
 * the operation, like `regions.instances.page`) and the broken rule. `scope` is the
 * cursor scope of the list (page-cursor.ts): with it, a cursor of another list is
 * refused; without it (the pre-execution check, which does not know the list), only a
 * cursor that is no cursor at all.
 */
export function resolvePageRequest(
  page: PageArgument | null | undefined,
  env: { readonly limits: ApiLimits; readonly allPagesCap: number },
  argument = 'page',
  scope?: string,
): PageRequest {
  const size = page?.size ?? DEFAULT_PAGE_SIZE;
  const max = env.limits.pageSize;
  if (size < 1 || size > max)
    throw badUserInput(`${argument}.size`, `must be from 1 to ${max} (the ECS API page limit)`, size);
  if (page && page.after !== undefined) return afterRequest(page.after, page, size, argument, scope);
  const number = page?.number ?? DEFAULT_PAGE_NUMBER;
  if (number < 1) throw badUserInput(`${argument}.number`, 'must be at least 1', number);
  if (page?.all) {
    if (number !== 1) throw badUserInput(`${argument}.number`, 'must be 1 when all is true', number);
    return { kind: 'all', pageSize: max, maxPages: env.allPagesCap };
  }
  return { kind: 'page', number, size };
}

/** The cursor form: `after` null for the first page, or an endCursor of the same list. */
function afterRequest(
  after: string | null,
  page: PageArgument,
  size: number,
  argument: string,
  scope: string | undefined,
): PageRequest {
  if (page.all) throw badUserInput(`${argument}.all`, 'must be false when after is given', page.all);
  if (page.number != null)
    throw badUserInput(`${argument}.number`, 'must be omitted when after is given', page.number);
  if (after === null) return { kind: 'after', token: undefined, number: 1, size };
  const cursor = decodeCursor(after);
  if (!cursor)
    throw badUserInput(`${argument}.after`, 'must be an endCursor this gateway returned, unchanged', after);
  if (scope !== undefined && cursor.scope !== scope)
    throw badUserInput(
      `${argument}.after`,
      'must be an endCursor of the same list (the same field, region and filter, under the same ECS_API_LIMITS)',
      after,
    );
  if (cursor.token !== undefined) return { kind: 'after', token: cursor.token, number: cursor.number, size };
  if (size !== cursor.size)
    throw badUserInput(
      `${argument}.size`,
      `must be ${cursor.size}, the size of the page the cursor came from (it continues by page number)`,
      size,
    );
  return { kind: 'page', number: cursor.number, size };
}
