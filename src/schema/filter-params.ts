import type { AnyAction } from '../ecs/action.js';
import type { ApiLimits } from '../ecs/limits.js';
import { checkParams } from '../ecs/params.js';
import type { ListingFilter } from '../loaders/listing.js';
import type { OpenEnum } from './enums.js';
import { badUserInput } from './errors.js';

/** One field of a filter argument and the Describe* parameter it sets. */
export interface FilterField {
  /** The parameter of the action, such as SecurityGroupType. */
  readonly param: string;
  /** The field's value as GraphQL hands it over; null or undefined sets nothing. */
  readonly value: unknown;
  /** An open enum (or a list of one) whose UNKNOWN cannot be asked for. */
  readonly openEnum?: OpenEnum;
  /** Bounds of a list value, where the parameter itself declares none (a comma-separated string). */
  readonly minItems?: number;
  readonly maxItems?: number;
  /** The value as the parameter takes it (a list joined by commas, tags as Tag.N). */
  readonly encode?: (value: never) => unknown;
}

/**
 * Turns a filter argument into the parameters of a Describe* call, checked against
 * the action's declaration before any call: a broken rule fails the field with
 * BAD_USER_INPUT naming the filter field (`securityGroups(filter).ids`) and the rule.
 */
export function filterParams<A extends AnyAction>(
  action: A,
  argument: string,
  fields: Readonly<Record<string, FilterField>>,
  limits: ApiLimits,
): ListingFilter<A> {
  const params: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(fields)) {
    const { value } = field;
    if (value === null || value === undefined) continue;
    const path = `${argument}.${name}`;
    const values = Array.isArray(value) ? value : [value];
    if (field.openEnum && values.some((entry) => !field.openEnum?.known.has(String(entry))))
      throw badUserInput(path, 'must name documented values; UNKNOWN is not one', 'UNKNOWN');
    if (field.minItems !== undefined && values.length < field.minItems)
      throw badUserInput(path, `must hold at least ${field.minItems} value`, values.length);
    if (field.maxItems !== undefined && values.length > field.maxItems)
      throw badUserInput(path, `must hold at most ${field.maxItems} values`, values.length);
    const wire = field.encode ? field.encode(value as never) : value;
    const spec = action.params[field.param];
    if (!spec) throw new Error(`${action.name} takes no ${field.param} parameter.`);
    const problem = checkParams({ [field.param]: spec }, { [field.param]: wire }, limits)[0];
    if (problem) throw badUserInput(path, `${problem.rule} (${problem.param})`, value);
    params[field.param] = wire;
  }
  return params as ListingFilter<A>;
}

/** Values joined by commas, as the filters that take several values in one string want them. */
export function commaSeparated(values: readonly string[]): string {
  return values.join(',');
}

/** The `tags` of a filter, as the Tag parameter takes them (Tag.N.Key, Tag.N.Value). */
export function tagParams(
  tags: readonly { readonly key: string; readonly value?: string | null | undefined }[],
) {
  return tags.map((tag) => ({ Key: tag.key, ...(tag.value == null ? {} : { Value: tag.value }) }));
}
