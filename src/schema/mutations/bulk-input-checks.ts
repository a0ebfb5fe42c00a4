import type { GraphQLError } from 'graphql';
import type { GatewayContext } from '../../context.js';
import type { AnyAction } from '../../spec/action.js';
import { checkParams, type ParamProblem } from '../../spec/param-checks.js';
import type { Params } from '../../spec/params.js';
import { selectorLength } from '../cost.js';
import { filterProblems } from '../filters.js';
import type { BulkInputShape, BulkSpec } from './bulk-spec.js';
import type { InputProblem } from './errors.js';
import { inputProblem, toActionInput } from './input-fields.js';
import { pairProblems } from './pair-rules.js';

/** The ValidationError code of a selection past the bound: the gateway's rule, not one of ECS. */
export const TOO_MANY_ITEMS = 'TooManyItems';

type Input = Readonly<Record<string, unknown>>;

/** What a bulk input selects: named ids, ids to expand, a filter (each absent when not given). */
export interface Selectors<Filter> {
  /** The ids named, in input order. */
  readonly named: readonly string[] | undefined;
  readonly expanding: readonly string[] | undefined;
  readonly filter: Filter | undefined;
}

export function selectorsOf<A extends AnyAction, L extends AnyAction, Item, Filter extends object>(
  spec: BulkSpec<A, L, Item, Filter>,
  input: Input,
): Selectors<Filter> {
  const list = (field: string | undefined) =>
    field === undefined ? undefined : ((input[field] as readonly string[] | null | undefined) ?? undefined);
  return {
    named: list(spec.idsField),
    expanding: list(spec.expansion?.field),
    filter: (input.filter as Filter | null | undefined) ?? undefined,
  };
}

function problem(field: string, rule: string, code: string): InputProblem {
  return { field, rule, code, message: `${field} ${rule}.` };
}

/** A selector that went past the bound: `input.filter selects at most 50 disks ...`. */
export function tooMany(noun: string, field: string, most: number, count: number): InputProblem {
  return problem(
    field,
    `selects at most ${most} ${noun}s (maxItems, GATEWAY_MAX_BULK_ITEMS); got ${count}`,
    TOO_MANY_ITEMS,
  );
}

/** Every rule the input breaks, found without a call. */
export function bulkInputProblems<A extends AnyAction, L extends AnyAction, Item, Filter extends object>(
  spec: BulkSpec<A, L, Item, Filter>,
  shape: BulkInputShape,
  input: Input,
  selectors: Selectors<Filter>,
  regionId: string,
  most: number,
  context: GatewayContext,
): InputProblem[] {
  return [
    ...selectionProblems(spec, input, selectors, context),
    ...listedIdProblems(spec, shape, selectors, most, context),
    ...commonInputProblems(spec, shape, input, regionId, context),
    ...asProblems(filterProblems(spec.filter.mapping, selectors.filter, context.limits, 'input.filter')),
  ];
}

/** No selector at all, or a maxItems out of its range. */
function selectionProblems<A extends AnyAction, L extends AnyAction, Item, Filter extends object>(
  spec: BulkSpec<A, L, Item, Filter>,
  input: Input,
  { named, expanding, filter }: Selectors<Filter>,
  context: GatewayContext,
): InputProblem[] {
  const problems: InputProblem[] = [];
  // An empty list selects nothing: it is no selector. An empty filter selects everything (bounded).
  if (selectorLength(named) === 0 && selectorLength(expanding) === 0 && filter === undefined) {
    const fields = [spec.idsField, ...(spec.expansion ? [spec.expansion.field] : []), 'filter'];
    problems.push(
      problem(
        'input',
        `needs at least one of ${fields.map((field) => `input.${field}`).join(', ')} (a list not empty)`,
        'MissingParameter',
      ),
    );
  }
  const asked = input.maxItems;
  if (typeof asked === 'number' && (asked < 1 || asked > context.maxBulkItems))
    problems.push(
      problem(
        'input.maxItems',
        `must be from 1 to ${context.maxBulkItems} (GATEWAY_MAX_BULK_ITEMS)`,
        TOO_MANY_ITEMS,
      ),
    );
  return problems;
}

/** The id lists (named, to expand): each past the bound, and each id breaking its parameter's rules. */
function listedIdProblems<A extends AnyAction, L extends AnyAction, Item, Filter extends object>(
  spec: BulkSpec<A, L, Item, Filter>,
  shape: BulkInputShape,
  { named, expanding }: Selectors<Filter>,
  most: number,
  context: GatewayContext,
): InputProblem[] {
  const { expansion } = spec;
  const lists: { field: string; ids: readonly string[] | undefined; rules: Params; param: string }[] = [
    { field: spec.idsField, ids: named, rules: shape.idRules, param: spec.idParam },
    ...(expansion
      ? [{ field: expansion.field, ids: expanding, rules: expansion.params, param: expansion.param }]
      : []),
  ];
  const problems: InputProblem[] = [];
  for (const { field, ids, rules, param } of lists) {
    // Every entry counts, repeats too: the call estimate counts the same (selectorLength).
    const listed = selectorLength(ids);
    if (listed > most)
      problems.push(
        problem(
          `input.${field}`,
          `lists at most ${most} ids, repeats included (maxItems, GATEWAY_MAX_BULK_ITEMS); got ${listed}`,
          TOO_MANY_ITEMS,
        ),
      );
    (ids ?? []).forEach((id, index) => {
      for (const found of checkParams(rules, { [param]: id }, context.limits))
        problems.push(listedIdProblem(`${field}[${index}]`, rules, found));
    });
  }
  return problems;
}

/** A problem of one id of an input list, named by its place: `input.diskIds[2]`. */
function listedIdProblem(field: string, params: Params, found: ParamProblem): InputProblem {
  const spec = params[found.param];
  return spec ? inputProblem([{ field, param: found.param, spec }], found) : inputProblem([], found);
}

/** The single mutation's input that applies to every item, by its parameters' rules and pair rules. */
function commonInputProblems<A extends AnyAction, L extends AnyAction, Item, Filter extends object>(
  spec: BulkSpec<A, L, Item, Filter>,
  { common, commonParams }: BulkInputShape,
  input: Input,
  regionId: string,
  context: GatewayContext,
): InputProblem[] {
  const wire = toActionInput(common, input);
  const { regionParam } = spec.single.action;
  if (regionParam) wire[regionParam] = regionId;
  return [
    ...checkParams(commonParams, wire, context.limits).map((found) => inputProblem(common, found)),
    ...pairProblems(common, spec.single.pairRules, wire),
  ];
}

/** A filter's BAD_USER_INPUT errors as problems of the mutation's input. */
function asProblems(errors: readonly GraphQLError[]): InputProblem[] {
  return errors.map((error) => {
    const field = String(error.extensions.argument ?? 'input.filter');
    const rule = String(error.extensions.rule ?? 'is not valid');
    return { field, rule, code: 'InvalidParameter', message: error.message };
  });
}
