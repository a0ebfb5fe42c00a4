import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What every log line written while serving one HTTP request carries. */
export interface RequestScope {
  readonly requestId: string;
}

// The scope follows the request through promises, DataLoader ticks and the ECS client,
// so a line written deep in a call (the client's per-call hook) names its request
// without the id being threaded through code that knows nothing of HTTP.
const storage = new AsyncLocalStorage<RequestScope>();

/** Runs `fn` (and everything it starts) as part of the request `scope`. */
export function inRequestScope<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn);
}

/** The id of the request being served here; undefined outside of one. */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** A client's id is kept when it is this short and plain: safe in a header, a log line and a grep. */
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/**
 * The request's id: the client's `x-request-id` when it is 1–128 characters of
 * letters, digits and `._:@/+=-` (a load balancer's or a caller's trace id), else a
 * new UUID, so that a hostile value can neither forge log structure nor grow lines.
 */
export function requestIdFrom(
  header: string | readonly string[] | undefined,
  generate: () => string = randomUUID,
): string {
  const given = typeof header === 'string' ? header : undefined;
  return given !== undefined && CLIENT_REQUEST_ID.test(given) ? given : generate();
}
