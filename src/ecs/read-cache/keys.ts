import type { AnyAction, ResourceKind } from '../../spec/action.js';
import type { CallOptions } from '../caller.js';

type Input = Readonly<Record<string, unknown>>;

/**
 * The region a call is about, exactly as the client picks the endpoint: the input's
 * region parameter, else `options.regionId`, else the client's default region.
 */
export function callRegion(
  action: AnyAction,
  input: Input,
  options: CallOptions | undefined,
  defaultRegionId: string,
): string {
  const own = action.regionParam === undefined ? undefined : input[action.regionParam];
  return typeof own === 'string' ? own : (options?.regionId ?? defaultRegionId);
}

/**
 * The key of a read: action, region and the parameters as canonical JSON (object keys
 * sorted at every depth, arrays in their order, undefined left out), so two equal
 * calls meet whatever order their properties were written in.
 */
export function readKey(action: AnyAction, regionId: string, input: Input): string {
  return `${action.name}\u0000${regionId}\u0000${canonicalJson(input)}`;
}

/** The tags of everything of a kind in a region. */
function allTag(kind: ResourceKind, regionId: string): string {
  return `${kind}\u0000${regionId}\u0000all`;
}
function listTag(kind: ResourceKind, regionId: string): string {
  return `${kind}\u0000${regionId}\u0000list`;
}
function idTag(kind: ResourceKind, regionId: string, id: string): string {
  return `${kind}\u0000${regionId}\u0000id\u0000${id}`;
}

/** Parameters that leave a lookup by id a lookup: its region and paging. */
const NOT_FILTERS = new Set(['PageNumber', 'PageSize']);

/**
 * What a read's answer is about, as tags: a lookup (its `reads.ids` set, no other
 * filter) carries the ids it asked for; anything else is a listing of its kind in its
 * region. Both carry the kind-and-region tag a change without ids drops.
 */
export function readTags(action: AnyAction, regionId: string, input: Input): string[] {
  const reads = action.reads;
  if (!reads) return [];
  const tags = [allTag(reads.kind, regionId)];
  const ids = reads.ids === undefined ? undefined : input[reads.ids];
  const lookup =
    ids !== undefined &&
    Object.entries(input).every(
      ([name, value]) =>
        value === undefined || name === reads.ids || name === action.regionParam || NOT_FILTERS.has(name),
    );
  if (!lookup) tags.push(listTag(reads.kind, regionId));
  else for (const id of idsOf(ids)) tags.push(idTag(reads.kind, regionId, id));
  return tags;
}

/**
 * What a write's `changes` can have made stale, as tags: per change, the listings of
 * its kind in the region and the lookups of the ids it names; or, a change without
 * ids (or whose ids the input does not give), everything of its kind in the region.
 */
export function changeTags(action: AnyAction, regionId: string, input: Input): string[] {
  const tags = new Set<string>();
  for (const change of action.changes ?? []) {
    const ids = change.ids === undefined ? undefined : input[change.ids];
    if (ids === undefined) {
      tags.add(allTag(change.kind, regionId));
      continue;
    }
    tags.add(listTag(change.kind, regionId));
    for (const id of idsOf(ids)) tags.add(idTag(change.kind, regionId, id));
  }
  return [...tags];
}

/**
 * The ids an id parameter holds: an array of ids, a JSON array in a string, or a
 * string of one id or of ids joined by commas (ECS ids hold no comma).
 */
function idsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((id): id is string => typeof id === 'string');
  if (typeof value !== 'string') return [];
  const text = value.trim();
  if (text.startsWith('[')) {
    try {
      return idsOf(JSON.parse(text));
    } catch {
      // Not JSON: taken as written below.
    }
  }
  return text
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([name, entry]) => `${JSON.stringify(name)}:${canonicalJson(entry)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
