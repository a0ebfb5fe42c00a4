import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleepFor } from 'node:timers/promises';
import { API_LIMITS, type ApiLimits, DEFAULT_API_LIMITS } from '../spec/limits.js';
import type { SimulatorBackend } from './backend.js';
import { controlEndpoints } from './control-endpoints.js';
import { ecsEndpoint, type SimulatorLogger } from './ecs-endpoint.js';
import { type FaultConfig, FaultInjector } from './faults.js';
import { NonceRegistry } from './nonces.js';
import type { AuthenticationContext } from './protocol.js';
import { BodyTooLargeError } from './read-body.js';
import { SimulatorStats } from './stats.js';

/**
 * The embedded ECS simulator's HTTP server: everything between the socket and the
 * SimulatorBackend. It reads GET queries and form POSTs, checks the public parameters
 * and the signature (v1 HMAC-SHA1 or ACS3-HMAC-SHA256), injects faults, parses the
 * action's parameters with its declaration, calls the backend and writes XML or JSON
 * (ecs-endpoint.ts). Outside the ECS protocol, `/__simulator/*` serves stats, faults,
 * reset and snapshot failure as JSON (control-endpoints.ts).
 */

/** The account a simulator accepts when none is configured. Not a secret: it signs only local calls. */
export const DEFAULT_ACCESS_KEY_ID = 'simulator';
export const DEFAULT_ACCESS_KEY_SECRET = 'simulator-secret';

/** 15 minutes either way: what today's ECS accepts (the 2014 reference allowed an hour). */
const DEFAULT_TIMESTAMP_WINDOW_MS = 15 * 60_000;

export interface SimulatorServerOptions {
  /** Interface to listen on; 127.0.0.1 by default. */
  readonly host?: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** AccessKeyId to AccessKeySecret; one default account when absent. */
  readonly accounts?: Readonly<Record<string, string>>;
  readonly backend: SimulatorBackend;
  /** Page and id-filter limits parameters are checked against; DEFAULT_API_LIMITS (today's) by default. */
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

/**
 * The server: requests under `/__simulator/` go to the control endpoints, every other
 * one to the ECS endpoint. A body over the limit is answered 413; an unexpected failure
 * is logged and answered 500 (or the connection cut if the answer had begun).
 */
export async function createSimulatorServer(options: SimulatorServerOptions): Promise<SimulatorServer> {
  const {
    host = '127.0.0.1',
    port = 0,
    accounts = { [DEFAULT_ACCESS_KEY_ID]: DEFAULT_ACCESS_KEY_SECRET },
    backend,
    limits = API_LIMITS[DEFAULT_API_LIMITS],
    clock = { now: () => new Date() },
    timestampWindowMs = DEFAULT_TIMESTAMP_WINDOW_MS,
    requestId = () => randomUUID().toUpperCase(),
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
  const answerEcs = ecsEndpoint({ backend, limits, auth, stats, faults, requestId, logger, sleep });
  const answerControl = controlEndpoints({ backend, stats, faults });

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] as string;
    const answer = path.startsWith('/__simulator/') ? answerControl(req, res, path) : answerEcs(req, res);
    answer.catch((error: unknown) => answerFailure(error, res, logger));
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

function answerFailure(error: unknown, res: ServerResponse, logger: SimulatorLogger): void {
  if (error instanceof BodyTooLargeError) {
    res
      .writeHead(413, { 'content-type': 'text/plain;charset=utf-8', connection: 'close' })
      .end(error.message);
    return;
  }
  logger.error('The simulator failed to answer a request.', error);
  if (!res.headersSent) res.writeHead(500).end();
  else res.destroy();
}
