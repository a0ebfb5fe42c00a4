import type { Dispatcher } from 'undici';
import { nowMs } from './timing.js';

/**
 * One request of a hostile run, bounded by a time limit, whose every outcome is a
 * figure: an answer (status, first error code), no answer in time, or a transport
 * failure (the gateway closed the connection, or is gone).
 */
export type Attempt =
  | {
      readonly kind: 'answered';
      readonly ms: number;
      readonly status: number;
      /** The first error's `extensions.code`, else its message clipped; undefined without errors. */
      readonly code: string | undefined;
      readonly errorCount: number;
      readonly body: GraphQLBody | undefined;
    }
  | { readonly kind: 'timedOut'; readonly ms: number; readonly limitMs: number }
  | { readonly kind: 'failed'; readonly ms: number; readonly error: string };

export interface GraphQLBody {
  readonly data?: unknown;
  readonly errors?: ReadonlyArray<{
    readonly message?: unknown;
    readonly extensions?: { readonly code?: unknown };
  }>;
  readonly extensions?: { readonly upstream?: { readonly calls?: unknown } };
}

/** The first error's code, or its message clipped to 60 characters; undefined when there is no error. */
export function firstErrorCode(body: GraphQLBody | undefined): string | undefined {
  const first = body?.errors?.[0];
  if (first === undefined) return undefined;
  if (typeof first.extensions?.code === 'string') return first.extensions.code;
  const message = typeof first.message === 'string' ? first.message : JSON.stringify(first);
  return message.length > 60 ? `${message.slice(0, 59)}…` : message;
}

/** A read failed when it was not answered, not answered 200, or answered with any error or without data. */
export function isFailedRead(attempt: Attempt): boolean {
  return (
    attempt.kind !== 'answered' ||
    attempt.status !== 200 ||
    attempt.errorCount > 0 ||
    attempt.body?.data === undefined ||
    attempt.body.data === null
  );
}

function seconds(ms: number): string {
  return `${Number.isInteger(ms / 1000) ? ms / 1000 : (ms / 1000).toFixed(1)} s`;
}

/** How a table cell shows an outcome: `400 GRAPHQL_PARSE_FAILED`, `200 (no error)`, `timed out after 10 s`, `no answer: other side closed`. */
export function describeAttempt(attempt: Attempt): string {
  switch (attempt.kind) {
    case 'answered':
      return `${attempt.status} ${attempt.code ?? '(no error)'}`;
    case 'timedOut':
      return `timed out after ${seconds(attempt.limitMs)}`;
    case 'failed':
      return `no answer: ${attempt.error}`;
  }
}

/** Counts of each outcome, most frequent first: `401 UNAUTHENTICATED × 500`. */
export function tally(outcomes: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const outcome of outcomes) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([outcome, count]) => `${outcome} × ${count}`)
    .join(', ');
}

export const JSON_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'application/json',
  accept: 'application/graphql-response+json, application/json',
};

/** POSTs `body` to `url` through `dispatcher`, giving up after `limitMs`. */
export async function attemptPost(
  dispatcher: Dispatcher,
  url: string,
  body: string | Buffer,
  limitMs: number,
  headers: Readonly<Record<string, string>> = JSON_HEADERS,
): Promise<Attempt> {
  const { origin, pathname } = new URL(url);
  const started = nowMs();
  const signal = AbortSignal.timeout(Math.max(1, Math.ceil(limitMs)));
  try {
    const response = await dispatcher.request({
      origin,
      path: pathname,
      method: 'POST',
      headers: { ...headers },
      body,
      signal,
      headersTimeout: 0,
      bodyTimeout: 0,
    });
    const text = await response.body.text();
    let parsed: GraphQLBody | undefined;
    try {
      parsed = JSON.parse(text) as GraphQLBody;
    } catch {
      parsed = undefined;
    }
    return {
      kind: 'answered',
      ms: nowMs() - started,
      status: response.statusCode,
      code: firstErrorCode(parsed),
      errorCount: parsed?.errors?.length ?? 0,
      body: parsed,
    };
  } catch (error) {
    const ms = nowMs() - started;
    if (signal.aborted) return { kind: 'timedOut', ms, limitMs };
    const cause = error as { code?: unknown; message?: unknown };
    return {
      kind: 'failed',
      ms,
      error: typeof cause.code === 'string' ? cause.code : String(cause.message ?? error),
    };
  }
}
