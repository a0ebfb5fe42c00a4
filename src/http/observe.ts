import { AsyncResource } from 'node:async_hooks';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { inRequestScope, requestIdFrom } from '../logging/request-scope.js';
import type { ReadinessAnswer } from './readiness.js';

export interface ObserveOptions {
  readonly logger: Logger;
  /** Whether the upstream can serve (UpstreamReadiness.check). */
  readonly readiness: () => ReadinessAnswer;
  /** True once the gateway is shutting down. */
  readonly draining: () => boolean;
  /**
   * With REDIS_URL: `redis` while the replicas' shared state is reachable, `local` while
   * this replica serves from its own (ready either way: it still serves). Undefined without.
   */
  readonly sharedState?: () => 'redis' | 'local';
  /** For the access line's duration, ms. Default performance.now. */
  readonly now?: () => number;
}

/**
 * What the gateway serves around yoga:
 * - `/healthz` (liveness) and `/readyz` (readiness), answered here before anything
 *   else, so no token, CSRF header or body is needed and nothing is parsed; they say
 *   only `ok`, `ready`, `draining` or why the upstream is not usable;
 * - every other request gets its id (`x-request-id`, see request-scope.ts), echoed in
 *   the answer and carried by every log line written while serving it, and one access
 *   line when it is over.
 */
export function observedHandler(handler: RequestListener, options: ObserveOptions): RequestListener {
  const now = options.now ?? (() => performance.now());
  return (req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
    if (isProbe(req, path)) {
      answerProbe(res, path === '/healthz' ? liveness(options) : readiness(options), req.method === 'HEAD');
      return;
    }
    const requestId = requestIdFrom(req.headers['x-request-id']);
    res.setHeader('x-request-id', requestId);
    const startedAt = now();
    inRequestScope({ requestId }, () => {
      // Bound to the request's scope: the line carries its id whatever ends the response.
      res.once(
        'close',
        AsyncResource.bind(() =>
          options.logger.info(
            {
              method: req.method,
              path,
              status: res.statusCode,
              durationMs: Math.round(now() - startedAt),
              ...(res.writableFinished ? {} : { aborted: true }),
            },
            'request',
          ),
        ),
      );
      handler(req, res);
    });
  };
}

function isProbe(req: IncomingMessage, path: string): boolean {
  return (path === '/healthz' || path === '/readyz') && (req.method === 'GET' || req.method === 'HEAD');
}

interface ProbeAnswer {
  readonly status: number;
  readonly body: Record<string, string>;
}

function liveness({ draining }: ObserveOptions): ProbeAnswer {
  return draining() ? { status: 503, body: { status: 'draining' } } : { status: 200, body: { status: 'ok' } };
}

function readiness({ draining, readiness: check, sharedState }: ObserveOptions): ProbeAnswer {
  if (draining()) return { status: 503, body: { status: 'draining' } };
  const answer = check();
  const shared: Record<string, string> = sharedState ? { sharedState: sharedState() } : {};
  return answer.ready
    ? { status: 200, body: { status: 'ready', ...shared } }
    : { status: 503, body: { status: 'unready', reason: answer.reason, ...shared } };
}

function answerProbe(res: ServerResponse, { status, body }: ProbeAnswer, head: boolean): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(head ? undefined : text);
}
