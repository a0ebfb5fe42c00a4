import type { EnumRef, InputFieldRef, InputObjectRef } from '@pothos/core';
import type { GraphQLError } from 'graphql';
import type { ListingFilter } from '../loaders/listing.js';
import type { AnyAction } from '../spec/action.js';
import type { ApiLimits, LimitName } from '../spec/limits.js';
import type { Param } from '../spec/params.js';
import { builder, type GatewayTypes } from './builder.js';
import { upstreamCost } from './cost.js';
import type { OpenEnum } from './enums.js';
import { badUserInput } from './errors.js';
import { definedOnly, type FilterMapping, filterCheck, type TagFilterValue, tagsInput } from './filters.js';
import { pagedFieldCost } from './pagination.js';
import { TagInput } from './tag.js';

/**
 * A listing's read side, derived from its Describe* declaration plus a short table of
 * what to expose, as mutation inputs are derived from theirs (define-mutation.ts): the
 * GraphQL filter input, its mapping to the wire parameters, the argument checks (the
 * declaration's own rules, named by filter field) and the field's cost metadata.
 * Adding a filter is one line of the table.
 */

/** The wire parameters a filter may set: every one but the region and the paging the loaders set. */
export type FilterParam<A extends AnyAction> = Exclude<
  keyof A['params'] & string,
  'RegionId' | 'PageNumber' | 'PageSize'
>;

/** A GraphQL enum of a filter: an open enum (UNKNOWN is refused before any call) or a plain one. */
type FilterEnum = OpenEnum | EnumRef<GatewayTypes, string, string>;

/**
 * One filter: its wire parameter, or the parameter with what the declaration does not
 * tell. By default the GraphQL type follows the parameter's kind (`…Id` strings are
 * IDs, `…Ids` arrays are ID lists, `Tag` takes TagInput) and the description is the
 * parameter's doc naming the parameter: `Only instances in this zone (ZoneId).`
 */
export type FilterLine<P extends string> =
  | P
  | {
      readonly param: P;
      readonly description?: string;
      readonly type?: FilterEnum;
      /**
       * A list the action takes as one string joined by `separator` (DescribeImages'
       * `ImageId=m-1,m-2`). Such a string declares no bounds of its own: the list holds
       * at least one `noun`, and at most the `max` limit when one is named.
       */
      readonly joined?: { readonly separator: string; readonly noun: string; readonly max?: LimitName };
    };

export interface FilterTable<A extends AnyAction> {
  /** The GraphQL input type (`InstanceFilter`) and its description. */
  readonly name: string;
  readonly description: string;
  /** GraphQL field → filter, in the order the input lists them. */
  readonly fields: { readonly [field: string]: FilterLine<FilterParam<A>> };
}

/** A filter as GraphQL hands it over: each field's value, null or absent when not given. */
export type FilterValues = Readonly<Record<string, unknown>>;

export interface DerivedFilter<A extends AnyAction> {
  readonly type: InputObjectRef<GatewayTypes, FilterValues>;
  readonly mapping: FilterMapping<A, FilterValues>;
  /** The extensions of a paged list field taking this filter: its cost and its argument check. */
  readonly extensions: typeof pagedFieldCost & ReturnType<typeof filterCheck>;
}

type Shape = 'id' | 'ids' | 'string' | 'strings' | 'int' | 'boolean' | 'tags' | 'enum' | 'enums';

interface Binding {
  readonly field: string;
  readonly param: string;
  readonly shape: Shape;
  readonly description: string;
  /** The declaration's reason when today's API deprecates the parameter. */
  readonly deprecationReason?: string;
  readonly enumType?: FilterEnum;
  readonly joined?: { readonly separator: string; readonly noun: string; readonly max?: LimitName };
}

function isOpenEnum(type: FilterEnum): type is OpenEnum {
  return 'known' in type;
}

function shapeOf(param: string, spec: Param, line: Exclude<FilterLine<string>, string>): Shape {
  if (line.type) return line.joined ? 'enums' : 'enum';
  if (line.joined) return /Ids?$/.test(param) ? 'ids' : 'strings';
  switch (spec.kind) {
    case 'string':
      return /Id$/.test(param) ? 'id' : 'string';
    case 'idList':
      return /Ids$/.test(param) ? 'ids' : 'strings';
    case 'bool':
      return 'boolean';
    case 'int':
      return 'int';
    case 'repeated':
      if (param === 'Tag') return 'tags';
  }
  throw new Error(`The filter on ${param} needs a type: its declaration is ${spec.kind}.`);
}

/** The parameter's doc, naming the parameter: `Only instances in this zone.` → `… zone (ZoneId).` */
function describedByDoc(action: AnyAction, param: string, spec: Param): string {
  if (!spec.doc)
    throw new Error(`The filter on ${action.name}'s ${param} needs a description: it has no doc.`);
  return `${spec.doc.replace(/\.$/, '')} (${param}).`;
}

function bind<A extends AnyAction>(action: A, table: FilterTable<A>): Binding[] {
  return Object.entries(table.fields).map(([field, entry]) => {
    const line = typeof entry === 'string' ? { param: entry } : entry;
    const spec = action.params[line.param];
    if (!spec) throw new Error(`${table.name}.${field}: ${action.name} takes no ${line.param} parameter.`);
    if (line.joined && spec.kind !== 'string')
      throw new Error(`${table.name}.${field}: ${line.param} is not a string to join a list into.`);
    return {
      field,
      param: line.param,
      shape: shapeOf(line.param, spec, line),
      description: line.description ?? describedByDoc(action, line.param, spec),
      ...(spec.deprecated !== undefined ? { deprecationReason: spec.deprecated } : {}),
      ...(line.type ? { enumType: line.type } : {}),
      ...(line.joined ? { joined: line.joined } : {}),
    };
  });
}

type FieldBuilder = PothosSchemaTypes.InputFieldBuilder<GatewayTypes, 'InputObject'>;
// biome-ignore lint/complexity/noBannedTypes: the value type Pothos gives fields of an unknown-valued input.
type AnyInputField = InputFieldRef<GatewayTypes, {} | null | undefined>;

function inputField(t: FieldBuilder, binding: Binding): AnyInputField {
  const options = {
    required: false,
    description: binding.description,
    ...(binding.deprecationReason !== undefined ? { deprecationReason: binding.deprecationReason } : {}),
  } as const;
  const enumRef =
    binding.enumType && (isOpenEnum(binding.enumType) ? binding.enumType.ref : binding.enumType);
  switch (binding.shape) {
    case 'id':
      return t.id(options);
    case 'ids':
      return t.idList(options);
    case 'string':
      return t.string(options);
    case 'strings':
      return t.stringList(options);
    case 'int':
      return t.int(options);
    case 'boolean':
      return t.boolean(options);
    case 'tags':
      return t.field({ ...options, type: [TagInput] });
    case 'enum':
      return t.field({ ...options, type: enumRef as EnumRef<GatewayTypes, string, string> });
    case 'enums':
      return t.field({ ...options, type: [enumRef as EnumRef<GatewayTypes, string, string>] });
  }
}

/** A field's value as its wire parameter takes it. */
function wireValue(binding: Binding, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  if (binding.joined) return (value as readonly unknown[]).map(String).join(binding.joined.separator);
  switch (binding.shape) {
    case 'id':
      return String(value);
    case 'ids':
      return (value as readonly unknown[]).map(String);
    case 'tags':
      return tagsInput(value as readonly TagFilterValue[]);
    default:
      return value;
  }
}

/** The rules of joined lists, which their string parameter cannot state. */
function joinedListProblems(
  bindings: readonly Binding[],
  filter: FilterValues,
  limits: ApiLimits,
  argument: string,
): GraphQLError[] {
  const problems: GraphQLError[] = [];
  for (const binding of bindings) {
    const list = filter[binding.field] as readonly unknown[] | null | undefined;
    if (!binding.joined || list == null) continue;
    const { noun, max } = binding.joined;
    const path = `${argument}.${binding.field}`;
    if (max !== undefined && (list.length < 1 || list.length > limits[max]))
      problems.push(badUserInput(path, `must hold 1 to ${limits[max]} ${noun}s`, list.length));
    if (max === undefined && list.length === 0)
      problems.push(badUserInput(path, `must hold at least 1 ${noun}`, 0));
    const openEnum = binding.enumType && isOpenEnum(binding.enumType) ? binding.enumType : undefined;
    if (openEnum && list.some((value) => !openEnum.known.has(String(value))))
      problems.push(badUserInput(path, 'must be documented values, not UNKNOWN', 'UNKNOWN'));
  }
  return problems;
}

/** Builds a listing's filter input, its mapping, its checks and its field extensions from the table. */
export function defineListingFilter<A extends AnyAction>(action: A, table: FilterTable<A>): DerivedFilter<A> {
  const bindings = bind(action, table);
  const type = builder.inputRef<FilterValues>(table.name).implement({
    description: table.description,
    fields: (t) => Object.fromEntries(bindings.map((binding) => [binding.field, inputField(t, binding)])),
  });
  const enums = Object.fromEntries(
    bindings.flatMap((binding) =>
      binding.shape === 'enum' && binding.enumType && isOpenEnum(binding.enumType)
        ? [[binding.field, binding.enumType]]
        : [],
    ),
  );
  const joined = bindings.filter((binding) => binding.joined);
  const mapping: FilterMapping<A, FilterValues> = {
    action,
    toInput: (filter) =>
      definedOnly(
        Object.fromEntries(
          bindings.map((binding) => [binding.param, wireValue(binding, filter[binding.field])]),
        ),
      ) as ListingFilter<A>,
    fieldOf: Object.fromEntries(bindings.map((binding) => [binding.param, binding.field])),
    ...(Object.keys(enums).length > 0 ? { enums } : {}),
    ...(joined.length > 0
      ? { listProblems: (filter, limits, argument) => joinedListProblems(joined, filter, limits, argument) }
      : {}),
  };
  const tokenItems = action.page?.tokens?.maxResults;
  const cost =
    tokenItems === undefined ? pagedFieldCost : upstreamCost({ calls: 'page', items: 'page', tokenItems });
  return { type, mapping, extensions: { ...cost, ...filterCheck(mapping) } };
}
