import type { ApiLimits, LimitName } from './limits.js';

/**
 * Request parameters, declared once per action. The declaration types the client's
 * input, encodes it to the flat `Name=value` pairs the API takes, and lets the
 * simulator parse and validate those pairs back with the same rules and error codes.
 */

/** A bound is a number or the name of an API limit resolved at call time. */
export type Bound = number | LimitName;

interface Common {
  readonly required?: boolean;
  /** What the reference says of the parameter; surfaces in GraphQL descriptions. */
  readonly doc?: string;
  /** The error code the API answers when the value breaks a rule (InvalidParameter by default). */
  readonly code?: string;
  /** The HTTP status that goes with `code` (400 by default). */
  readonly httpStatus?: number;
  /**
   * Other wire spellings the simulator accepts for this parameter, where the reference
   * and today's API disagree (`RegionId` for today's `regionId`). The client sends only
   * the declared name.
   */
  readonly aliases?: readonly string[];
}

/**
 * A rule that min/max/values cannot express: returns the broken rule in words
 * (`must start with a letter`), or undefined when the value keeps it.
 */
export type StringRule = (value: string) => string | undefined;

export interface StringParam extends Common {
  readonly kind: 'string';
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly values?: readonly string[];
  /** Compare with `values` ignoring case: ECS accepts `standard` for `Standard`. */
  readonly ignoreCase?: boolean;
  /** Checked after the length and values rules; see rules.ts for the named ones. */
  readonly check?: StringRule;
}
/** An integer rule beyond min/max (`-1 or 1 to 65536`): the broken rule in words, or undefined. */
export type IntRule = (value: number) => string | undefined;

export interface IntParam extends Common {
  readonly kind: 'int';
  readonly min?: Bound;
  readonly max?: Bound;
  /** Checked after min and max. */
  readonly check?: IntRule;
}
export interface BoolParam extends Common {
  readonly kind: 'bool';
}
/** A JSON-array filter such as `DiskIds=["d-1","d-2"]`. `[]` is a filter that matches nothing. */
export interface IdListParam extends Common {
  readonly kind: 'idList';
  readonly max: Bound;
}
/** A repeated structure on the wire as `Tag.1.Key`, `Tag.1.Value`, `Tag.2.Key`, ... */
export interface RepeatedParam<F extends Params = Params> extends Common {
  readonly kind: 'repeated';
  readonly max: number;
  readonly fields: F;
  /**
   * A field whose value no two entries may share (`Key` of tags), with the code ECS
   * answers for a repeat. Checked on typed input, so the client refuses it unsent.
   */
  readonly unique?: { readonly field: keyof F & string; readonly code: string; readonly httpStatus?: number };
}
export type ScalarParam = StringParam | IntParam | BoolParam;
export type Param = ScalarParam | IdListParam | RepeatedParam;
export type Params = { readonly [name: string]: Param };

type Simplify<T> = { [K in keyof T]: T[K] } & {};

export type ParamValue<P extends Param> = P extends IntParam
  ? number
  : P extends BoolParam
    ? boolean
    : P extends IdListParam
      ? readonly string[]
      : P extends RepeatedParam<infer F>
        ? ReadonlyArray<InputOf<F>>
        : string;

type RequiredKeys<P extends Params> = {
  [K in keyof P]: P[K] extends { readonly required: true } ? K : never;
}[keyof P];

/** The typed input of a parameter declaration; `undefined` values are left off the wire. */
export type InputOf<P extends Params> = Simplify<
  { [K in RequiredKeys<P>]: ParamValue<P[K]> } & {
    [K in Exclude<keyof P, RequiredKeys<P>>]?: ParamValue<P[K]> | undefined;
  }
>;

type Opts<T> = Omit<T, 'kind'>;

export const p = {
  string<const O extends Opts<StringParam>>(options?: O): { readonly kind: 'string' } & O {
    return { kind: 'string', ...(options as O) };
  },
  /** A resource id: a string of at least one character (an empty one names nothing, and would reach ECS). */
  id<const O extends Opts<StringParam>>(options?: O): { readonly kind: 'string'; readonly minLength: 1 } & O {
    return { kind: 'string', minLength: 1, ...(options as O) };
  },
  int<const O extends Opts<IntParam>>(options?: O): { readonly kind: 'int' } & O {
    return { kind: 'int', ...(options as O) };
  },
  bool<const O extends Opts<BoolParam>>(options?: O): { readonly kind: 'bool' } & O {
    return { kind: 'bool', ...(options as O) };
  },
  idList<const O extends Opts<IdListParam>>(options: O): { readonly kind: 'idList' } & O {
    return { kind: 'idList', ...options };
  },
  repeated<F extends Params, const O extends Opts<RepeatedParam<F>>>(
    options: O & { fields: F },
  ): { readonly kind: 'repeated' } & O {
    return { kind: 'repeated', ...options };
  },
  /** PageNumber: from 1. */
  pageNumber() {
    return p.int({ min: 1, doc: 'The page to return, from 1. Default 1.' });
  },
  /** PageSize: 1..the API's page limit. */
  pageSize() {
    return p.int({ min: 1, max: 'pageSize', doc: 'Items per page, 1 to the API page limit. Default 10.' });
  },
} as const;

/** One broken rule, named by the wire parameter it is about. */
export interface ParamProblem {
  /** The wire name: `DiskIds`, `Tag.2.Key`. */
  readonly param: string;
  /** The rule in words: `at most 10 ids`, `required`. */
  readonly rule: string;
  readonly code: string;
  readonly httpStatus: number;
  readonly message: string;
}

export class ParamError extends Error {
  override readonly name = 'ParamError';
  constructor(readonly problems: readonly ParamProblem[]) {
    super(problems.map((problem) => problem.message).join(' '));
  }
  get first(): ParamProblem {
    return this.problems[0] as ParamProblem;
  }
}

function resolve(bound: Bound | undefined, limits: ApiLimits): number | undefined {
  return typeof bound === 'string' ? limits[bound] : bound;
}

function missing(param: string): ParamProblem {
  return {
    param,
    rule: 'required',
    code: 'MissingParameter',
    httpStatus: 400,
    message: `The input parameter "${param}" that is mandatory for processing this request is not supplied.`,
  };
}

function invalid(param: string, spec: Common, rule: string): ParamProblem {
  return {
    param,
    rule,
    code: spec.code ?? 'InvalidParameter',
    httpStatus: spec.httpStatus ?? 400,
    message: `The specified parameter "${param}" is not valid: ${rule}.`,
  };
}

/** Checks a typed value against its declaration; returns the problems found (none when valid). */
function checkValue(name: string, spec: Param, value: unknown, limits: ApiLimits): ParamProblem[] {
  switch (spec.kind) {
    case 'string': {
      if (typeof value !== 'string') return [invalid(name, spec, 'must be a string')];
      const length = [...value].length;
      if (spec.minLength !== undefined && length < spec.minLength)
        return [
          invalid(name, spec, `at least ${spec.minLength} character${spec.minLength === 1 ? '' : 's'}`),
        ];
      if (spec.maxLength !== undefined && length > spec.maxLength)
        return [invalid(name, spec, `at most ${spec.maxLength} characters`)];
      if (spec.values && !matchesValue(spec, value))
        return [invalid(name, spec, `one of ${spec.values.join(', ')}`)];
      const broken = spec.check?.(value);
      return broken === undefined ? [] : [invalid(name, spec, broken)];
    }
    case 'int': {
      if (typeof value !== 'number' || !Number.isSafeInteger(value))
        return [invalid(name, spec, 'must be an integer')];
      const min = resolve(spec.min, limits);
      const max = resolve(spec.max, limits);
      if (min !== undefined && value < min) return [invalid(name, spec, rangeRule(min, max))];
      if (max !== undefined && value > max) return [invalid(name, spec, rangeRule(min, max))];
      const broken = spec.check?.(value);
      return broken === undefined ? [] : [invalid(name, spec, broken)];
    }
    case 'bool':
      return typeof value === 'boolean' ? [] : [invalid(name, spec, 'must be true or false')];
    case 'idList': {
      if (!Array.isArray(value) || value.some((id) => typeof id !== 'string' || id === ''))
        return [invalid(name, spec, 'a JSON array of non-empty id strings')];
      const max = resolve(spec.max, limits) as number;
      if (value.length > max) return [invalid(name, spec, `at most ${max} ids`)];
      return [];
    }
    case 'repeated': {
      if (!Array.isArray(value)) return [invalid(name, spec, 'must be a list')];
      if (value.length > spec.max) return [invalid(name, spec, `at most ${spec.max} entries`)];
      const problems = value.flatMap((entry: unknown, index) =>
        entry !== null && typeof entry === 'object' && !Array.isArray(entry)
          ? checkParams(spec.fields, entry as Record<string, unknown>, limits, `${name}.${index + 1}.`)
          : [invalid(`${name}.${index + 1}`, spec, 'must be an object')],
      );
      return spec.unique ? [...problems, ...repeats(name, spec.unique, value)] : problems;
    }
  }
}

/** Entries that repeat an earlier entry's value of the unique field, each named by its own N. */
function repeats(
  name: string,
  unique: NonNullable<RepeatedParam['unique']>,
  entries: readonly unknown[],
): ParamProblem[] {
  const firstAt = new Map<unknown, number>();
  const problems: ParamProblem[] = [];
  entries.forEach((entry, index) => {
    const value = (entry as Record<string, unknown> | null)?.[unique.field];
    if (value === undefined) return;
    const earlier = firstAt.get(value);
    if (earlier === undefined) firstAt.set(value, index + 1);
    else
      problems.push(
        invalid(
          `${name}.${index + 1}.${unique.field}`,
          { code: unique.code, httpStatus: unique.httpStatus ?? 400 },
          `must differ from ${name}.${earlier}.${unique.field}: no two entries may share it`,
        ),
      );
  });
  return problems;
}

function matchesValue(spec: StringParam, value: string): boolean {
  if (!spec.ignoreCase) return spec.values?.includes(value) ?? true;
  const lower = value.toLowerCase();
  return spec.values?.some((allowed) => allowed.toLowerCase() === lower) ?? true;
}

function rangeRule(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `an integer from ${min} to ${max}`;
  return min !== undefined ? `an integer of at least ${min}` : `an integer of at most ${max}`;
}

/** Validates a typed input against a declaration, reporting every problem at once. */
export function checkParams(
  params: Params,
  input: Readonly<Record<string, unknown>>,
  limits: ApiLimits,
  prefix = '',
): ParamProblem[] {
  const problems: ParamProblem[] = [];
  for (const [name, spec] of Object.entries(params)) {
    const value = input[name];
    if (value === undefined) {
      if (spec.required) problems.push(missing(prefix + name));
      continue;
    }
    problems.push(...checkValue(prefix + name, spec, value, limits));
  }
  return problems;
}

/**
 * Validates and flattens a typed input into wire parameters: id lists as JSON arrays,
 * repeated structures as `Name.N.Field`, booleans as `true`/`false`, undefined left off.
 * Throws a ParamError naming every broken rule; nothing is sent in that case.
 */
export function encodeParams(
  params: Params,
  input: Readonly<Record<string, unknown>>,
  limits: ApiLimits,
): Record<string, string> {
  const problems = checkParams(params, input, limits);
  if (problems.length > 0) throw new ParamError(problems);
  const wire: Record<string, string> = {};
  flatten(params, input, '', wire);
  return wire;
}

function flatten(
  params: Params,
  input: Readonly<Record<string, unknown>>,
  prefix: string,
  wire: Record<string, string>,
) {
  for (const [name, spec] of Object.entries(params)) {
    const value = input[name];
    if (value === undefined) continue;
    if (spec.kind === 'idList') wire[prefix + name] = JSON.stringify(value);
    else if (spec.kind === 'repeated')
      (value as readonly Record<string, unknown>[]).forEach((entry, index) => {
        flatten(spec.fields, entry, `${prefix}${name}.${index + 1}.`, wire);
      });
    else wire[prefix + name] = String(value);
  }
}

/**
 * The inverse of encodeParams, for the simulator: parses wire parameters into the typed
 * input, with the API's error codes for missing, malformed and out-of-range values.
 * Parameters the declaration does not know are ignored, as ECS ignores them.
 */
export function parseParams(
  params: Params,
  wire: Readonly<Record<string, string>>,
  limits: ApiLimits,
): Record<string, unknown> {
  const problems: ParamProblem[] = [];
  const input = parseLevel(params, wire, '', limits, problems);
  if (problems.length > 0) throw new ParamError(problems);
  return input;
}

/**
 * Parses and checks one level. Checks run here, on wire names, rather than on the
 * parsed input: with gaps (`Tag.1`, `Tag.3`) an entry's position in the parsed list
 * is not its N, and a problem must name the parameter the caller sent.
 */
function parseLevel(
  params: Params,
  wire: Readonly<Record<string, string>>,
  prefix: string,
  limits: ApiLimits,
  problems: ParamProblem[],
): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(params)) {
    const key = prefix + name;
    if (spec.kind === 'repeated') {
      const indexes = wireIndexes(key, wire);
      if (indexes.length === 0) {
        if (spec.required) problems.push(missing(key));
        continue;
      }
      const entries = parseRepeated(key, spec, indexes, wire, limits, problems);
      if (entries !== undefined) input[name] = entries;
      continue;
    }
    const raw = wire[key] ?? spec.aliases?.map((alias) => wire[prefix + alias]).find((v) => v !== undefined);
    if (raw === undefined) {
      if (spec.required) problems.push(missing(key));
      continue;
    }
    const value = parseScalar(spec, raw);
    if (value === undefined) {
      problems.push(invalid(key, spec, describeKind(spec)));
      continue;
    }
    problems.push(...checkValue(key, spec, value, limits));
    input[name] = value;
  }
  return input;
}

function parseScalar(spec: Exclude<Param, RepeatedParam>, raw: string): unknown {
  switch (spec.kind) {
    case 'string':
      return raw;
    case 'int':
      return /^-?\d{1,15}$/.test(raw) ? Number(raw) : undefined;
    case 'bool':
      return raw === 'true' ? true : raw === 'false' ? false : undefined;
    case 'idList': {
      try {
        const parsed: unknown = JSON.parse(raw);
        return Array.isArray(parsed) && parsed.every((id) => typeof id === 'string') ? parsed : undefined;
      } catch {
        return undefined;
      }
    }
  }
}

/** The Ns present on the wire for `key` (`Tag.1.Key`, `Tag.3.Value` -> 1, 3), ascending. */
function wireIndexes(key: string, wire: Readonly<Record<string, string>>): number[] {
  const pattern = new RegExp(`^${key.replace(/\./g, '\\.')}\\.(\\d+)\\.`);
  const indexes = new Set<number>();
  for (const name of Object.keys(wire)) {
    const match = pattern.exec(name);
    if (match) indexes.add(Number(match[1]));
  }
  return [...indexes].sort((a, b) => a - b);
}

function parseRepeated(
  key: string,
  spec: RepeatedParam,
  indexes: readonly number[],
  wire: Readonly<Record<string, string>>,
  limits: ApiLimits,
  problems: ParamProblem[],
): Record<string, unknown>[] | undefined {
  const outOfRange = indexes.filter((n) => n < 1 || n > spec.max);
  for (const n of outOfRange) problems.push(invalid(`${key}.${n}`, spec, `N from 1 to ${spec.max}`));
  if (outOfRange.length > 0) return undefined;
  return indexes.map((n) => parseLevel(spec.fields, wire, `${key}.${n}.`, limits, problems));
}

function describeKind(spec: Param): string {
  switch (spec.kind) {
    case 'int':
      return 'must be an integer';
    case 'bool':
      return 'must be true or false';
    case 'idList':
      return 'a JSON array of id strings';
    default:
      return 'malformed';
  }
}
