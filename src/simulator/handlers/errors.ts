import { type ActionErrorCode, type AnyAction, documentedError } from '../../spec/action.js';
import { DRY_RUN_OPERATION } from '../../spec/dry-run.js';
import { ServiceError } from '../backend.js';
import type { DomainContext } from './context.js';

/**
 * Throws the action's documented error: code, message and HTTP status come from the
 * declaration's error table, so the simulator can answer only what the reference lists.
 */
export function fail<A extends AnyAction>(action: A, code: ActionErrorCode<A>, messageStart = ''): never {
  const row = documentedError(action, code, messageStart);
  throw new ServiceError(row.code, row.message, row.httpStatus);
}

/**
 * The public InvalidParameter error, for a value the parameter declaration cannot judge
 * alone (a size out of its disk category's range).
 */
export function invalidParameter(param: string, rule: string): never {
  throw new ServiceError(
    'InvalidParameter',
    `The specified parameter "${param}" is not valid: ${rule}.`,
    400,
  );
}

/**
 * Where a write handler has made every check and is about to act: a dry run stops
 * here with DryRunOperation (HTTP 400), as ECS answers a request whose checks passed.
 */
export function passDryRun(context: DomainContext): void {
  if (context.dryRun)
    throw new ServiceError(DRY_RUN_OPERATION.code, DRY_RUN_OPERATION.message, DRY_RUN_OPERATION.httpStatus);
}
