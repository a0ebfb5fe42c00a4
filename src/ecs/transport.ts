import type { IncomingHttpHeaders } from 'node:http';
import { Agent, type Dispatcher, request } from 'undici';
import { EcsTransportError, type TransportErrorCode, type TransportErrorDetails } from './errors.js';

/** One HTTP exchange, as the client needs it: status, headers and the whole body as text. */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface DispatcherOptions {
  readonly connectTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly maxConnections: number;
}

/** The client's own connection pool: keep-alive, bounded, with undici's timeouts as a backstop. */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  return new Agent({
    connections: options.maxConnections,
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 60_000,
    connect: { timeout: options.connectTimeoutMs },
    headersTimeout: options.requestTimeoutMs,
    bodyTimeout: options.requestTimeoutMs,
  });
}

export interface SendOptions {
  readonly method: 'GET' | 'POST';
  /** Sent besides user-agent; they may carry an Authorization header, so never logged. */
  readonly headers: Readonly<Record<string, string>>;
  readonly dispatcher: Dispatcher;
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  readonly maxBodyBytes: number;
  readonly userAgent: string;
}

/** Thrown by httpSend when the body outgrows `maxBodyBytes`; the client turns it into InvalidResponse. */
export class BodyTooLarge extends Error {
  constructor(readonly status: number) {
    super('response body too large');
  }
}

/**
 * Sends a request without a body (a signed GET, or a V3 POST whose parameters are in
 * the query) and reads the whole answer; undici's errors escape as they are, for
 * classifyFailure.
 */
export async function httpSend(url: string, options: SendOptions): Promise<HttpAnswer> {
  const response = await request(url, {
    method: options.method,
    dispatcher: options.dispatcher,
    signal: options.signal,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    headers: { ...options.headers, 'user-agent': options.userAgent },
  });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > options.maxBodyBytes) {
      response.body.destroy();
      throw new BodyTooLarge(response.statusCode);
    }
    chunks.push(chunk);
  }
  return {
    status: response.statusCode,
    headers: response.headers,
    body: Buffer.concat(chunks).toString('utf8'),
  };
}

const NETWORK_CODES: Readonly<Record<string, TransportErrorCode>> = {
  ECONNREFUSED: 'ConnectionRefused',
  UND_ERR_CONNECT_TIMEOUT: 'ConnectTimeout',
  ENOTFOUND: 'DnsFailure',
  EAI_AGAIN: 'DnsFailure',
  EAI_NONAME: 'DnsFailure',
  UND_ERR_HEADERS_TIMEOUT: 'Timeout',
  UND_ERR_BODY_TIMEOUT: 'Timeout',
  ETIMEDOUT: 'Timeout',
  UND_ERR_SOCKET: 'ConnectionReset',
  ECONNRESET: 'ConnectionReset',
  EPIPE: 'ConnectionReset',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'ConnectionReset',
  UND_ERR_CLOSED: 'ConnectionReset',
  UND_ERR_DESTROYED: 'Closed',
  UND_ERR_CLIENT_DESTROYED: 'Closed',
};

const DESCRIPTIONS: Readonly<Record<TransportErrorCode, string>> = {
  ConnectionRefused: 'connection refused',
  ConnectTimeout: 'timed out connecting',
  DnsFailure: 'host name not resolved',
  ConnectionReset: 'connection closed before the whole answer arrived',
  Timeout: 'timed out waiting for the answer',
  DeadlineExceeded: 'the call ran out of time, retries included',
  Aborted: 'aborted by the caller',
  InvalidResponse: 'invalid response',
  NetworkError: 'network failure',
  Closed: 'the client is closed',
  UpstreamUnavailable: 'the endpoint is unavailable',
};

/** The system or undici code of a failure, looking through `cause` and happy-eyeballs' AggregateError. */
function failureCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth += 1) {
    const { code, errors, cause } = current as { code?: unknown; errors?: unknown; cause?: unknown };
    if (typeof code === 'string') return code;
    current = Array.isArray(errors) ? errors[0] : cause;
  }
  return undefined;
}

/**
 * Maps a network failure to a transport error. The message names the action, the host
 * and the system code, never the URL: its query carries the signature.
 */
export function transportFailure(error: unknown, action: string, host: string): EcsTransportError {
  const systemCode = failureCode(error);
  const code = (systemCode && NETWORK_CODES[systemCode]) || 'NetworkError';
  return transportError(code, action, host, systemCode);
}

export function transportError(
  code: TransportErrorCode,
  action: string,
  host: string,
  detail?: string,
  details?: TransportErrorDetails,
): EcsTransportError {
  const suffix = detail ? ` (${detail})` : '';
  return new EcsTransportError(code, `${action} to ${host}: ${DESCRIPTIONS[code]}${suffix}.`, details);
}
