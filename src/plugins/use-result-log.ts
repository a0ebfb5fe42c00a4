import type { GraphQLError } from 'graphql';
import type { Plugin, YogaLogger } from 'graphql-yoga';
import { CONNECTION_FAILURE_CODES } from '../ecs/errors.js';

/** What a log line says of one error of an answer: what the client was told, no stack. */
interface LoggedError {
  readonly code: string | undefined;
  readonly message: string;
  readonly path?: string;
  readonly httpStatus?: number;
  readonly requestId?: string;
}

// Not the client's doing: the upstream failed or refused under load, or the gateway did.
const UPSTREAM_TROUBLE = new Set<string>([
  ...CONNECTION_FAILURE_CODES,
  'DeadlineExceeded',
  'InvalidResponse',
  'Closed',
  'UPSTREAM_UNAVAILABLE',
  'INTERNAL_SERVER_ERROR',
]);

/**
 * One line for every answer that carries errors, naming the operation and each error's
 * code, message and path, at `info` when the client caused them all (validation, bad
 * input, a 4xx refusal by ECS) and `warn` when the upstream or the gateway did (a 5xx
 * or throttling answer, a transport failure, a bug, whose own `error` line has the
 * stack). No line for answers without errors: the access line covers those.
 */
export function useResultLog(logger: YogaLogger): Plugin {
  const operations = new WeakMap<Request, string>();
  return {
    onParams({ request, params }) {
      if (params.operationName) operations.set(request, params.operationName);
    },
    onResultProcess({ request, result }) {
      const results = Array.isArray(result) ? result : [result];
      const errors = results.flatMap((one) =>
        one && typeof one === 'object' && 'errors' in one && Array.isArray(one.errors)
          ? (one.errors as readonly GraphQLError[]).map(loggedError)
          : [],
      );
      if (errors.length === 0) return;
      const write = errors.some(isUpstreamTrouble) ? logger.warn : logger.info;
      write(
        { operation: operations.get(request) ?? null, errors },
        `answered with ${errors.length} error${errors.length === 1 ? '' : 's'}`,
      );
    },
  };
}

function loggedError(error: GraphQLError): LoggedError {
  const { code, httpStatus, requestId } = (error.extensions ?? {}) as Record<string, unknown>;
  return {
    code: typeof code === 'string' ? code : undefined,
    message: error.message,
    ...(error.path ? { path: error.path.join('.') } : {}),
    ...(typeof httpStatus === 'number' ? { httpStatus } : {}),
    ...(typeof requestId === 'string' ? { requestId } : {}),
  };
}

function isUpstreamTrouble({ code, httpStatus }: LoggedError): boolean {
  if (httpStatus !== undefined && httpStatus >= 500) return true;
  return code !== undefined && (UPSTREAM_TROUBLE.has(code) || code.startsWith('Throttling'));
}
