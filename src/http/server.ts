import { createServer, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { declaredTooLarge } from '../plugins/use-body-limit.js';

/** How a drain ended: requests in flight when it began, and those cut when the grace ran out. */
export interface DrainOutcome {
  readonly inFlight: number;
  readonly cut: number;
}

export interface GatewayServer {
  readonly server: Server;
  /**
   * Stops accepting connections, closes idle keep-alive ones, lets the requests in
   * flight finish (each answer closes its connection) and, after `graceMs`, cuts
   * whatever is still running. `onDraining` runs once the listening socket is closed.
   */
  drain(graceMs: number, onDraining?: (inFlight: number) => void): Promise<DrainOutcome>;
}

/** How long a closing connection keeps discarding what the client still sends. */
const LINGER_MS = 2_000;

/**
 * Lingering close (RFC 9112, section 9.6). After an answer with `Connection: close`,
 * Node ends the socket and destroys it at once; if the client is still sending (the
 * rest of a body refused with 413), the unread bytes make the kernel answer with a
 * reset, and the client may lose the answer it was sent. Instead the socket's sending
 * side is closed and what still arrives is discarded (Node's parser drops the body of
 * an answered request) until the client closes too, or LINGER_MS passes.
 */
function lingerOnClose(socket: Socket): void {
  socket.destroySoon = function lingeringClose(this: Socket) {
    if (this.writable) this.end();
    const timer = setTimeout(() => this.destroy(), LINGER_MS);
    timer.unref();
    this.once('close', () => clearTimeout(timer));
  };
}

/**
 * The gateway's HTTP server: the yoga handler, plus what only the socket layer can do.
 * - `Expect: 100-continue` with a Content-Length over `maxBodyBytes`: no "100 Continue"
 *   is sent, so the client never sends the body; the 413 itself comes from the body
 *   limit plugin, like every other answer.
 * - requests are tracked so a shutdown can wait for them (`drain`).
 */
export interface GatewayServerOptions {
  readonly maxBodyBytes: number;
  /** Most connections open at once (GATEWAY_MAX_CONNECTIONS). */
  readonly maxConnections: number;
  /** Time to send a request's headers (GATEWAY_HEADERS_TIMEOUT_MS). */
  readonly headersTimeoutMs: number;
}

/** How often Node checks the header and request timeouts; its default, 30 s, would let them run over by that much. */
const TIMEOUT_CHECK_INTERVAL_MS = 1_000;

export function createGatewayServer(
  handler: RequestListener,
  { maxBodyBytes, maxConnections, headersTimeoutMs }: GatewayServerOptions,
): GatewayServer {
  const active = new Set<ServerResponse>();
  let draining = false;
  let server: Server;
  const listener: RequestListener = (req, res) => {
    active.add(res);
    res.once('close', () => {
      active.delete(res);
      // A keep-alive connection whose answer went out before the drain began is idle now.
      if (draining) setImmediate(() => server.closeIdleConnections());
    });
    if (draining) res.setHeader('connection', 'close');
    handler(req, res);
  };
  // A client that holds connections open, sending headers a line at a time, would
  // otherwise keep each for a minute and could take every file the process may open.
  server = createServer(
    {
      headersTimeout: headersTimeoutMs,
      // The whole request, body included: the headers' time plus enough for a body
      // under the limit on a slow link.
      requestTimeout: headersTimeoutMs + 30_000,
      connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
    },
    listener,
  );
  server.maxConnections = maxConnections;
  server.on('connection', lingerOnClose);
  server.on('checkContinue', (req, res) => {
    if (!declaredTooLarge(req.headers['content-length'], maxBodyBytes)) res.writeContinue();
    listener(req, res);
  });

  return {
    server,
    drain(graceMs, onDraining) {
      draining = true;
      const inFlight = active.size;
      for (const res of active) if (!res.headersSent) res.setHeader('connection', 'close');
      return new Promise((resolve) => {
        let timer: NodeJS.Timeout | undefined;
        // Node's close() stops listening and closes the idle connections; the callback
        // runs when the last connection has closed.
        server.close(() => {
          clearTimeout(timer);
          resolve({ inFlight, cut: 0 });
        });
        server.closeIdleConnections();
        onDraining?.(inFlight);
        timer = setTimeout(() => {
          const cut = active.size;
          server.closeAllConnections();
          resolve({ inFlight, cut });
        }, graceMs);
      });
    },
  };
}
