import type { ApiLimits } from '../spec/limits.js';
import { checkParams } from '../spec/param-checks.js';
import type { Params } from '../spec/params.js';
import { ParamError } from './errors.js';

/**
 * Validates and flattens a typed input into wire parameters: id lists as JSON arrays,
 * lists of strings as `Name.N`, repeated structures as `Name.N.Field`, booleans as `true`/`false`, undefined left off.
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
    else if (spec.kind === 'list')
      (value as readonly string[]).forEach((entry, index) => {
        wire[`${prefix}${name}.${index + 1}`] = entry;
      });
    else if (spec.kind === 'repeated')
      (value as readonly Record<string, unknown>[]).forEach((entry, index) => {
        flatten(spec.fields, entry, `${prefix}${name}.${index + 1}.`, wire);
      });
    else wire[prefix + name] = String(value);
  }
}
