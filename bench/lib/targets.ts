/**
 * The targets, reported beside the figures, never asserted: each states a
 * measured value, a bound and which side of it is good, and says met or missed and
 * by how much.
 */

export interface Target {
  /** What is compared, as the report prints it: `calls / lower bound`. */
  readonly name: string;
  readonly measured: number;
  readonly bound: number;
  /** `atMost`: measured ≤ bound is met; `atLeast`: measured ≥ bound is met. */
  readonly sense: 'atMost' | 'atLeast';
  /** How the bound was derived, printed after the verdict: `1.25 × 5 rounds × 20 ms`. */
  readonly basis?: string;
}

export interface TargetVerdict extends Target {
  readonly met: boolean;
  /** How far the measured value is from the bound, as a share of the bound (positive = past it the bad way). */
  readonly overBy: number;
  readonly text: string;
}

function figure(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toPrecision(3);
}

export function judge(target: Target): TargetVerdict {
  const { measured, bound, sense } = target;
  if (!Number.isFinite(measured) || !Number.isFinite(bound) || bound <= 0)
    throw new RangeError(`${target.name}: measured and bound must be finite, the bound positive`);
  const met = sense === 'atMost' ? measured <= bound : measured >= bound;
  const overBy = sense === 'atMost' ? (measured - bound) / bound : (bound - measured) / bound;
  const relation = sense === 'atMost' ? (met ? '≤' : '>') : met ? '≥' : '<';
  const margin = met
    ? `${Math.round(Math.abs(overBy) * 100)}% to spare`
    : `missed by ${Math.round(overBy * 100)}%`;
  const basis = target.basis ? ` (${target.basis})` : '';
  const text = `${met ? 'met' : 'MISSED'}: ${target.name} ${figure(measured)} ${relation} ${figure(bound)}${basis}, ${margin}`;
  return { ...target, met, overBy, text };
}

/**
 * The verdict of a figure measured over answers of which some were errors: missed,
 * whatever the figure, since a fast wrong answer (or a request given up on) is not fast.
 */
export function missedOnErrors(verdict: TargetVerdict, errors: number, answers: number): TargetVerdict {
  if (errors === 0) return verdict;
  const figure = verdict.text.slice(verdict.text.indexOf(': ') + 2);
  return {
    ...verdict,
    met: false,
    text: `MISSED: ${figure}; but ${errors} of ${answers} answers were errors`,
  };
}
