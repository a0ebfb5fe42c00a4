import type { GatewayContext } from '../../context.js';
import { EcsError } from '../../ecs/errors.js';
import type { ActionInput, ActionResult, AnyAction } from '../../spec/action.js';
import { DRY_RUN_PARAM, isDryRunOperation } from '../../spec/dry-run.js';
import { DryRunPassed } from './dry-run-passed.js';
import type { InputProblem } from './errors.js';
import type { FieldBinding } from './input-fields.js';

/**
 * A mutation's own dry run: one call with DryRun=true, ECS's DryRunOperation answered
 * as DryRunPassed. Nothing is acted on, so nothing is treated as a write: no cache is
 * dropped, no ClientToken is derived from an Idempotency-Key, no outcome is noted for
 * the key (a dry run's result is never kept for a real call to replay), and a lost
 * answer is no unknown outcome (the error stands; repeating a dry run is harmless).
 */

/** The problem of dryRun under the 2014 API, which has no DryRun: an endpoint of then ignores it, and acts. */
export function dryRunUnder2014(bindings: readonly FieldBinding[]): InputProblem {
  const field = `input.${bindings.find((binding) => binding.param === DRY_RUN_PARAM)?.field ?? 'dryRun'}`;
  const rule =
    "needs today's API (ECS_API_LIMITS=current): the 2014 API has no DryRun, and an endpoint that ignores it acts";
  return { field, rule, code: 'InvalidParameter', message: `${field} is not valid: ${rule}.` };
}

/**
 * Sends the dry run. Answers (throws, for the result union to take) DryRunPassed when
 * ECS answers DryRunOperation; returns the result when ECS answered as if acting (an
 * endpoint that ignored DryRun has acted, and the caller treats it as the write it
 * was); any other failure is thrown as it came, for the caller to answer as the real
 * call's refusal.
 */
export async function sendDryRun<A extends AnyAction>(
  context: GatewayContext,
  action: A,
  input: ActionInput<A>,
  options: { readonly regionId: string; readonly clientToken?: string },
): Promise<ActionResult<A>> {
  try {
    return await context.ecs.call(action, input, options);
  } catch (error) {
    if (error instanceof EcsError && isDryRunOperation(error.code))
      throw new DryRunPassed(action.name, error.requestId);
    throw error;
  }
}
