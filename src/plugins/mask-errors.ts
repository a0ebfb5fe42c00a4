import { GraphQLError } from 'graphql';
import { createGraphQLError, createLogger, type YogaLogger } from 'graphql-yoga';
import { ParamError } from '../ecs/params.js';
import { ecsErrorDetails, redactSecrets } from '../schema/errors.js';

function innermost(error: GraphQLError): unknown {
  let current: unknown = error;
  while (current instanceof GraphQLError && current.originalError) current = current.originalError;
  return current;
}

/**
 * Yoga's `maskError`: what of a resolver's error reaches the client.
 * - our own GraphQLErrors (bad input, limits) pass as they are;
 * - an ECS error becomes a GraphQLError at its path with `extensions.code` (the ECS
 *   code), `requestId` and `httpStatus`, its message cleared of secrets;
 * - a parameter the client refused to send names the parameter and rule;
 * - anything else is "Unexpected error." with code INTERNAL_SERVER_ERROR.
 */
export function maskError(error: unknown, message: string): Error {
  const original = error instanceof GraphQLError ? innermost(error) : error;
  if (original instanceof GraphQLError) return error as Error;
  const location =
    error instanceof GraphQLError
      ? { nodes: error.nodes, source: error.source, positions: error.positions, path: error.path }
      : {};
  const ecs = ecsErrorDetails(original);
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
    const path = value instanceof GraphQLError ? value.path?.join('.') : undefined;
    const cause = value instanceof GraphQLError ? innermost(value) : undefined;
    const ecs = ecsErrorDetails(value);
    return {
      name: value.name,
      message: redactSecrets(value.message),
      ...(ecs ? { code: ecs.code, requestId: ecs.requestId, httpStatus: ecs.httpStatus } : {}),
      ...(path ? { path } : {}),
      ...(cause instanceof Error && cause !== value ? { cause: describe(cause) } : {}),
      ...(value.stack ? { stack: redactSecrets(value.stack) } : {}),
    };
  }
  return typeof value === 'string' ? redactSecrets(value) : value;
}

/**
 * Wraps a logger so that every error it is given (yoga logs the original of each
 * masked error) is written as name, message, path and stack, with secrets removed,
 * never as the raw object, whose properties could hold request parameters.
 */
export function redactingLogger(base: YogaLogger = createLogger('info')): YogaLogger {
  const redact =
    (write: (...args: unknown[]) => void) =>
    (...args: unknown[]) =>
      write(...args.map(describe));
  return {
    debug: redact(base.debug),
    info: redact(base.info),
    warn: redact(base.warn),
    error: redact(base.error),
  };
}
