import type { ApiLimits } from './limits.js';
import type { Bound, Param, ParamCommon, Params, RepeatedParam, StringParam } from './params.js';

/*
 * What the declarations allow, as checks both sides run: the client before it sends,
 * the simulator on what arrives. A broken rule is a ParamProblem carrying the code
 * and status ECS answers for it.
 */

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

function resolve(bound: Bound | undefined, limits: ApiLimits): number | undefined {
  return typeof bound === 'string' ? limits[bound] : bound;
}

export function missing(param: string): ParamProblem {
  return {
    param,
    rule: 'required',
    code: 'MissingParameter',
    httpStatus: 400,
    message: `The input parameter "${param}" that is mandatory for processing this request is not supplied.`,
  };
}

export function invalid(param: string, spec: ParamCommon, rule: string): ParamProblem {
  return {
    param,
    rule,
    code: spec.code ?? 'InvalidParameter',
    httpStatus: spec.httpStatus ?? 400,
    message: `The specified parameter "${param}" is not valid: ${rule}.`,
  };
}

/** Checks a typed value against its declaration; returns the problems found (none when valid). */
export function checkValue(name: string, spec: Param, value: unknown, limits: ApiLimits): ParamProblem[] {
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
    case 'list': {
      if (!Array.isArray(value)) return [invalid(name, spec, 'must be a list')];
      if (value.length > spec.max) return [invalid(name, spec, `at most ${spec.max} entries`)];
      // Each entry is named by its wire N, with the entry rule's own code.
      return value.flatMap((entry: unknown, index) =>
        checkValue(`${name}.${index + 1}`, spec.of, entry, limits),
      );
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
