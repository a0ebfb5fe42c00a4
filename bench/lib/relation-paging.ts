import { RELATION_PAGINGS, type RelationPaging } from '../../src/loaders/relation-paging.js';
import type { ApiLimits } from '../../src/spec/limits.js';

/**
 * The relation pagings S1 and S2 compare side by side: both where the profile pages
 * by token, PageNumber alone under 2014 (no tokens: both make the very same calls).
 */
export function comparedPagings(limits: ApiLimits): readonly RelationPaging[] {
  return limits.name === 'current' ? RELATION_PAGINGS : ['pageNumber'];
}

/** How a table names a relation paging. */
export function pagingLabel(paging: RelationPaging): string {
  return paging === 'pageNumber'
    ? 'PageNumber, pages after the first at once'
    : 'NextToken walk at MaxResults';
}
