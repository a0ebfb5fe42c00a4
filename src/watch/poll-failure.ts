import { EcsError, isUpstreamFailure, ParamError } from '../ecs/errors.js';
import { type PollErrorInfo, PollTimeoutError } from './watch-events.js';

export type { PollErrorInfo };

/**
 * Whether a failed poll is worth repeating, by the client's own classification:
 * - transient: any transport failure (network, timeout, deadline, an open circuit
 *   breaker, a garbled answer), an ECS error the client would retry (throttling, 5xx),
 *   the poll's own timeout, and anything unexpected (a bug, credentials the client
 *   could not get: neither must end watches, and their text is not passed on);
 * - permanent: an ECS answer the client would not retry (a key, signature or permission
 *   refused, a parameter or region refused) and a parameter the client refused to send:
 *   the same Describe would be refused again.
 * Messages are those of the client's errors, which never hold the AccessKey secret or
 * the token; an unexpected error's text is not passed on.
 */
export function pollErrorInfo(error: unknown): PollErrorInfo {
  if (isUpstreamFailure(error))
    return {
      code: error.code,
      message: error.message,
      // A transport failure is transient to a poller even where one call would not be
      // repeated (its deadline, an open breaker): the next poll is a new call.
      retrying: error instanceof EcsError ? error.retryable : true,
      requestId: error.requestId,
      httpStatus: error.httpStatus,
    };
  if (error instanceof ParamError)
    return {
      code: error.first.code,
      message: error.message,
      retrying: false,
      httpStatus: error.first.httpStatus,
    };
  if (error instanceof PollTimeoutError)
    return { code: 'PollTimeout', message: error.message, retrying: true };
  return { code: 'PollFailed', message: 'The poll failed unexpectedly.', retrying: true };
}

/**
 * ECS codes that refuse the account, not the request's values: the key, the signature,
 * the token, a permission, the region. Every id polled with them is refused alike.
 */
const ACCOUNT_CODE =
  /^(?:InvalidAccessKeyId|InvalidAccessKeySecret|SignatureDoesNotMatch|IncompleteSignature|SignatureNonceUsed|IllegalTimestamp|InvalidTimeStamp|InvalidSecurityToken|MissingSecurityToken|Forbidden|NoPermission|InvalidRegionId|RegionUnauthorized|InvalidOwner|UnsupportedHTTPMethod|UnsupportedOperation)(?:$|\.)/;

/**
 * Whether a permanent refusal concerns the whole account (kept ids polled again would be
 * refused too) rather than the request's values, one of which may be the only one at
 * fault: a parameter ECS refused, or the client refused to send. A refused region is
 * the account's: the poller has one.
 */
export function isAccountRefusal(error: unknown): boolean {
  if (error instanceof EcsError) return ACCOUNT_CODE.test(error.code);
  if (error instanceof ParamError) return error.problems.some((problem) => problem.param === 'RegionId');
  return false;
}
