import { isIP } from 'node:net';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { getOperationAST, parse } from 'graphql';
import { type CORSOptions, createGraphQLError, type Plugin } from 'graphql-yoga';
import { isLoopbackHost } from './use-write-safety.js';

/**
 * What keeps a web page from acting through the gateway. A browser sends some requests
 * cross-site without asking first (forms, multipart, text/plain, GET); the rest it
 * preflights, and CORS decides. Three layers:
 * - CORS (yoga's `cors` option, `corsFor`): only origins named in GATEWAY_CORS_ORIGINS
 *   get `Access-Control-Allow-*` headers; any other origin gets none, so the browser
 *   neither sends its preflighted requests nor shows it any answer;
 * - the Host and Origin check (`useBrowserSafety`, onRequest, before the body is read):
 *   403 for a request whose Origin is neither the gateway's own nor allowed, and for a
 *   Host that is not one of the gateway's names (DNS rebinding);
 * - yoga's CSRF prevention (`useCsrfHeader`): a request a browser can send without a
 *   preflight (no content type, or a form, multipart or text/plain body) must carry the
 *   `x-graphql-yoga-csrf` header, which a page can only add to a preflighted request.
 *   JSON POSTs (every client here, GraphiQL included) need nothing more.
 */

/** The header yoga's CSRF prevention asks of GET and form-like requests. */
export const CSRF_HEADER = 'x-graphql-yoga-csrf';

/**
 * Request headers a browser page at an allowed origin may send; `cache-control` and
 * `pragma` let it ask for fresh data (`no-cache`).
 */
export const CORS_ALLOWED_HEADERS = [
  'authorization',
  'content-type',
  'idempotency-key',
  'cache-control',
  'pragma',
  CSRF_HEADER,
];

export interface BrowserSafetyOptions {
  /** The interface the gateway listens on (HOST). */
  readonly host?: string;
  /** Origins allowed besides the gateway's own (GATEWAY_CORS_ORIGINS), lower case. */
  readonly corsOrigins?: readonly string[];
  /** Whether every operation needs GATEWAY_TOKEN (a page cannot present it). */
  readonly tokenRequired?: boolean;
}

/**
 * Yoga's `cors` option: the CORS answer for an allowed origin, none for any other.
 * Never an echo of an arbitrary Origin, and never credentials (cookies are not how
 * the gateway authenticates; the bearer token is a header the page sets itself).
 */
export function corsFor(corsOrigins: readonly string[]): (request: Request) => CORSOptions {
  const allowed = new Set(corsOrigins);
  return (request) => {
    const origin = request.headers.get('origin')?.toLowerCase();
    if (origin === undefined || !allowed.has(origin)) return false;
    return {
      origin: [origin],
      methods: ['GET', 'POST'],
      allowedHeaders: CORS_ALLOWED_HEADERS,
      // So a page can tell a replayed mutation result from a fresh one, and how old
      // the oldest cached answer in a result is.
      exposedHeaders: ['Idempotent-Replayed', 'Age'],
      credentials: false,
      maxAge: 600,
    };
  };
}

/** `host[:port]` of a Host header, split; undefined when it is not one. */
function splitHost(header: string): { hostname: string; host: string } | undefined {
  if (!URL.canParse(`http://${header}`)) return undefined;
  const url = new URL(`http://${header}`);
  if (url.username || url.password || url.pathname !== '/' || url.search || url.hash) return undefined;
  return { hostname: url.hostname, host: url.host };
}

/**
 * The Host rule, against DNS rebinding (a page at evil.example whose name is made to
 * resolve to this machine sends `Host: evil.example` and its own origin): a Host is one
 * of the gateway's names when it is a loopback name (localhost, 127.x.x.x, [::1]), an IP
 * address while the gateway listens beyond loopback (an address cannot be rebound), or
 * the host of an origin in GATEWAY_CORS_ORIGINS (a DNS name the operator vouches for,
 * e.g. the gateway's own behind a proxy). A gateway beyond loopback that requires a
 * token accepts any name (containers call each other by service name): a rebound page
 * cannot present the token.
 */
export function hostRule({
  host = '127.0.0.1',
  corsOrigins = [],
  tokenRequired = false,
}: BrowserSafetyOptions) {
  const loopbackListener = isLoopbackHost(host);
  const vouched = new Set(corsOrigins.map((origin) => new URL(origin).hostname));
  return (hostname: string): boolean =>
    (!loopbackListener && tokenRequired) ||
    isLoopbackHost(hostname) ||
    (!loopbackListener && isIP(hostname.replace(/^\[(.*)\]$/, '$1')) !== 0) ||
    vouched.has(hostname);
}

/** A refusal sent before the body is read; closing the connection means it never will be. */
function refusal(fetchAPI: { Response: typeof Response }, status: number, code: string, message: string) {
  return new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', connection: 'close' },
  });
}

/**
 * The Host and Origin check, in onRequest: nothing of the body has been read yet.
 * - a Host header that is not one of the gateway's names: 403 HOST_NOT_ALLOWED;
 * - an Origin that is neither allowed (GATEWAY_CORS_ORIGINS) nor the gateway's own
 *   (`http://` + an accepted Host): 403 ORIGIN_NOT_ALLOWED.
 * No Origin at all is a client that is not a browser page, or a same-origin GET (which
 * the CSRF header rule and yoga's refusal of mutations over GET cover).
 */
export function useBrowserSafety(options: BrowserSafetyOptions = {}): Plugin {
  const acceptedHostname = hostRule(options);
  const allowed = new Set(options.corsOrigins ?? []);
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      const hostHeader = request.headers.get('host');
      const host = hostHeader === null ? undefined : splitHost(hostHeader);
      if (hostHeader !== null && (host === undefined || !acceptedHostname(host.hostname))) {
        endResponse(
          refusal(
            fetchAPI,
            403,
            'HOST_NOT_ALLOWED',
            `The Host ${JSON.stringify(hostHeader.slice(0, 100))} is not a name of this gateway: use localhost or its address, or add the origin to GATEWAY_CORS_ORIGINS.`,
          ),
        );
        return;
      }
      const origin = request.headers.get('origin');
      if (origin === null) return;
      const lower = origin.toLowerCase();
      const own = host !== undefined && lower === `http://${host.host}`;
      if (own || allowed.has(lower)) return;
      endResponse(
        refusal(
          fetchAPI,
          403,
          'ORIGIN_NOT_ALLOWED',
          `Requests from the origin ${JSON.stringify(origin.slice(0, 100))} are not allowed: only the gateway's own origin and those in GATEWAY_CORS_ORIGINS may call it from a browser.`,
        ),
      );
    },
  };
}

/** Whether the browser says the request comes from the gateway's own pages, or it is no browser's (no Sec-Fetch-Site). */
export function notCrossSite(request: Request): boolean {
  const site = request.headers.get('sec-fetch-site');
  return site === null || site === 'same-origin' || site === 'none';
}

/**
 * A GET an `EventSource` on the gateway's own pages sends for a subscription: it cannot
 * add the CSRF header. It is let through when it asks for text/event-stream, carries a
 * subscription, and the browser says it is not cross-site. The Accept value alone would
 * not do: a cross-site page may send it with a no-cors GET, but the browser then says
 * `Sec-Fetch-Site: cross-site`, which no page can change. The document is parsed with
 * the gateway's token bound, as yoga's parse will.
 */
export function isEventSourceSubscription(request: Request, maxTokens: number): boolean {
  if (request.method !== 'GET' || !notCrossSite(request)) return false;
  if (!(request.headers.get('accept') ?? '').includes('text/event-stream')) return false;
  const params = new URL(request.url).searchParams;
  const query = params.get('query');
  if (query === null) return false;
  try {
    const operation = getOperationAST(parse(query, { maxTokens }), params.get('operationName') ?? undefined);
    return operation?.operation === 'subscription';
  } catch {
    return false;
  }
}

/**
 * Yoga's CSRF prevention, with a code and a message that names the header: its own
 * error carries neither. A same-origin EventSource subscription needs no header (see
 * isEventSourceSubscription).
 */
export function useCsrfHeader({ maxTokens = 1_000 }: { readonly maxTokens?: number } = {}): Plugin {
  const csrf = useCSRFPrevention({ requestHeaders: [CSRF_HEADER] });
  return {
    onRequestParse(payload) {
      if (isEventSourceSubscription(payload.request, maxTokens)) return;
      try {
        csrf.onRequestParse?.(payload);
      } catch {
        throw createGraphQLError(
          `Send the "${CSRF_HEADER}" header with a GET, form, multipart or text/plain request, or POST application/json.`,
          { extensions: { code: 'CSRF_HEADER_REQUIRED', http: { status: 403 } } },
        );
      }
    },
  };
}
