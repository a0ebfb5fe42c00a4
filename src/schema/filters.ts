import type { GraphQLError } from 'graphql';
import type { ListingFilter } from '../loaders/listing.js';
import type { AnyAction } from '../spec/action.js';
import type { ApiLimits } from '../spec/limits.js';
import { checkParams } from '../spec/param-checks.js';
import { type ArgumentCheck, argumentCheck } from './argument-checks.js';
import type { OpenEnum } from './enums.js';
import { badUserInput } from './errors.js';

/** A tag filter as GraphQL hands it over. */
export interface TagFilterValue {
  readonly key: string;
  readonly value?: string | null | undefined;
}

/**
 * How a GraphQL filter input maps to the parameters of a Describe* action. The
 * action's own parameter rules check the result, so a filter the API would refuse
 * (11 ids under the 2014 limits, a 21st tag) is refused before any call, naming the
 * filter field it came from.
 */
export interface FilterMapping<A extends AnyAction, Filter> {
  readonly action: A;
  /** The Describe* parameters of a filter. */
  readonly toInput: (filter: Filter) => ListingFilter<A>;
  /** Each wire parameter the filter sets, and the filter field that sets it. */
  readonly fieldOf: Readonly<Record<string, string>>;
  /** The filter fields that take an open enum: UNKNOWN cannot be asked for. */
  readonly enums?: Readonly<Record<string, OpenEnum>>;
  /** Rules the parameters cannot state (lists the action takes joined into one string), checked first. */
  readonly listProblems?: (filter: Filter, limits: ApiLimits, argument: string) => GraphQLError[];
}

/** Drops the fields GraphQL left null or absent: ECS must not see them. */
export function definedOnly<T extends Record<string, unknown>>(
  input: T,
): { [K in keyof T]?: Exclude<T[K], null> } {
  return Object.fromEntries(
    Object.entries(input).filter(([, value]) => value !== undefined && value !== null),
  ) as { [K in keyof T]?: Exclude<T[K], null> };
}

/** Tag filters as the Describe* `Tag` parameter takes them. */
export function tagsInput(
  tags: readonly TagFilterValue[] | null | undefined,
): { Key: string; Value?: string }[] | undefined {
  return tags?.map((tag) => (tag.value == null ? { Key: tag.key } : { Key: tag.key, Value: tag.value }));
}

/** Where a wire parameter came from: `Tag.2.Key` → `tags[1].key`. */
function filterPath(param: string, fieldOf: Readonly<Record<string, string>>): string {
  const [head = param, index, sub] = param.split('.');
  const field = fieldOf[head] ?? head;
  if (index === undefined) return field;
  return `${field}[${Number(index) - 1}]${sub ? `.${sub.charAt(0).toLowerCase()}${sub.slice(1)}` : ''}`;
}

function wireValue(input: Readonly<Record<string, unknown>>, param: string): unknown {
  return param.split('.').reduce<unknown>((value, part) => {
    if (Array.isArray(value)) return value[Number(part) - 1];
    return value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  }, input);
}

/** Every rule a filter breaks, each a BAD_USER_INPUT error naming `argument.<field>`. */
export function filterProblems<A extends AnyAction, Filter>(
  mapping: FilterMapping<A, Filter>,
  filter: Filter | null | undefined,
  limits: ApiLimits,
  argument: string,
): GraphQLError[] {
  if (filter == null) return [];
  const listed = mapping.listProblems?.(filter, limits, argument) ?? [];
  const values = filter as Readonly<Record<string, unknown>>;
  const unknown = Object.entries(mapping.enums ?? {})
    .filter(([field, openEnum]) => values[field] != null && !openEnum.known.has(String(values[field])))
    .map(([field]) =>
      badUserInput(`${argument}.${field}`, 'must be a documented value, not UNKNOWN', 'UNKNOWN'),
    );
  if (unknown.length > 0) return [...listed, ...unknown];
  const input = mapping.toInput(filter) as Readonly<Record<string, unknown>>;
  const params = Object.fromEntries(
    Object.entries(mapping.action.params).filter(([name]) => name in mapping.fieldOf),
  );
  return [
    ...listed,
    ...checkParams(params, input, limits).map((problem) =>
      badUserInput(
        `${argument}.${filterPath(problem.param, mapping.fieldOf)}`,
        problem.rule.startsWith('must') ? problem.rule : `must be ${problem.rule}`,
        wireValue(input, problem.param),
      ),
    ),
  ];
}

/** The pre-execution check of a field's `filter` argument. */
export function filterCheck<A extends AnyAction, Filter>(
  mapping: FilterMapping<A, Filter>,
): {
  readonly argumentCheck: ArgumentCheck;
} {
  return argumentCheck((args, { limits }, path) =>
    filterProblems(mapping, args.filter as Filter | undefined, limits, `${path}(filter)`),
  );
}
