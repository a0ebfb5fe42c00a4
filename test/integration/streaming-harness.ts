import type { AddressInfo } from 'node:net';
import type { EcsCaller } from '../../src/ecs/caller.js';
import { createGatewayServer, type GatewayServer } from '../../src/http/server.js';
import type { Simulator, SimulatorOptions } from '../../src/simulator/index.js';
import type { GatewayOptions, GatewayWatchOptions } from '../../src/yoga.js';
import { type SimulatedGateway, simulatedGateway } from './mutations-harness.js';

/**
 * The simulated gateway (manual simulator clock, real client) behind the gateway's own
 * HTTP server on 127.0.0.1, port 0: subscriptions cross a real socket. The watch pool
 * polls every few milliseconds unless a test brings its own timers.
 */
export interface StreamingGateway extends SimulatedGateway {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly port: number;
  readonly server: GatewayServer;
  /** How many times the simulator was asked for an action. */
  asked(action: string): number;
}

export async function streamingGateway(
  options: {
    readonly watch?: GatewayWatchOptions;
    readonly gateway?: Partial<GatewayOptions>;
    readonly simulator?: SimulatorOptions;
    /** Puts a caller between the gateway and the client (another client, say). */
    readonly wrapCaller?: (client: EcsCaller, simulator: Simulator) => EcsCaller;
  } = {},
): Promise<StreamingGateway> {
  const h = await simulatedGateway({
    gateway: { watch: { minIntervalMs: 5, maxIntervalMs: 20, ...options.watch }, ...options.gateway },
    ...(options.simulator ? { simulator: options.simulator } : {}),
    ...(options.wrapCaller ? { wrapCaller: options.wrapCaller } : {}),
  });
  const server = createGatewayServer(h.gateway, {
    maxBodyBytes: 1_048_576,
    maxConnections: 1_000,
    headersTimeoutMs: 10_000,
  });
  await new Promise<void>((resolve) => server.server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    ...h,
    origin: `http://127.0.0.1:${port}`,
    port,
    server,
    asked: (action) => h.simulator.stats.snapshot().actions[action]?.calls ?? 0,
    async close() {
      await h.gateway.dispose();
      server.server.closeAllConnections();
      await new Promise((resolve) => server.server.close(resolve));
      await h.close();
    },
  };
}

/** One Server-Sent Event: its type (`next`, `complete`) and data, JSON-decoded when it is JSON. */
export interface SseEvent {
  readonly event: string;
  readonly data: unknown;
}

export interface GraphQLEvent {
  readonly data?: Record<string, unknown> | null;
  readonly errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
}

/**
 * A subscription over yoga's own SSE transport (`/graphql`, Accept: text/event-stream),
 * read with fetch and a text/event-stream parser of its own: comments (the pings) are
 * skipped, each event is handed over as it arrives.
 */
export async function openEventStream(
  origin: string,
  request: {
    readonly query: string;
    readonly variables?: Record<string, unknown>;
    readonly method?: 'GET' | 'POST';
    readonly headers?: Record<string, string>;
    readonly path?: string;
  },
) {
  const controller = new AbortController();
  const { method = 'POST', path = '/graphql' } = request;
  const url = new URL(path, origin);
  if (method === 'GET') {
    url.searchParams.set('query', request.query);
    if (request.variables) url.searchParams.set('variables', JSON.stringify(request.variables));
  }
  const response = await fetch(url, {
    method,
    headers: {
      accept: 'text/event-stream',
      ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
      ...request.headers,
    },
    ...(method === 'POST'
      ? { body: JSON.stringify({ query: request.query, variables: request.variables }) }
      : {}),
    signal: controller.signal,
  });
  const events = parseEvents(response, controller.signal);
  return {
    response,
    /** The next event, or undefined when the stream ended. */
    async next(): Promise<SseEvent | undefined> {
      const step = await events.next();
      return step.done ? undefined : step.value;
    },
    /** The next `next` event's GraphQL result; throws on anything else. */
    async result(): Promise<GraphQLEvent> {
      const step = await events.next();
      if (step.done || step.value.event !== 'next')
        throw new Error(`expected a next event, got ${JSON.stringify(step.value)}`);
      return step.value.data as GraphQLEvent;
    },
    /** Goes away as a client does: the connection is closed. */
    abort: () => controller.abort(),
  };
}

async function* parseEvents(response: Response, signal: AbortSignal): AsyncGenerator<SseEvent> {
  if (!response.body) return;
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let event = 'message';
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) continue;
          if (line.startsWith('event:')) event = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
        }
        if (data.length === 0 && event === 'message') continue;
        const text = data.join('\n');
        let parsed: unknown = text;
        try {
          parsed = text === '' ? null : JSON.parse(text);
        } catch {
          // not JSON: kept as text
        }
        yield { event, data: parsed };
      }
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  }
}

/** Waits, turn by turn of the event loop, until `condition` holds (state reached by events, not time). */
export async function until(
  condition: () => boolean | Promise<boolean>,
  what: string,
  turns = 20_000,
): Promise<void> {
  for (let turn = 0; turn < turns; turn += 1) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  throw new Error(`never came to pass: ${what}`);
}
