import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

// ECS writes times in UTC as `2014-05-26T12:00Z` (no seconds) or `2014-05-26T12:00:00Z`;
// a few newer fields carry seconds fractions or an offset.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Parses an ECS or ISO 8601 time with a date, a time and a zone; undefined when it is not one. */
export function parseDateTime(text: string): Date | undefined {
  if (!DATE_TIME.test(text)) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function toDate(value: unknown, where: string): Date {
  const date = value instanceof Date ? value : typeof value === 'string' ? parseDateTime(value) : undefined;
  if (!date || Number.isNaN(date.getTime()))
    throw new GraphQLError(
      `${where}: DateTime must be an ISO 8601 time with a zone, such as 2014-05-26T12:00:00Z; got ${JSON.stringify(value)}.`,
      { extensions: { code: 'BAD_USER_INPUT' } },
    );
  return date;
}

/**
 * ECS times as served: every listed resource has a few, and the same resources are
 * listed again and again, so a text is parsed once. A text that is no time is not kept
 * (it throws each time); past the bound the cache starts over.
 */
const servedTimes = new Map<string, string>();
const SERVED_TIMES_KEPT = 10_000;

function serializeText(text: string): string {
  let served = servedTimes.get(text);
  if (served === undefined) {
    served = toDate(text, 'DateTime value').toISOString();
    if (servedTimes.size >= SERVED_TIMES_KEPT) servedTimes.clear();
    servedTimes.set(text, served);
  }
  return served;
}

export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description:
    'A point in time, written as ISO 8601 in UTC: 2014-05-26T12:00:00.000Z. ECS times such as 2014-05-26T12:00Z are read as UTC.',
  serialize: (value) =>
    typeof value === 'string' ? serializeText(value) : toDate(value, 'DateTime value').toISOString(),
  parseValue: (value) => toDate(value, 'DateTime variable'),
  parseLiteral: (ast) => toDate(ast.kind === Kind.STRING ? ast.value : undefined, 'DateTime literal'),
});
