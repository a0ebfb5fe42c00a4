import type { InputFieldRef, InputRef } from '@pothos/core';
import type { ParamProblem } from '../../spec/param-checks.js';
import type { Param, Params } from '../../spec/params.js';
import { builder, type GatewayTypes } from '../builder.js';
import type { InputProblem } from './errors.js';

/**
 * A mutation's input is derived from its action's parameter declaration: one input
 * field per wire parameter, named in camelCase (`SnapshotName` → `snapshotName`,
 * `SystemDisk.Size` → `systemDiskSize`, repeated `Tag` → `tags`, `AddAccount.N` →
 * `addAccounts: [String!]`), typed by its kind and
 * described by its `doc`. The same binding turns the input back into the typed
 * action input and names a broken rule by its input path (`Tag.2.Key` →
 * `input.tags[1].key`), so the declaration stays the only place a rule is written.
 */
export interface FieldBinding {
  /** The GraphQL input field. */
  readonly field: string;
  /** The wire parameter. */
  readonly param: string;
  readonly spec: Param;
  /** The entry fields of a repeated parameter. */
  readonly entries?: readonly FieldBinding[];
  /**
   * A string parameter that holds a JSON array of numbers (`timePoints: ["0", "12"]`),
   * offered as `[Int!]` and encoded back to the string the declaration checks.
   */
  readonly numberList?: boolean;
}

type Record_ = Readonly<Record<string, unknown>>;

/** `SystemDisk.Size` → `systemDiskSize`; `DiskIds` → `diskIds`; repeated `Tag` → `tags`; `AddAccount.N` → `addAccounts`. */
function inputFieldName(param: string, spec: Param): string {
  const joined = param
    .split('.')
    .map((part, index) => (index === 0 ? part : part.charAt(0).toUpperCase() + part.slice(1)))
    .join('');
  const camel = joined.charAt(0).toLowerCase() + joined.slice(1);
  const plural = spec.kind === 'repeated' || spec.kind === 'list';
  return plural && !camel.endsWith('s') ? `${camel}s` : camel;
}

export function bindParams(
  params: Params,
  options: { readonly omit?: readonly string[]; readonly numberLists?: readonly string[] } = {},
): FieldBinding[] {
  return Object.entries(params)
    .filter(([param]) => !options.omit?.includes(param))
    .map(([param, spec]) => ({
      field: inputFieldName(param, spec),
      param,
      spec,
      ...(spec.kind === 'repeated' ? { entries: bindParams(spec.fields) } : {}),
      ...(options.numberLists?.includes(param) ? { numberList: true } : {}),
    }));
}

/** The typed action input of a GraphQL input; null (an explicit GraphQL null) is left out as absent. */
export function toActionInput(bindings: readonly FieldBinding[], input: Record_): Record<string, unknown> {
  const wire: Record<string, unknown> = {};
  for (const binding of bindings) {
    const value = input[binding.field];
    if (value === undefined || value === null) continue;
    if (binding.entries)
      wire[binding.param] = (value as readonly Record_[]).map((entry) =>
        toActionInput(binding.entries ?? [], entry),
      );
    else if (binding.numberList) wire[binding.param] = JSON.stringify((value as number[]).map(String));
    else wire[binding.param] = value;
  }
  return wire;
}

/** The input path of a wire parameter: `Tag.2.Key` → `input.tags[1].key`; undefined when no field binds it. */
export function inputPath(
  bindings: readonly FieldBinding[],
  param: string,
  prefix = 'input',
): string | undefined {
  for (const binding of bindings) {
    if (param === binding.param) return `${prefix}.${binding.field}`;
    if (!param.startsWith(`${binding.param}.`)) continue;
    // A list's entry: `AddAccount.2` → `input.addAccounts[1]`.
    if (binding.spec.kind === 'list')
      return `${prefix}.${binding.field}[${Number(param.slice(binding.param.length + 1)) - 1}]`;
    if (!binding.entries) continue;
    const [n, ...rest] = param.slice(binding.param.length + 1).split('.');
    const entry = `${prefix}.${binding.field}[${Number(n) - 1}]`;
    return rest.length === 0 ? entry : inputPath(binding.entries, rest.join('.'), entry);
  }
  return undefined;
}

/** A declaration's problem as the client sees it: the input path, the rule, the documented code. */
export function inputProblem(bindings: readonly FieldBinding[], problem: ParamProblem): InputProblem {
  const field = inputPath(bindings, problem.param) ?? `input (${problem.param})`;
  // A rule may name another entry on the wire (`must differ from Tag.1.Key`): name it by its input path.
  const named = problem.rule.replace(
    /\b[A-Z]\w*\.\d+\.[A-Z]\w*\b/g,
    (param) => inputPath(bindings, param) ?? param,
  );
  const rule = named === 'required' ? 'is required' : named;
  return {
    field,
    rule,
    code: problem.code,
    message: named === 'required' ? `${field} is required.` : `${field} is not valid: ${named}.`,
  };
}

type FieldBuilder = PothosSchemaTypes.InputFieldBuilder<GatewayTypes, 'InputObject'>;
// biome-ignore lint/complexity/noBannedTypes: the value type Pothos gives fields of an unknown-valued input.
type AnyInputField = InputFieldRef<GatewayTypes, {} | null | undefined>;

// Entry input types of repeated parameters, by name (every action's `Tag` makes one NewTagInput).
const entryTypes = new Map<string, InputRef<Record_>>();

/**
 * The tags of a mutation: what it puts on the resource it creates. Not the filters'
 * TagInput, where a key without a value matches any value.
 */
const NEW_TAG = {
  name: 'NewTagInput',
  description:
    'A tag to put on the resource the mutation creates (Tag.N.Key, Tag.N.Value); without a value, the tag’s value is empty.',
};

function entryType(name: string, bindings: readonly FieldBinding[]): InputRef<Record_> {
  let ref = entryTypes.get(name);
  if (!ref) {
    ref = builder.inputRef<Record_>(name).implement({
      description:
        name === NEW_TAG.name ? NEW_TAG.description : `One entry of ${name.replace(/Input$/, '')}.`,
      fields: (t) => inputFields(t, bindings, name),
    });
    entryTypes.set(name, ref);
  }
  return ref;
}

function describe(binding: FieldBinding): string {
  const doc = inGraphQLTerms(binding.spec.doc ?? '');
  return `${doc}${doc ? ' ' : ''}(ECS parameter ${binding.param}.)`;
}

/**
 * A declaration's doc speaks of the wire (JSON-array strings, Tag.N.Key); the input
 * field is a GraphQL list, so those clauses are restated for it. The parameter name in
 * the suffix still says what goes on the wire.
 */
export function inGraphQLTerms(doc: string): string {
  return doc
    .replace(
      /a check that passes answers DryRunOperation\./,
      'answers DryRunPassed when ECS’s checks pass (its DryRunOperation), else the refusal the real call would meet.',
    )
    .replace(/, as Tag\.N\.Key and Tag\.N\.Value, N from 1 to (\d+)\./, ', at most $1.')
    .replace(/, as \w+\.N, N from 1 to (\d+); a larger N is ignored\./, ', at most $1.')
    .replace(/, as a JSON array such as \[[^\]]*\]\./, '.')
    .replace(
      /, as a JSON array of up to (\d+) distinct strings from "(\d+)"((?: \([^)]*\))?) to "(\d+)": \[[^\]]*\]\./,
      ': up to $1 distinct values from $2$3 to $4.',
    );
}

/** The GraphQL input fields of bindings; `optional` fields are never required (a default applies). */
export function inputFields(
  t: FieldBuilder,
  bindings: readonly FieldBinding[],
  owner: string,
  optional: readonly string[] = [],
): Record<string, AnyInputField> {
  const fields: Record<string, AnyInputField> = {};
  for (const binding of bindings) {
    const { spec } = binding;
    const options = {
      required: spec.required === true && !optional.includes(binding.param),
      description: describe(binding),
      // GraphQL allows a deprecated input field only when it is optional.
      ...(spec.deprecated === undefined || spec.required === true
        ? {}
        : { deprecationReason: spec.deprecated }),
    };
    const isId = /Ids?$/.test(binding.param);
    switch (spec.kind) {
      case 'string':
        if (binding.numberList) fields[binding.field] = t.intList(options);
        else fields[binding.field] = isId ? t.id(options) : t.string(options);
        break;
      case 'int':
        fields[binding.field] = t.int(options);
        break;
      case 'bool':
        fields[binding.field] = t.boolean(options);
        break;
      case 'idList':
        fields[binding.field] = t.idList(options);
        break;
      case 'list':
        fields[binding.field] = t.stringList(options);
        break;
      case 'repeated': {
        const name =
          binding.param === 'Tag' ? NEW_TAG.name : `${owner.replace(/Input$/, '')}${binding.param}Input`;
        fields[binding.field] = t.field({ ...options, type: [entryType(name, binding.entries ?? [])] });
        break;
      }
    }
  }
  return fields;
}
