import type { AnyAction } from '../../spec/action.js';
import type { MutationDone } from './define-mutation.js';
import type { Evidence, NoEvidence } from './lost-answer.js';

/** Evidence on what a mutation's own read step returns: the payload, when `holds` of it. */
export function payloadShows<A extends AnyAction, P>(
  read: (done: MutationDone<A>) => Promise<P>,
  shows: string,
  holds: (payload: P, done: MutationDone<A>) => boolean,
): Evidence<A, P> {
  return {
    shows,
    check: async (done) => {
      const payload = await read(done);
      return holds(payload, done) ? payload : undefined;
    },
  };
}

/** How one input parameter reads back: the item's field of the same value, or a comparison. */
export type ReadBack = string | ((item: Readonly<Record<string, unknown>>, value: unknown) => boolean);

/**
 * Whether the item shows every attribute the input sets: each given parameter must
 * read back (through `readBack`) as given. A given parameter that cannot be read back
 * (a password) means the state cannot show the change, so the answer is false.
 */
export function showsAttributes(
  item: object | null | undefined,
  input: object,
  readBack: Readonly<Record<string, ReadBack>>,
): boolean {
  if (!item) return false;
  const fields = item as Readonly<Record<string, unknown>>;
  return Object.entries(input).every(([param, value]) => {
    if (value === undefined) return true;
    const rule = readBack[param];
    if (rule === undefined) return false;
    return typeof rule === 'string' ? fields[rule] === value : rule(fields, value);
  });
}

/** A JSON array of numbers as a string ("[\"0\",\"12\"]" on the wire) compared as a set of numbers. */
export function sameNumberList(field: string): ReadBack {
  const numbers = (text: unknown): string | undefined => {
    if (typeof text !== 'string') return undefined;
    try {
      const parsed: unknown = JSON.parse(text);
      return Array.isArray(parsed)
        ? parsed
            .map(Number)
            .sort((a, b) => a - b)
            .join(',')
        : undefined;
    } catch {
      return undefined;
    }
  };
  return (item, value) => {
    const wanted = numbers(value);
    return wanted !== undefined && numbers(item[field]) === wanted;
  };
}

export type LostAnswerRule<A extends AnyAction, P> = Evidence<A, P> | NoEvidence;
