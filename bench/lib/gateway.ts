import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type GraphQLSchema, parse, validate } from 'graphql';
import { Pool } from 'undici';
import type { CallHook, EcsCaller } from '../../src/ecs/caller.js';
import { EcsClient } from '../../src/ecs/client.js';
import { staticCredentials } from '../../src/ecs/credentials.js';
import type { ResponseFormat } from '../../src/ecs/decode.js';
import type { ApiLimits } from '../../src/spec/limits.js';
import { createGateway, type Gateway, type GatewayOptions } from '../../src/yoga.js';
import { BENCH_ACCOUNT } from './estate.js';
import type { CallRecorder } from './rounds.js';

/** The client's concurrency bound, its default; the SDK scripts are held to the same. */
export const CLIENT_CONCURRENCY = 16;

/**
 * A bound no query here reaches: with it, calls never wait for a slot, so the chain of
 * calls each starting after another ended is made of dependencies alone.
 */
export const UNBOUNDED = 100_000;

/**
 * The gateway's ECS client pointed at the simulator. Its rate limit (20 calls/s by
 * default, to spare a real account) is lifted: on loopback it would measure the
 * limiter, not the gateway. The concurrency bound stays at its default.
 */
export function benchClient(
  endpoint: string,
  options: {
    readonly format: ResponseFormat;
    readonly limits: ApiLimits;
    readonly onCall?: CallHook;
    /** Default CLIENT_CONCURRENCY; larger only to find a query's dependent rounds. */
    readonly maxConcurrency?: number;
  },
): EcsClient {
  return new EcsClient({
    credentials: staticCredentials(BENCH_ACCOUNT),
    defaultRegionId: 'cn-hangzhou',
    endpoint,
    format: options.format,
    limits: options.limits,
    maxConcurrency: options.maxConcurrency ?? CLIENT_CONCURRENCY,
    ratePerSecond: Number.POSITIVE_INFINITY,
    onCall: options.onCall,
  });
}

/** A caller whose every call's interval goes to the recorder (for dependent rounds). */
export function recordingCaller(ecs: EcsCaller, recorder: CallRecorder): EcsCaller {
  return { call: (action, input, options) => recorder.record(() => ecs.call(action, input, options)) };
}

/**
 * The gateway as the benchmarks build it: debug on (each result says its upstream
 * calls), no GraphiQL, and the upstream-call cap lifted, since the nested query's
 * estimate is an upper bound and the benchmarks measure what really happens.
 * `extra` carries options this build of the gateway may not know yet (batching).
 */
export function benchGateway(
  ecs: EcsCaller,
  limits: ApiLimits,
  extra: Readonly<Record<string, unknown>> = {},
): Gateway {
  const options: GatewayOptions = {
    ecs,
    limits,
    debug: true,
    graphiql: false,
    maxUpstreamCalls: 1_000_000,
    logger: silentLogger,
    ...extra,
  };
  return createGateway(options);
}

const silentLogger = { debug() {}, info() {}, warn() {}, error() {} };

export interface ServedGateway {
  readonly url: string;
  close(): Promise<void>;
}

/** Serves a gateway over HTTP on 127.0.0.1, port 0. */
export async function serveGateway(gateway: Gateway): Promise<ServedGateway> {
  const server = createServer(gateway);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export interface GraphQLAnswer {
  readonly data?: unknown;
  readonly errors?: ReadonlyArray<{ readonly message: string }>;
  readonly extensions?: {
    readonly upstream?: { readonly calls: number; readonly byAction: Readonly<Record<string, number>> };
  };
}

const GRAPHQL_HEADERS = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };

/**
 * Asks for fresh data: the request's every read is an upstream call, whatever a shared
 * cache holds (a build without one ignores it). For the scenarios that count calls.
 */
export const FRESH: Readonly<Record<string, string>> = { 'cache-control': 'no-cache' };

function graphQLRequest(
  query: string,
  variables: Readonly<Record<string, unknown>>,
  headers: Readonly<Record<string, string>> = {},
): RequestInit {
  return {
    method: 'POST',
    headers: { ...GRAPHQL_HEADERS, ...headers },
    body: JSON.stringify({ query, variables }),
  };
}

/** A failed request or a GraphQL error throws: a benchmark of failures measures nothing. */
function checkedAnswer(status: number, answer: GraphQLAnswer): GraphQLAnswer {
  if (status < 200 || status > 299 || answer.errors?.length)
    throw new Error(`the gateway answered ${status}: ${answer.errors?.[0]?.message ?? 'no data'}`);
  return answer;
}

async function readAnswer(response: Response): Promise<GraphQLAnswer> {
  return checkedAnswer(response.status, (await response.json()) as GraphQLAnswer);
}

/** Over HTTP, as a client would. */
export async function postGraphQL(
  url: string,
  query: string,
  variables: Readonly<Record<string, unknown>> = {},
  headers: Readonly<Record<string, string>> = {},
): Promise<GraphQLAnswer> {
  return readAnswer(await fetch(url, graphQLRequest(query, variables, headers)));
}

export interface GraphQLConnection {
  post(query: string, variables?: Readonly<Record<string, unknown>>): Promise<GraphQLAnswer>;
  close(): Promise<void>;
}

/**
 * Over HTTP on one kept-alive connection (an undici Pool of one), as pop-core reaches
 * ECS over its kept-alive agent: a timed request then costs the gateway's work, not a
 * connection's setup nor fetch's stream machinery (about 0.4 ms a request on Node 20).
 */
export function graphQLConnection(url: string): GraphQLConnection {
  const { origin, pathname } = new URL(url);
  const pool = new Pool(origin, { connections: 1, pipelining: 1 });
  return {
    async post(query, variables = {}) {
      const response = await pool.request({
        path: pathname,
        method: 'POST',
        headers: GRAPHQL_HEADERS,
        body: JSON.stringify({ query, variables }),
      });
      return checkedAnswer(response.statusCode, (await response.body.json()) as GraphQLAnswer);
    },
    close: () => pool.close(),
  };
}

/** In process, without a socket: yoga.fetch. */
export async function fetchGraphQL(
  gateway: Gateway,
  query: string,
  variables: Readonly<Record<string, unknown>> = {},
): Promise<GraphQLAnswer> {
  return readAnswer(await gateway.fetch('http://gateway.local/graphql', graphQLRequest(query, variables)));
}

/** Why the schema cannot run the operation (its first validation error), or undefined when it can. */
export function operationProblem(schema: GraphQLSchema, query: string): string | undefined {
  const errors = validate(schema, parse(query));
  return errors[0]?.message;
}

/**
 * The gateway option that turns batching off (one upstream call per parent), as the
 * latency scenario passes it. A build without it ignores it; the scenario sees that in
 * the call counts and reports the row as skipped.
 */
export const BATCHING_OFF: Readonly<Record<string, unknown>> = { batching: false };
