import { afterEach, beforeEach, expect } from 'vitest';
import type { CallEvent, EcsCaller } from '../../src/ecs/caller.js';
import { EcsClient } from '../../src/ecs/client.js';
import { staticCredentials } from '../../src/ecs/credentials.js';
import { createSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';
import { API_LIMITS, type ApiLimits } from '../../src/spec/limits.js';
import { createGateway, type Gateway, type GatewayOptions } from '../../src/yoga.js';
import { capturingLogger, type GraphQLResponse } from '../graph/support/gateway.js';

/**
 * The gateway over the real client over HTTP to the simulator, on loopback: the seeded
 * estate, a manual clock (tests move it with `advance`), the 2014 limits on both sides,
 * and no waiting between the client's retries.
 */
export interface SimulatedGateway {
  readonly simulator: Simulator;
  readonly gateway: Gateway;
  /** Every logical call the client finished, in order. */
  readonly calls: CallEvent[];
  readonly logger: ReturnType<typeof capturingLogger>;
  run<Data = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<Data>>;
  close(): Promise<void>;
}

export async function simulatedGateway(
  options: {
    readonly gateway?: Partial<GatewayOptions>;
    readonly simulator?: SimulatorOptions;
    /** Runs where the client would wait before a retry (it does not wait here). */
    readonly beforeRetry?: () => void;
    /** Puts a caller between the gateway and the client (to force a fault on one call, say). */
    readonly wrapCaller?: (client: EcsCaller, simulator: Simulator) => EcsCaller;
    /** Sees every call the client finished, after `calls` records it (metrics, say). */
    readonly onCall?: (event: CallEvent) => void;
    /** Failures in a row that open the client's breaker; high by default (see below). */
    readonly breakerFailures?: number;
    /** The API generation of the simulator, the client and the gateway alike; 2014 by default. */
    readonly limits?: ApiLimits;
  } = {},
): Promise<SimulatedGateway> {
  const limits = options.limits ?? API_LIMITS['2014'];
  const simulator = await createSimulator({ transitions: 'manual', limits, ...options.simulator });
  const calls: CallEvent[] = [];
  const client = new EcsClient({
    credentials: staticCredentials({
      accessKeyId: simulator.accessKeyId,
      accessKeySecret: simulator.accessKeySecret,
    }),
    defaultRegionId: 'cn-hangzhou',
    endpoint: simulator.url,
    limits,
    ratePerSecond: Number.POSITIVE_INFINITY,
    // The sleep does not wait, so retries until the deadline would spin: these tests count four.
    maxAttempts: 4,
    // These tests force connection failures on chosen calls and then read the state
    // back; the breaker would refuse that read (it is tested in upstream-faults).
    breakerFailures: options.breakerFailures ?? 1_000,
    sleep: async () => options.beforeRetry?.(),
    onCall: (event) => {
      calls.push(event);
      options.onCall?.(event);
    },
  });
  const logger = capturingLogger();
  const ecs = options.wrapCaller ? options.wrapCaller(client, simulator) : client;
  const gateway = createGateway({ ecs, limits, logger, graphiql: false, ...options.gateway });
  return {
    simulator,
    gateway,
    calls,
    logger,
    async run<Data>(
      query: string,
      variables?: Record<string, unknown>,
      headers: Record<string, string> = {},
    ) {
      const response = await gateway.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json',
          ...headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLResponse<Data>;
    },
    async close() {
      await client.close();
      await simulator.close();
    },
  };
}

/** The ECS actions the simulator was asked for, by name, with their call counts. */
export function actionCalls(simulator: Simulator): Record<string, number> {
  return Object.fromEntries(
    Object.entries(simulator.stats.snapshot().actions).map(([action, counters]) => [action, counters.calls]),
  );
}

/** The simulator's call counts since `before` (from `actionCalls`), by action; actions not called left out. */
export function actionCallsSince(
  simulator: Simulator,
  before: Record<string, number>,
): Record<string, number> {
  return Object.fromEntries(
    Object.entries(actionCalls(simulator))
      .map(([action, count]) => [action, count - (before[action] ?? 0)] as const)
      .filter(([, count]) => count > 0),
  );
}

/** What every mutation test selects of a result: the union's error members. */
const RESULT_ERRORS = `
  __typename
  ... on MutationError { message }
  ... on EcsActionError { code httpStatus requestId }
  ... on OutcomeUnknownError { code action resourceIds }
  ... on ValidationError { field rule code problems { field rule code } }`;

/** A mutation result: the payload's selected fields, or an error member's. */
export type MutationResult = Record<string, unknown> & { readonly __typename: string };

/**
 * Runs one mutation with one `input` and returns its result (failing the test on any
 * GraphQL error): `selection` picks the payload's fields besides requestId.
 */
export async function mutate(
  h: SimulatedGateway,
  name: string,
  input: Record<string, unknown>,
  selection = '',
  headers?: Record<string, string>,
): Promise<MutationResult> {
  const type = name.charAt(0).toUpperCase() + name.slice(1);
  const response = await h.run<Record<string, MutationResult>>(
    `mutation Act($input: ${type}Input!) {
      ${name}(input: $input) { ${RESULT_ERRORS} ... on ${type}Payload { requestId ${selection} } }
    }`,
    { input },
    headers,
  );
  if (response.errors) throw new Error(`${name} answered GraphQL errors: ${JSON.stringify(response.errors)}`);
  return response.data?.[name] as MutationResult;
}

/** An ECS refusal as the result union answers it. */
export function refusal(type: string, code: string, httpStatus: number) {
  return {
    __typename: type,
    code,
    httpStatus,
    requestId: expect.stringMatching(/^[0-9A-F-]{36}$/),
    message: expect.any(String),
  };
}

export interface InstanceFacts {
  readonly id: string;
  readonly zoneId: string;
  readonly securityGroupIds: readonly string[];
  readonly systemDiskId: string;
  readonly dataDiskId: string;
}

export interface Estate {
  /** A Running and a Stopped instance of cn-hangzhou, each with a system and a portable data disk. */
  readonly running: InstanceFacts;
  readonly stopped: InstanceFacts;
  /** Every security group the region's instances are in. */
  readonly securityGroupIds: readonly string[];
}

interface ListedInstance {
  readonly id: string;
  readonly status: string;
  readonly zoneId: string;
  readonly securityGroupIds: string[];
  readonly disks: { readonly nodes: { id: string; type: string; portable: boolean }[] };
}

/** Finds the seeded estate through the read graph (no ids are written into tests). */
export async function estate(h: SimulatedGateway): Promise<Estate> {
  const response = await h.run<{ instances: { nodes: ListedInstance[] } }>(`{
    instances(regionId: "cn-hangzhou") {
      nodes { id status zoneId securityGroupIds disks { nodes { id type portable } } }
    }
  }`);
  const instances = response.data?.instances.nodes ?? [];
  const facts = (status: string): InstanceFacts => {
    const instance = instances.find((candidate) => candidate.status === status);
    if (!instance) throw new Error(`the seed has no ${status} instance in cn-hangzhou`);
    const disk = (type: string) =>
      instance.disks.nodes.find((candidate) => candidate.type === type)?.id ?? '';
    return { ...instance, systemDiskId: disk('SYSTEM'), dataDiskId: disk('DATA') };
  };
  return {
    running: facts('RUNNING'),
    stopped: facts('STOPPED'),
    securityGroupIds: [...new Set(instances.flatMap((instance) => instance.securityGroupIds))],
  };
}

/** Reads one resource through the read graph: `instance`, `disk` or `snapshot` with a selection. */
export async function read(
  h: SimulatedGateway,
  field: 'instance' | 'disk' | 'snapshot',
  id: string,
  selection: string,
): Promise<Record<string, unknown> | null> {
  const response = await h.run<Record<string, Record<string, unknown> | null>>(
    `query Read($id: ID!) { ${field}(id: $id) { ${selection} } }`,
    { id },
  );
  if (response.errors) throw new Error(`reading ${field} failed: ${JSON.stringify(response.errors)}`);
  return response.data?.[field] ?? null;
}

/** The ids of every snapshot of a disk, through the read graph. */
export async function snapshotIdsOf(h: SimulatedGateway, diskId: string): Promise<string[]> {
  const response = await h.run<{ snapshots: { nodes: { id: string }[] } }>(
    'query Of($disk: ID!) { snapshots(filter: { diskId: $disk }, page: { all: true }) { nodes { id } } }',
    { disk: diskId },
  );
  return response.data?.snapshots.nodes.map((snapshot) => snapshot.id) ?? [];
}

/**
 * Gives every test of the file its own simulator and gateway over the seeded estate,
 * closed after it: `useSimulatedEstate((next) => ({ h, world } = next))`.
 */
export function useSimulatedEstate(assign: (next: { h: SimulatedGateway; world: Estate }) => void): void {
  let current: SimulatedGateway | undefined;
  beforeEach(async () => {
    current = await simulatedGateway();
    assign({ h: current, world: await estate(current) });
  });
  afterEach(() => current?.close());
}
