/**
 * The hostile documents of the `hostile` scenario, each small to send and costly to
 * handle naively. Pure text builders, so their sizes are exact and tested.
 */

/**
 * A fragment bomb: F0 selects `__typename`, each Fk spreads F(k-1) twice, and the
 * operation spreads F<levels>. Under 1 KB for 24 levels, yet a walk that expands
 * spreads visits 2^levels fields.
 */
export function fragmentBomb(levels: number): string {
  if (!Number.isInteger(levels) || levels < 1)
    throw new RangeError(`levels must be a positive integer; got ${levels}`);
  const fragments = ['fragment F0 on Query{__typename}'];
  for (let level = 1; level <= levels; level++)
    fragments.push(`fragment F${level} on Query{...F${level - 1} ...F${level - 1}}`);
  return `{...F${levels}}${fragments.join('')}`;
}

/** The fields a walk that expands every spread of fragmentBomb(levels) visits: 2^levels. */
export function fragmentBombExpandedFields(levels: number): number {
  return 2 ** levels;
}

/** `depth` selection sets nested inside each other: `{a{a{…{a}…}}}`, depth opening braces and depth closing ones. */
export function nestedBraces(depth: number): string {
  if (!Number.isInteger(depth) || depth < 1)
    throw new RangeError(`depth must be a positive integer; got ${depth}`);
  return `${'{a'.repeat(depth)}${'}'.repeat(depth)}`;
}

/** One field under `count` aliases: `{a0:__typename a1:__typename …}`. */
export function manyAliases(count: number, field = '__typename'): string {
  if (!Number.isInteger(count) || count < 1)
    throw new RangeError(`count must be a positive integer; got ${count}`);
  const parts: string[] = [];
  for (let i = 0; i < count; i++) parts.push(`a${i}:${field}`);
  return `{${parts.join(' ')}}`;
}

/** One field carrying `count` directives: `{__typename @skip(if:false) @skip(if:false) …}`. */
export function manyDirectives(count: number): string {
  if (!Number.isInteger(count) || count < 1)
    throw new RangeError(`count must be a positive integer; got ${count}`);
  return `{__typename${' @skip(if:false)'.repeat(count)}}`;
}

const BODY_HEAD = '{"query":"{__typename} #';
const BODY_TAIL = '"}';
/** Digits of the index each distinct body carries. */
const INDEX_DIGITS = 10;

/**
 * A JSON GraphQL request body of exactly `bytes` bytes, its query `{__typename}`
 * followed by a comment that holds `index` and padding: bodies of different indexes
 * differ, so a cache keyed by the query text keeps each of them.
 */
export function paddedBody(index: number, bytes: number): Buffer {
  if (!Number.isInteger(index) || index < 0 || index >= 10 ** INDEX_DIGITS)
    throw new RangeError(`index must be an integer in [0, 1e${INDEX_DIGITS}); got ${index}`);
  const fixed = BODY_HEAD.length + INDEX_DIGITS + BODY_TAIL.length;
  if (!Number.isInteger(bytes) || bytes < fixed)
    throw new RangeError(`a body is at least ${fixed} bytes; got ${bytes}`);
  const body = Buffer.alloc(bytes, 'x');
  body.write(`${BODY_HEAD}${String(index).padStart(INDEX_DIGITS, '0')}`, 0, 'latin1');
  body.write(BODY_TAIL, bytes - BODY_TAIL.length, 'latin1');
  return body;
}
