import type { Logger } from 'pino';
import type { CallEvent, CallHook } from '../ecs/caller.js';
import { CONNECTION_FAILURE_CODES } from '../ecs/errors.js';

/**
 * A line for every ECS call, once it is over (the client's CallHook): `action`,
 * `region`, `attempts`, `durationMs`, `httpStatus`, `ecsRequestId` and `errorCode`
 * (null when absent), with the `reqId` of the GraphQL request that made it. Levels:
 * `debug` for a success (a query may make dozens; LOG_LEVEL=debug shows them), `info`
 * for a refusal the client caused (a 4xx ECS error, a parameter refused before
 * sending), `warn` for upstream trouble (5xx, throttling, no answer).
 */
export function callLogHook(logger: Logger): CallHook {
  return (event: CallEvent) => {
    const fields = {
      action: event.action,
      region: event.regionId,
      attempts: event.attempts,
      durationMs: Math.round(event.durationMs),
      httpStatus: event.httpStatus ?? null,
      ecsRequestId: event.requestId ?? null,
      errorCode: event.errorCode ?? null,
    };
    if (event.errorCode === undefined) logger.debug(fields, 'ECS call');
    else if (isUpstreamTrouble(event)) logger.warn(fields, 'ECS call failed');
    else logger.info(fields, 'ECS call refused');
  };
}

function isUpstreamTrouble({ errorCode, httpStatus, attempts }: CallEvent): boolean {
  if (errorCode === undefined) return false;
  if (httpStatus !== undefined) return httpStatus >= 500 || errorCode.startsWith('Throttling');
  // No answer: refused before sending because of the input (attempts 0, a ParamError
  // code such as InvalidParameter) is the client's; everything else is the upstream's.
  return (
    attempts > 0 ||
    CONNECTION_FAILURE_CODES.has(errorCode as never) ||
    errorCode === 'UpstreamUnavailable' ||
    errorCode === 'DeadlineExceeded' ||
    errorCode === 'Closed'
  );
}
