import type { AnyAction } from './action.js';
import { type BoolParam, p } from './params.js';

/**
 * DryRun, as today's ECS takes it on some writes (the SDK models of
 * @alicloud/ecs20140526 list which): ECS makes every check of the real call
 * (parameters, permissions, existence, state, quota) and, when all pass, answers the
 * error `DryRunOperation` instead of acting. The 2014-05-26 reference has no DryRun on
 * any action: a 2014 endpoint ignores it as an unknown parameter, and acts.
 *
 * An action accepts it when its declaration holds `DryRun: dryRunParam()`; that one
 * entry is what the client, the simulator and the schema read (acceptsDryRun).
 */
export const DRY_RUN_PARAM = 'DryRun';

/** The answer of a dry run whose checks all passed: an error body, HTTP 400, that means success of a check. */
export const DRY_RUN_OPERATION = {
  code: 'DryRunOperation',
  httpStatus: 400,
  message: 'Request validation has been passed with DryRun flag set.',
} as const;

export function dryRunParam() {
  return p.bool({
    doc: "Today's API: only check the request (parameters, permissions, the resource's state, quotas) without acting; a check that passes answers DryRunOperation.",
  });
}

/** Whether the action's declaration takes DryRun. */
export function acceptsDryRun(action: AnyAction): boolean {
  const param = action.params[DRY_RUN_PARAM] as BoolParam | undefined;
  return param?.kind === 'bool';
}

/** Whether an input asks for a dry run of an action that takes one. */
export function isDryRun(action: AnyAction, input: Readonly<Record<string, unknown>>): boolean {
  return acceptsDryRun(action) && input[DRY_RUN_PARAM] === true;
}

/** Whether an ECS error answer is the DryRunOperation of a passed check. */
export function isDryRunOperation(code: string | undefined): boolean {
  return code === DRY_RUN_OPERATION.code;
}
