import type { ApiLimits } from '../spec/limits.js';
import { checkValue, invalid, missing, type ParamProblem } from '../spec/param-checks.js';
import type { ListParam, Param, Params, RepeatedParam } from '../spec/params.js';

/** Wire parameters the declaration refuses: each problem is what ECS answers for it. */
export class WireParamError extends Error {
  override readonly name = 'WireParamError';
  constructor(readonly problems: readonly ParamProblem[]) {
    super(problems.map((problem) => problem.message).join(' '));
  }
  get first(): ParamProblem {
    return this.problems[0] as ParamProblem;
  }
}

/**
 * The inverse of the client's encodeParams: parses wire parameters into the typed
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
  if (problems.length > 0) throw new WireParamError(problems);
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
    if (spec.kind === 'list') {
      const entries = parseList(key, spec, wire, limits, problems);
      if (entries.length > 0) input[name] = entries;
      else if (spec.required) problems.push(missing(`${key}.1`));
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

/**
 * `Name.1`, `Name.3`, ... in N order. As ECS, an N outside 1..max is ignored (the
 * reference: "a larger N is ignored"), and a gap is no error: entries keep their order.
 */
function parseList(
  key: string,
  spec: ListParam,
  wire: Readonly<Record<string, string>>,
  limits: ApiLimits,
  problems: ParamProblem[],
): string[] {
  const pattern = new RegExp(`^${key.replace(/\./g, '\\.')}\\.([1-9]\\d*)$`);
  const present: [number, string][] = [];
  for (const [name, raw] of Object.entries(wire)) {
    const n = Number(pattern.exec(name)?.[1]);
    if (Number.isInteger(n) && n >= 1 && n <= spec.max) present.push([n, raw]);
  }
  present.sort(([a], [b]) => a - b);
  for (const [n, raw] of present) problems.push(...checkValue(`${key}.${n}`, spec.of, raw, limits));
  return present.map(([, raw]) => raw);
}

function parseScalar(spec: Exclude<Param, RepeatedParam | ListParam>, raw: string): unknown {
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
  const entries = indexes.map((n) => parseLevel(spec.fields, wire, `${key}.${n}.`, limits, problems));
  if (spec.unique) {
    // Two entries sharing the unique field (two tags with one Key) are refused with its code.
    const { field, code, httpStatus = 400 } = spec.unique;
    const firstAt = new Map<unknown, number>();
    entries.forEach((entry, at) => {
      const value = entry?.[field];
      if (value === undefined) return;
      const earlier = firstAt.get(value);
      if (earlier === undefined) firstAt.set(value, indexes[at]!);
      else
        problems.push(
          invalid(
            `${key}.${indexes[at]}.${field}`,
            { code, httpStatus },
            `must differ from ${key}.${earlier}.${field}: no two entries may share it`,
          ),
        );
    });
  }
  return entries;
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
