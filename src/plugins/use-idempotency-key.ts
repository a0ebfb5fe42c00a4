import { type ExecutionResult, GraphQLError, getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { keyScope, parseIdempotencyKey, requestFingerprint, storeKey } from '../idempotency/key.js';
import { attachIdempotency, RequestIdempotency } from '../idempotency/request-state.js';
import {
  type IdempotencyStore,
  type JsonValue,
  MemoryIdempotencyStore,
  type MemoryStoreOptions,
} from '../idempotency/store.js';
import { maskError } from './mask-errors.js';
import { bearerToken } from './use-authentication.js';

export interface IdempotencyKeyOptions {
  /** The gateway token (GATEWAY_TOKEN): with one, keys are scoped by the presented token's hash. */
  readonly token?: string | undefined;
  /** Where records live. Default: an in-process store bounded by `memory`. */
  readonly store?: IdempotencyStore;
  /** Bounds and clock of the default in-process store. */
  readonly memory?: MemoryStoreOptions;
  /** How long a finished result is replayed. Default 24 h. */
  readonly ttlMs?: number;
  /** How long a key stays claimed by a request that never finishes (a crash). Default 5 min. */
  readonly pendingTtlMs?: number;
}

function refusal(message: string, code: string, status: number, rule: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, rule, http: { status } } });
}

const REUSED = refusal(
  'This Idempotency-Key was used with another operation or other variables. A key names one request: send a new key for a new request.',
  'IDEMPOTENCY_KEY_REUSED',
  422,
  'the same key must come with the same operation and variables',
);

const IN_FLIGHT = refusal(
  'A request with this Idempotency-Key is still running. Retry once it has finished: the retry gets its result.',
  'IDEMPOTENCY_KEY_IN_FLIGHT',
  409,
  'one request per key at a time',
);

/** The result as the client received it: errors masked, then plain JSON. */
function storable(result: ExecutionResult): JsonValue {
  const errors = result.errors?.map((error) => maskError(error, 'Unexpected error.'));
  return JSON.parse(JSON.stringify({ ...result, ...(errors ? { errors } : {}) })) as JsonValue;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/**
 * `Idempotency-Key` (the IETF httpapi draft's header, Stripe's convention) on mutations:
 * - the first request with a key claims it and runs; once it finished, its response
 *   body is kept for `ttlMs` (only when a write reached ECS: see RequestIdempotency);
 * - the same key with the same operation and variables answers that body again without
 *   calling ECS (header `Idempotent-Replayed: true`);
 * - the same key with another operation or variables: IDEMPOTENCY_KEY_REUSED, 422 (the
 *   draft's status for a key reused with another payload);
 * - the same key while its first request runs: IDEMPOTENCY_KEY_IN_FLIGHT, 409 (the
 *   draft's status; waiting would hold a connection per retry, and across replicas);
 * - a malformed key: INVALID_IDEMPOTENCY_KEY, 400.
 * The key also derives the ClientToken of token-taking actions (idempotency.clientToken),
 * so a retry after an unknown outcome makes ECS act at most once. On queries and
 * subscriptions the header is ignored: reads are safe to repeat. Runs after the
 * token check, so an unauthenticated request never reads or claims a key.
 */
export function useIdempotencyKey({
  token,
  store,
  memory,
  ttlMs = 24 * 60 * 60_000,
  pendingTtlMs = 5 * 60_000,
}: IdempotencyKeyOptions = {}): Plugin<{ request?: Request }> {
  const records = store ?? new MemoryIdempotencyStore(memory);
  const replayed = new WeakSet<Request>();
  return {
    async onExecute({ args, executeFn, setExecuteFn, setResultAndStopExecution }) {
      const request = args.contextValue.request;
      const header = request?.headers.get('idempotency-key') ?? null;
      if (header === null) return;
      if (getOperationAST(args.document, args.operationName)?.operation !== 'mutation') return;
      let key: string;
      try {
        key = parseIdempotencyKey(header);
      } catch (error) {
        setResultAndStopExecution({ errors: [error as GraphQLError] });
        return;
      }
      const presented =
        token === undefined ? undefined : bearerToken(request?.headers.get('authorization') ?? null);
      const scope = keyScope(presented);
      const where = storeKey(scope, key);
      const fingerprint = requestFingerprint(args.document, args.operationName, args.variableValues);

      if (!(await records.setIfAbsent(where, { state: 'pending', fingerprint }, pendingTtlMs))) {
        const record = await records.get(where);
        if (record && record.fingerprint !== fingerprint) {
          setResultAndStopExecution({ errors: [REUSED] });
        } else if (record?.state === 'done') {
          if (request) replayed.add(request);
          setResultAndStopExecution(record.result as ExecutionResult);
        } else {
          // Pending, or gone between the two calls (expired, evicted): a retry settles it.
          setResultAndStopExecution({ errors: [IN_FLIGHT] });
        }
        return;
      }

      const state = new RequestIdempotency(scope, key);
      attachIdempotency(args.contextValue, state);
      // An execution that throws never reaches onExecuteDone: free the key at once, not after pendingTtlMs.
      setExecuteFn(async (executeArgs) => {
        try {
          return await executeFn(executeArgs);
        } catch (error) {
          await records.delete(where);
          throw error;
        }
      });
      return {
        async onExecuteDone({ result }) {
          if (isAsyncIterable(result) || !state.shouldKeep()) await records.delete(where);
          else await records.set(where, { state: 'done', fingerprint, result: storable(result) }, ttlMs);
        },
      };
    },
    onResponse({ request, response }) {
      if (replayed.has(request)) response.headers.set('Idempotent-Replayed', 'true');
    },
  };
}
