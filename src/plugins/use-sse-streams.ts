import { randomUUID } from 'node:crypto';
import { useGraphQLSSE } from '@graphql-yoga/plugin-graphql-sse';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { realTimers, type Timers } from '../ecs/limiters.js';
import type { Watching } from '../schema/subscriptions/watching.js';
import { CSRF_HEADER, notCrossSite } from './use-browser-safety.js';

/** Where the GraphQL over SSE protocol (graphql-sse, both modes) is served. */
export const SSE_STREAM_PATH = '/graphql/stream';

/** The graphql-sse protocol's header (and query parameter `token`) naming a reserved stream. */
const STREAM_TOKEN_HEADER = 'x-graphql-event-stream-token';

/**
 * How long a reserved stream (PUT) waits for its GET before it is dropped with its
 * operations, and how long a connected stream may carry no operation before it is ended.
 */
export const RESERVATION_MS = 30_000;

export const TOO_MANY_STREAMS = 'TOO_MANY_STREAMS';

export interface SseStreamsOptions {
  readonly watching: Watching;
  /** Most streams reserved or connected, per client address and in all (the subscription bounds). */
  readonly maxReserved: number;
  readonly maxReservedPerClient: number;
  /** The clock of reservations; the real one by default. */
  readonly timers?: Timers;
  /** The client address of a request (the socket's). */
  readonly clientAddress: (serverContext: unknown) => string;
}

function jsonRefusal(fetchAPI: { Response: typeof Response }, status: number, code: string, message: string) {
  return new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}

/**
 * The GraphQL over SSE protocol at /graphql/stream, from @graphql-yoga/plugin-graphql-sse
 * (the graphql-sse library's handler run through yoga's parse, validation, context and
 * subscribe, so every plugin's rule applies): the protocol's two modes, its reservation
 * tokens and operation ids are the library's, and its client is the one browsers use;
 * writing them again would only add a second protocol to keep right. Around it:
 * - stream tokens from crypto.randomUUID: the library's default is Math.random, and a
 *   token is what lets a request add operations to a stream or read it;
 * - single-connection streams, from their PUT until they close, are bounded like
 *   subscriptions; one not connected within RESERVATION_MS is dropped with the
 *   operations posted to it (the library keeps a reservation, and runs its operations,
 *   until its GET comes, maybe never), and a connected one carrying no operation for
 *   RESERVATION_MS is ended (the library keeps it, pinging, for ever);
 * - a GET must not come cross-site without the CSRF header (a page can make a no-cors
 *   GET that asks for text/event-stream), and a body must declare its length (the
 *   library reads it whole, past yoga's streaming body limit).
 * The Host, Origin and token checks run before this plugin, as for /graphql.
 */
export function useSseStreams(options: SseStreamsOptions): Plugin {
  const timers = options.timers ?? realTimers;
  // Single-connection streams from their PUT until they close: a connected one holds its
  // place as a reservation does, or connecting would free it for ever more idle streams.
  const reserved = new Map<string, SingleStream>();
  const reservedBy = new Map<string, number>();
  const unreserve = (token: string) => {
    const entry = reserved.get(token);
    if (!entry) return;
    entry.cancel();
    reserved.delete(token);
    const left = (reservedBy.get(entry.client) ?? 1) - 1;
    if (left > 0) reservedBy.set(entry.client, left);
    else reservedBy.delete(entry.client);
  };
  /** A connected stream with no operation is ended after RESERVATION_MS; one with some is not. */
  const watchIdle = (entry: SingleStream) => {
    if (!entry.end) return;
    if (entry.operations > 0) {
      entry.cancel();
      entry.cancel = noop;
    } else if (entry.cancel === noop)
      entry.cancel = timers.schedule(RESERVATION_MS, () => void entry.end?.());
  };
  const sse = useGraphQLSSE({
    endpoint: SSE_STREAM_PATH,
    authenticate(request) {
      // A reservation's token is always ours: one chosen by the client could be guessed.
      if (request.method === 'PUT') return randomUUID();
      const header = request.headers.get(STREAM_TOKEN_HEADER);
      if (header) return header;
      const fromUrl = new URL(request.url ?? '', 'http://localhost/').searchParams.get('token');
      return fromUrl || randomUUID();
    },
  });
  const open = new EndableStreams();
  type RequestPayload = Parameters<NonNullable<typeof sse.onRequest>>[0];
  /** Runs a request through the library's handler and hands its answer to `answer`. */
  const handle = async (payload: RequestPayload, answer: (response: Response) => void) => {
    try {
      await sse.onRequest?.({ ...payload, endResponse: answer });
    } catch (error) {
      // The library lets what yoga's parse throws (a syntax error, a limit, a mutation
      // over GET) escape as a 500 with its stack: answer it as /graphql does.
      answer(documentRefusal(payload.fetchAPI, error));
    }
  };
  /** Drops a reservation nobody connected to: a GET of it, cancelled at once, disposes it. */
  const dropUnconnected = (payload: RequestPayload, token: string) => {
    unreserve(token);
    const request = new payload.fetchAPI.Request(new URL(SSE_STREAM_PATH, payload.url).toString(), {
      headers: { accept: 'text/event-stream', [STREAM_TOKEN_HEADER]: token },
    });
    void handle({ ...payload, request }, (response) => void response.body?.cancel());
  };

  return {
    onYogaInit(payload) {
      sse.onYogaInit?.(payload);
    },
    onRequest(payload) {
      const { request, url, endResponse, fetchAPI, serverContext } = payload;
      if (url.pathname !== SSE_STREAM_PATH) return;
      if (request.method === 'GET' && !notCrossSite(request) && !request.headers.has(CSRF_HEADER)) {
        endResponse(
          jsonRefusal(
            fetchAPI,
            403,
            'CSRF_HEADER_REQUIRED',
            `A cross-site GET of ${SSE_STREAM_PATH} needs the "${CSRF_HEADER}" header.`,
          ),
        );
        return;
      }
      if (request.method === 'POST' && request.headers.get('content-length') === null) {
        endResponse(
          jsonRefusal(
            fetchAPI,
            411,
            'LENGTH_REQUIRED',
            `A POST to ${SSE_STREAM_PATH} must send Content-Length.`,
          ),
        );
        return;
      }
      const client = options.clientAddress(serverContext);
      if (request.method === 'PUT') {
        if (
          reserved.size >= options.maxReserved ||
          (reservedBy.get(client) ?? 0) >= options.maxReservedPerClient
        ) {
          endResponse(
            jsonRefusal(
              fetchAPI,
              429,
              TOO_MANY_STREAMS,
              'Too many graphql-sse streams are open or reserved (from this client address, or in all): close one first.',
            ),
          );
          return;
        }
        return handle(payload, (response) => {
          if (response.status === 201)
            void response
              .clone()
              .text()
              .then((token) => {
                const cancel = timers.schedule(RESERVATION_MS, () => dropUnconnected(payload, token));
                reserved.set(token, { client, cancel, operations: 0 });
                reservedBy.set(client, (reservedBy.get(client) ?? 0) + 1);
              });
          endResponse(response);
        });
      }
      const token = request.headers.get(STREAM_TOKEN_HEADER) ?? url.searchParams.get('token');
      const entry = token === null ? undefined : reserved.get(token);
      if (token !== null && entry && request.method === 'GET' && !entry.end)
        return handle(payload, (response) => {
          if (response.status !== 200 || !response.body) return endResponse(response);
          // Connected: the library ends it (and its operations) when the client goes away;
          // its place is freed when it closes, however it closes.
          entry.cancel();
          entry.cancel = noop;
          const tracked = open.track(response.body, {
            completed: () => {
              entry.operations -= 1;
              watchIdle(entry);
            },
            closed: () => unreserve(token),
          });
          entry.end = tracked.end;
          watchIdle(entry);
          endResponse(new fetchAPI.Response(tracked.stream, response));
        });
      if (entry && request.method === 'POST')
        return handle(payload, (response) => {
          // Accepted: the operation runs until its `complete` event goes down the stream.
          if (response.status === 202) {
            entry.operations += 1;
            watchIdle(entry);
          }
          endResponse(response);
        });
      return handle(payload, endResponse);
    },
    onValidate({ context }) {
      const request = (context as { request?: Request }).request;
      if (!request || new URL(request.url).pathname !== SSE_STREAM_PATH) return;
      // The plugin hands validation errors to the library as a result without `data`,
      // which it takes for execution arguments: a 400 "Unable to detect operation AST".
      return ({ result }) => {
        if (result.length > 0) throw new InvalidDocument(result);
      };
    },
    async onDispose() {
      for (const token of [...reserved.keys()]) unreserve(token);
      // Every operation completes (its complete event is queued), then the connected
      // streams end: a single-connection stream would otherwise stay open, empty, and
      // hold a shutdown's drain until its grace ran out.
      options.watching.close();
      await open.endAll();
    },
  };
}

/** The validation errors of a document sent to /graphql/stream, answered as a 400. */
class InvalidDocument extends Error {
  constructor(readonly errors: readonly Error[]) {
    super('The document is not valid.');
  }
}

/** Every error of a refused document, as /graphql gives them: a code, no stack, no `http`. */
function documentRefusal(fetchAPI: { Response: typeof Response }, error: unknown): Response {
  const shown = (each: GraphQLError, code: string) => {
    const { http: _http, ...extensions } = each.extensions as Record<string, unknown>;
    return { ...each.toJSON(), extensions: { ...extensions, code: extensions.code ?? code } };
  };
  let status = 400;
  let headers: Record<string, string> = {};
  let errors: unknown[];
  if (error instanceof InvalidDocument)
    errors = error.errors.map((each) =>
      shown(
        each instanceof GraphQLError ? each : new GraphQLError(each.message),
        'GRAPHQL_VALIDATION_FAILED',
      ),
    );
  else if (error instanceof GraphQLError) {
    const http = error.extensions.http as { status?: number; headers?: Record<string, string> } | undefined;
    status = http?.status ?? 400;
    headers = http?.headers ?? {};
    errors = [shown(error, status === 405 ? 'BAD_REQUEST' : 'GRAPHQL_PARSE_FAILED')];
  } else {
    status = 500;
    errors = [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }];
  }
  return new fetchAPI.Response(JSON.stringify({ errors }), {
    status,
    headers: { ...headers, 'content-type': 'application/json; charset=utf-8' },
  });
}

interface SingleStream {
  readonly client: string;
  /** Cancels the reservation's timer, or the connected stream's idle timer. */
  cancel: () => void;
  /** Operations accepted (202) and not yet completed. */
  operations: number;
  /** Set once connected: ends the stream cleanly. */
  end?: () => Promise<void>;
}

const noop = () => {};

/** The graphql-sse library's end of one operation on a single-connection stream. */
const COMPLETE_EVENT = 'event: complete\n';

/** A turn of the event loop: every promise callback queued before it has run. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Single-connection streams, passed through a stream of ours that a shutdown can end
 * cleanly (the client sees the response end, not a reset) after forwarding whatever
 * the library had ready.
 */
class EndableStreams {
  readonly #open = new Set<() => Promise<void>>();

  /** `completed` runs for each operation's `complete` event passed on; `closed` once, when the stream ends. */
  track(
    body: ReadableStream<Uint8Array>,
    hooks: { readonly completed: () => void; readonly closed: () => void },
  ): { readonly stream: ReadableStream<Uint8Array>; readonly end: () => Promise<void> } {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let tail = '';
    let closed = false;
    const close = () => {
      if (closed) return false;
      closed = true;
      this.#open.delete(end);
      hooks.closed();
      return true;
    };
    const countCompletes = (value: Uint8Array) => {
      // An event may be split across chunks: the tail keeps what could begin one.
      const text = tail + decoder.decode(value, { stream: true });
      for (let at = text.indexOf(COMPLETE_EVENT); at !== -1; at = text.indexOf(COMPLETE_EVENT, at + 1))
        hooks.completed();
      tail = text.slice(-(COMPLETE_EVENT.length - 1));
    };
    const end = async () => {
      this.#open.delete(end);
      // What the library queued has reached the pump within a turn; then the stream ends.
      await nextTurn();
      if (!close()) return;
      controller?.close();
      await reader.cancel().catch(() => {});
    };
    let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
    // A pump, not pulls: an event stream is small, and ending it must not race a read in flight.
    const pump = async () => {
      for (;;) {
        const { done, value } = await reader.read().catch(() => ({ done: true as const, value: undefined }));
        if (closed) return;
        if (done) {
          if (close()) controller?.close();
          return;
        }
        countCompletes(value);
        controller?.enqueue(value);
      }
    };
    this.#open.add(end);
    const stream = new ReadableStream<Uint8Array>({
      start(own) {
        controller = own;
        void pump();
      },
      cancel: async (reason) => {
        close();
        await reader.cancel(reason);
      },
    });
    return { stream, end };
  }

  async endAll(): Promise<void> {
    await nextTurn();
    await Promise.all([...this.#open].map((end) => end()));
  }
}

/**
 * A subscription refused before it streams (a bad argument, a limit) answers one result
 * with errors and no `data`. The graphql-sse handler takes a result for one only when it
 * has a `data` key, and anything else for execution arguments: the refusal would become
 * a 400 "Unable to detect operation AST" and its message and code would be lost. So such
 * a result gets `data: null`, as a field error's has. Placed before every plugin that
 * may refuse at subscribe (only hooks before the refusing one see its result).
 */
export function useSubscribeRefusalWithData(): Plugin {
  return {
    onSubscribe() {
      return {
        onSubscribeResult({ result, setResult }) {
          if (Symbol.asyncIterator in result || 'data' in result) return;
          setResult({ data: null, ...result });
        },
      };
    },
  };
}
