import type { InputProblem } from './errors.js';
import { type FieldBinding, inputPath } from './input-fields.js';

/**
 * A documented rule that ties two parameters of one action together, which the
 * declaration of each parameter alone cannot state (CreateDisk: Size or SnapshotId).
 * Checked with the declarations' rules, before any call; a broken one is a problem on
 * each of the two input fields, each naming the other.
 */
export interface PairRule {
  /** The two wire parameters. */
  readonly params: readonly [string, string];
  /** The code ECS answers when the rule is broken. */
  readonly code: string;
  readonly broken: (first: unknown, second: unknown) => boolean;
  /** The rule as it applies to one field, given the other's input path. */
  readonly rule: (other: string) => string;
}

/** At least one of the two is required. */
export function oneOf(first: string, second: string, code: string): PairRule {
  return {
    params: [first, second],
    code,
    broken: (a, b) => a === undefined && b === undefined,
    rule: (other) => `is required unless ${other} is given`,
  };
}

/** The two exclude each other. */
export function notTogether(first: string, second: string, code: string): PairRule {
  return {
    params: [first, second],
    code,
    broken: (a, b) => a !== undefined && b !== undefined,
    rule: (other) => `cannot be given together with ${other}`,
  };
}

/** The problems of the broken pair rules, named by input path. */
export function pairProblems(
  bindings: readonly FieldBinding[],
  rules: readonly PairRule[],
  wire: Readonly<Record<string, unknown>>,
): InputProblem[] {
  return rules
    .filter((rule) => rule.broken(wire[rule.params[0]], wire[rule.params[1]]))
    .flatMap((rule) => {
      const [first, second] = rule.params;
      const path = (param: string) => inputPath(bindings, param) ?? `input (${param})`;
      return [problem(rule, path(first), path(second)), problem(rule, path(second), path(first))];
    });
}

function problem(rule: PairRule, field: string, other: string): InputProblem {
  const text = rule.rule(other);
  return { field, rule: text, code: rule.code, message: `${field} ${text}.` };
}
