import type { AnyAction } from '../spec/action.js';
import type { AttemptOutcome } from './circuit-breaker.js';
import { decodeErrorBody, decodeResponse, type ResponseFormat } from './decode.js';
import { CONNECTION_FAILURE_CODES, EcsCallError, EcsError, EcsTransportError, redact } from './errors.js';
import { retryAfterMs } from './retry.js';
import { BodyTooLarge, type HttpAnswer, transportError, transportFailure } from './transport.js';

/**
 * What one attempt came to: the action's result, or a failure the call may retry,
 * with what the attempt learnt (its status, its RequestId, the server's retry hint).
 */
export type Outcome<R> =
  | { readonly result: R; readonly httpStatus: number; readonly requestId: string | undefined }
  | {
      readonly error: EcsCallError;
      readonly httpStatus: number | undefined;
      readonly requestId: string | undefined;
      readonly retryAfterMs?: number | undefined;
    };

/** Where an answer came from and how it is read. */
export interface AnswerContext {
  readonly action: AnyAction;
  readonly host: string;
  readonly format: ResponseFormat;
  /** The credentials and signature of the attempt, scrubbed from any text ECS sends back. */
  readonly secrets: readonly (string | undefined)[];
}

/** A 2xx answer is the action's result; any other is an ECS error body, or not an ECS answer at all. */
export function interpretAnswer<R>(answer: HttpAnswer, at: AnswerContext): Outcome<R> {
  const header = answer.headers['x-acs-request-id'];
  const headerRequestId = typeof header === 'string' ? header : undefined;
  const context = { httpStatus: answer.status, requestId: headerRequestId };
  const retryAfter = retryAfterMs(answer.headers);
  if (answer.status >= 200 && answer.status < 300) {
    try {
      const result = decodeResponse(at.action, answer.body, at.format, context);
      return { result: result as R, httpStatus: answer.status, requestId: result.RequestId as string };
    } catch (error) {
      if (!(error instanceof EcsTransportError)) throw error;
      return { error, ...context };
    }
  }
  const fields = decodeErrorBody(answer.body);
  if (fields) {
    const scrubbed = {
      ...fields,
      message: redact(fields.message, at.secrets),
      recommend: fields.recommend === undefined ? undefined : redact(fields.recommend, at.secrets),
    };
    const requestId = fields.requestId ?? headerRequestId;
    return {
      error: new EcsError(scrubbed, answer.status),
      httpStatus: answer.status,
      requestId,
      retryAfterMs: retryAfter,
    };
  }
  // Never quote the body: a proxy's error page may echo the signed URL.
  const contentType = answer.headers['content-type'] ?? 'no content type';
  const message = `${at.action.name} to ${at.host}: HTTP ${answer.status} without an ECS error body (${contentType}, ${Buffer.byteLength(answer.body)} bytes).`;
  return {
    error: new EcsTransportError('InvalidResponse', message, context),
    ...context,
    retryAfterMs: retryAfter,
  };
}

/**
 * An attempt that got no whole answer while its call went on: a body past the size
 * bound (InvalidResponse, with the status that came), the attempt's own timeout, or
 * what undici's error says of the socket.
 */
export function failedExchange(
  cause: unknown,
  action: string,
  host: string,
  attempt: { readonly timedOut: boolean; readonly maxResponseBytes: number },
): Outcome<never> {
  if (cause instanceof BodyTooLarge) {
    const message = `${action} to ${host}: the response is larger than ${attempt.maxResponseBytes} bytes.`;
    const error = new EcsTransportError('InvalidResponse', message, { httpStatus: cause.status });
    return { error, httpStatus: cause.status, requestId: undefined };
  }
  const error = attempt.timedOut
    ? transportError('Timeout', action, host)
    : transportFailure(cause, action, host);
  return { error, httpStatus: undefined, requestId: undefined };
}

/** What an attempt tells of its endpoint: any HTTP answer shows it reachable. */
export function breakerVerdict(outcome: Outcome<unknown>): {
  outcome: AttemptOutcome;
  failureCode?: string;
} {
  if ('result' in outcome || outcome.httpStatus !== undefined) return { outcome: 'success' };
  const { error } = outcome;
  if (error instanceof EcsTransportError && CONNECTION_FAILURE_CODES.has(error.code))
    return { outcome: 'failure', failureCode: error.code };
  return { outcome: 'ignored' };
}

/** The CallEvent's errorCode of a call that threw: an EcsCallError's code; for a bug, its code or name. */
export function errorCodeOf(error: unknown): string {
  if (error instanceof EcsCallError) return error.code;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.name : 'Error';
}
