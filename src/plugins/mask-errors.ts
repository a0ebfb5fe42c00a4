import { GraphQLError } from 'graphql';
import { createGraphQLError, createLogger, type YogaLogger } from 'graphql-yoga';
import { isUpstreamFailure, ParamError } from '../ecs/errors.js';
import { type EcsErrorDetails, ecsErrorDetails, redactSecrets } from '../schema/errors.js';

function innermost(error: GraphQLError): unknown {
  let current: unknown = error;
  while (current instanceof GraphQLError && current.originalError) current = current.originalError;
  return current;
}

/**
 * The details of a client error a GraphQL client is shown with its code: ECS's answer
 * or a transport failure. The client's other errors (credentials it could not get, a
 * cache-only miss) are the gateway's trouble, masked like a bug; a ParamError has its own form.
 */
function upstreamDetails(error: unknown): EcsErrorDetails | undefined {
  return isUpstreamFailure(error) ? ecsErrorDetails(error) : undefined;
}

/**
 * Yoga's `maskError`: what of a resolver's error reaches the client.
 * - our own GraphQLErrors (bad input, limits) pass as they are;
 * - an ECS error becomes a GraphQLError at its path with `extensions.code` (the ECS
 *   code), `requestId` and `httpStatus`, its message cleared of secrets;
 * - a parameter the client refused to send names the parameter and rule;
 * - anything else (credentials the client could not get included) is "Unexpected
 *   error." with code INTERNAL_SERVER_ERROR.
 */
export function maskError(error: unknown, message: string): Error {
  const original = error instanceof GraphQLError ? innermost(error) : error;
  if (original instanceof GraphQLError) return error as Error;
  const location =
    error instanceof GraphQLError
      ? { nodes: error.nodes, source: error.source, positions: error.positions, path: error.path }
      : {};
  const ecs = upstreamDetails(original);
  if (ecs)
    return createGraphQLError(ecs.message, {
      ...location,
      extensions: { code: ecs.code, requestId: ecs.requestId, httpStatus: ecs.httpStatus },
    });
  if (original instanceof ParamError) {
    const { code, httpStatus, param, rule } = original.first;
    return createGraphQLError(redactSecrets(original.message), {
      ...location,
      extensions: { code, httpStatus, param, rule },
    });
  }
  return createGraphQLError(message, { ...location, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
}

function describe(value: unknown): unknown {
  if (value instanceof Error) {
    // One error, one stack: the error a resolver threw, at the path of the field it
    // failed, not also yoga's wrapper around it.
    const path = value instanceof GraphQLError ? value.path?.join('.') : undefined;
    const inner = value instanceof GraphQLError ? innermost(value) : value;
    const error = inner instanceof Error ? inner : value;
    const ecs = upstreamDetails(error);
    return {
      name: error.name,
      message: redactSecrets(error.message),
      ...(ecs ? { code: ecs.code, requestId: ecs.requestId, httpStatus: ecs.httpStatus } : {}),
      ...(path ? { path } : {}),
      ...(error.stack && !isExpected(value) ? { stack: redactSecrets(error.stack) } : {}),
    };
  }
  return typeof value === 'string' ? redactSecrets(value) : value;
}

/**
 * An error the gateway expects and answers with a code (a parameter the client refused
 * to send, a failed ECS call, our own GraphQLError), as opposed to a bug. Its answer is
 * logged with the request's other errors (use-result-log.ts); yoga's report of it is
 * only debug detail, without a stack.
 */
export function isExpected(error: unknown): boolean {
  const original = error instanceof GraphQLError ? innermost(error) : error;
  return original instanceof GraphQLError || original instanceof ParamError || isUpstreamFailure(original);
}

/**
 * Wraps a logger so that every error it is given (yoga logs the original of each
 * masked error) is written as name, message, path and, for a bug only, stack, with
 * secrets removed, never as the raw object, whose properties could hold request
 * parameters. Yoga writes every masked error at `error`; an expected one goes to
 * `debug` instead, so that `error` lines are bugs.
 */
export function redactingLogger(base: YogaLogger = createLogger('info')): YogaLogger {
  const redact =
    (write: (...args: unknown[]) => void) =>
    (...args: unknown[]) =>
      write(...args.map(describe));
  const debug = redact(base.debug);
  const error = redact(base.error);
  return {
    debug,
    info: redact(base.info),
    warn: redact(base.warn),
    error: (...args: unknown[]) =>
      args.length > 0 && args.every((arg) => arg instanceof Error && isExpected(arg))
        ? debug(...args)
        : error(...args),
  };
}
