import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleepFor } from 'node:timers/promises';
import type { AnyAction } from '../spec/action.js';
import { ACTIONS } from '../spec/catalog.js';
import { API_LIMITS, type ApiLimits } from '../spec/limits.js';
import { ControlError, ServiceError, type SimulatorBackend } from './backend.js';
import { type FaultConfig, FaultConfigError, FaultInjector } from './faults.js';
import { NonceRegistry } from './nonces.js';
import { parseParams, WireParamError } from './parse-params.js';
import {
  type AuthenticationContext,
  authenticate,
  claimedAction,
  readWireRequest,
  responseFormat,
} from './protocol.js';
import { CONTENT_TYPES, type ResponseFormat, serializeError, serializeResult } from './serialize.js';
import { type CallOutcome, SimulatorStats } from './stats.js';

/**
 * The embedded ECS simulator's HTTP server: everything between the socket and the
 * SimulatorBackend. It reads GET queries and form POSTs, checks the public parameters
 * and the signature (v1 HMAC-SHA1 or ACS3-HMAC-SHA256), injects faults, parses the
 * action's parameters with its declaration, calls the backend and writes XML or JSON.
 * Outside the ECS protocol, `/__simulator/*` serves stats, faults, reset and snapshot
 * failure as JSON.
 */

/** The account a simulator accepts when none is configured. Not a secret: it signs only local calls. */
export const DEFAULT_ACCESS_KEY_ID = 'simulator';
export const DEFAULT_ACCESS_KEY_SECRET = 'simulator-secret';

/** 15 minutes either way: what today's ECS accepts (the 2014 reference allowed an hour). */
const DEFAULT_TIMESTAMP_WINDOW_MS = 15 * 60_000;

/** ECS calls are small; a larger body is refused before it is buffered. */
const MAX_BODY_BYTES = 1024 * 1024;

const DEFAULT_HOST_ID = 'ecs.aliyuncs.com';

export interface SimulatorLogger {
  /** An unexpected failure; answered to the client as InternalError without detail. */
  error(message: string, error: unknown): void;
}

export interface SimulatorServerOptions {
  /** Interface to listen on; 127.0.0.1 by default. */
  readonly host?: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** AccessKeyId to AccessKeySecret; one default account when absent. */
  readonly accounts?: Readonly<Record<string, string>>;
  readonly backend: SimulatorBackend;
  /** Page and id-filter limits parameters are checked against; the 2014 reference's by default. */
  readonly limits?: ApiLimits;
  readonly clock?: { readonly now: () => Date };
  /** How far a request's timestamp may be from the clock, either way; 15 minutes by default. */
  readonly timestampWindowMs?: number;
  /**
   * Faults at start; change them later through `faults` or `PUT /__simulator/faults`. An
   * injector the backend shares (for snapshot failures) is used as is.
   */
  readonly faults?: FaultConfig | FaultInjector;
  /** RequestId of each answer; an uppercase UUID as ECS writes them by default. */
  readonly requestId?: () => string;
  readonly logger?: SimulatorLogger;
  /** How injected latency waits; tests replace it to record delays instead of waiting. */
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface SimulatorServer {
  /** `http://<host>:<port>`: the endpoint for pop-core; the ECS SDK takes `<host>:<port>`. */
  readonly url: string;
  readonly port: number;
  readonly stats: SimulatorStats;
  readonly faults: FaultInjector;
  close(): Promise<void>;
}

const INTERNAL_ERROR_MESSAGE =
  'The request processing has failed due to some unknown error, exception or failure.';

const FAULT_ERRORS = {
  throttling: () => new ServiceError('Throttling', 'Request was denied due to request throttling.', 400),
  serviceUnavailable: () =>
    new ServiceError(
      'ServiceUnavailable',
      'The request has failed due to a temporary failure of the server.',
      503,
    ),
  internalError: () => new ServiceError('InternalError', INTERNAL_ERROR_MESSAGE, 500),
} as const;

class BodyTooLargeError extends Error {}

/** `POST /__simulator/snapshots/<id>/fail`: one path segment of id. */
const FAIL_SNAPSHOT_PATH = /^\/__simulator\/snapshots\/([^/]+)\/fail$/;

export async function createSimulatorServer(options: SimulatorServerOptions): Promise<SimulatorServer> {
  const {
    host = '127.0.0.1',
    port = 0,
    accounts = { [DEFAULT_ACCESS_KEY_ID]: DEFAULT_ACCESS_KEY_SECRET },
    backend,
    limits = API_LIMITS['2014'],
    clock = { now: () => new Date() },
    timestampWindowMs = DEFAULT_TIMESTAMP_WINDOW_MS,
    requestId: nextRequestId = () => randomUUID().toUpperCase(),
    logger = { error: (message, error) => console.error(message, error) },
    sleep = (ms) => sleepFor(ms),
  } = options;
  if (!Number.isFinite(timestampWindowMs) || timestampWindowMs <= 0)
    throw new RangeError('timestampWindowMs must be a positive number of milliseconds');

  const stats = new SimulatorStats();
  const faults = options.faults instanceof FaultInjector ? options.faults : new FaultInjector(options.faults);
  const auth: AuthenticationContext = {
    accounts: new Map(Object.entries(accounts)),
    now: () => clock.now(),
    timestampWindowMs,
    nonces: new NonceRegistry(() => clock.now()),
  };

  async function answerEcs(req: IncomingMessage, res: ServerResponse): Promise<void> {
    stats.countRequest();
    const requestId = nextRequestId();
    const hostId = req.headers.host || DEFAULT_HOST_ID;
    const reply = (
      status: number,
      format: ResponseFormat,
      body: string,
      headers: Record<string, string> = {},
    ) => {
      res.writeHead(status, {
        'content-type': CONTENT_TYPES[format],
        'content-length': Buffer.byteLength(body),
        'x-acs-request-id': requestId,
        ...headers,
      });
      res.end(body);
    };
    const replyError = (error: ServiceError, format: ResponseFormat, headers?: Record<string, string>) =>
      reply(
        error.httpStatus,
        format,
        serializeError({ requestId, hostId, code: error.code, message: error.message }, format),
        headers,
      );

    const body = await readBody(req);
    let format: ResponseFormat = 'XML';
    let actionName: string | undefined;
    let outcome: CallOutcome;
    try {
      const wire = readWireRequest(req.method ?? '', req.url ?? '/', req.headers, body);
      format = responseFormat(wire);
      actionName = claimedAction(wire);

      const delay = faults.nextDelayMs();
      if (delay > 0) await sleep(delay);

      const call = authenticate(wire, auth);
      const fault = faults.nextFault();
      if (fault === 'drop') {
        req.socket.destroy();
        outcome = 'faulted';
      } else if (fault === 'throttling' || fault === 'serviceUnavailable' || fault === 'internalError') {
        const { retryAfterMs } = faults.settings;
        const headers: Record<string, string> =
          fault === 'throttling' && retryAfterMs !== null
            ? { 'x-acs-retry-after': String(retryAfterMs) }
            : {};
        replyError(FAULT_ERRORS[fault](), format, headers);
        outcome = 'faulted';
      } else {
        if (!backend.has(call.action.name))
          throw new ServiceError(
            'UnsupportedOperation',
            `The specified action is not supported: the simulator has no handler for ${call.action.name}.`,
            400,
          );
        const input = parseParams(call.action.params, wire.params, limits);
        const result = await backend.handle(call.action, input, {
          accessKeyId: call.accessKeyId,
          requestId,
          regionId: requestRegion(call.action, input, wire.params),
        });
        const answer = serializeResult(call.action, result, requestId, format);
        if (fault === 'dropAfterActing') {
          req.socket.destroy();
          outcome = 'faulted';
        } else {
          reply(200, format, answer);
          outcome = 'succeeded';
        }
      }
    } catch (error) {
      replyError(toServiceError(error, requestId, logger), format);
      outcome = 'failed';
    }
    if (actionName !== undefined && ACTIONS.has(actionName)) stats.countCall(actionName, outcome);
  }

  async function answerControl(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const json = (status: number, value: unknown, headers: Record<string, string> = {}) => {
      const body = JSON.stringify(value);
      res.writeHead(status, {
        'content-type': CONTENT_TYPES.JSON,
        'content-length': Buffer.byteLength(body),
        ...headers,
      });
      res.end(body);
    };
    const routes: Record<string, Record<string, () => Promise<void> | void>> = {
      '/__simulator/stats': { GET: () => json(200, stats.snapshot()) },
      '/__simulator/reset-stats': {
        POST: () => {
          stats.reset();
          json(200, stats.snapshot());
        },
      },
      '/__simulator/faults': {
        GET: () => json(200, faults.settings),
        PUT: async () => {
          let patch: unknown;
          try {
            patch = JSON.parse((await readBody(req)).toString('utf8'));
          } catch {
            return json(400, { error: 'The body must be a JSON object of fault settings.' });
          }
          try {
            json(200, faults.configure(patch));
          } catch (error) {
            if (!(error instanceof FaultConfigError)) throw error;
            json(400, { error: error.message, problems: error.problems });
          }
        },
      },
      '/__simulator/reset': {
        POST: () => {
          if (!backend.reset) return json(501, { error: 'This simulator backend cannot be reset.' });
          backend.reset();
          json(200, { reset: true });
        },
      },
    };

    /** `POST /__simulator/snapshots/<id>/fail`, when the path has that shape. */
    function failSnapshotRoute(path: string): Record<string, () => void> | undefined {
      const encoded = FAIL_SNAPSHOT_PATH.exec(path)?.[1];
      if (encoded === undefined) return undefined;
      return {
        POST: () => {
          if (!backend.failSnapshot)
            return json(501, { error: 'This simulator backend cannot fail snapshots.' });
          let snapshotId: string;
          try {
            snapshotId = decodeURIComponent(encoded);
          } catch {
            return json(404, { error: `No snapshot ${encoded} in the simulator.` });
          }
          try {
            json(200, backend.failSnapshot(snapshotId));
          } catch (error) {
            if (!(error instanceof ControlError)) throw error;
            json(error.httpStatus, { error: error.message });
          }
        },
      };
    }
    const route = routes[path] ?? failSnapshotRoute(path);
    if (!route) return json(404, { error: `No simulator control endpoint at ${path}.` });
    const handler = route[req.method ?? ''];
    if (!handler) {
      const allowed = Object.keys(route).join(', ');
      return json(405, { error: `${path} accepts ${allowed}.` }, { allow: allowed });
    }
    await handler();
  }

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] as string;
    const answer = path.startsWith('/__simulator/') ? answerControl(req, res, path) : answerEcs(req, res);
    answer.catch((error: unknown) => {
      if (error instanceof BodyTooLargeError) {
        res
          .writeHead(413, { 'content-type': 'text/plain;charset=utf-8', connection: 'close' })
          .end(error.message);
        return;
      }
      logger.error('The simulator failed to answer a request.', error);
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
  server.listen(port, host);
  await once(server, 'listening');
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${urlHost}:${address.port}`,
    port: address.port,
    stats,
    faults,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // SDK clients keep connections alive; close them so close() does not wait on them.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** ServiceError as is, a WireParamError as its first problem, anything else as a logged InternalError. */
function toServiceError(error: unknown, requestId: string, logger: SimulatorLogger): ServiceError {
  if (error instanceof ServiceError) return error;
  if (error instanceof WireParamError) {
    const { code, message, httpStatus } = error.first;
    return new ServiceError(code, message, httpStatus);
  }
  logger.error(`The simulator failed a call (RequestId ${requestId}).`, error);
  return new ServiceError('InternalError', INTERNAL_ERROR_MESSAGE, 500);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES)
      throw new BodyTooLargeError(`The request body is over ${MAX_BODY_BYTES} bytes.`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * The region a request names: the action's own region parameter, else the common
 * RegionId a client sends to an endpoint serving every region (this one); undefined
 * when it names none.
 */
function requestRegion(
  action: AnyAction,
  input: Readonly<Record<string, unknown>>,
  params: Readonly<Record<string, string>>,
): string | undefined {
  const own = action.regionParam === undefined ? undefined : input[action.regionParam];
  if (typeof own === 'string') return own;
  const common = params.RegionId;
  return common === undefined || common === '' ? undefined : common;
}
