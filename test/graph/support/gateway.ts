import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import type { YogaLogger } from 'graphql-yoga';
import { API_LIMITS } from '../../../src/spec/limits.js';
import { createGateway, type Gateway, type GatewayOptions } from '../../../src/yoga.js';
import { FakeEcs, withRegions } from './fake-ecs.js';

export interface GraphQLResponse<Data = Record<string, unknown>> {
  readonly data?: Data | null;
  readonly errors?: readonly {
    readonly message: string;
    readonly path?: readonly (string | number)[];
    readonly extensions?: Record<string, unknown>;
  }[];
  readonly extensions?: Record<string, unknown>;
}

/** Posts one operation through yoga.fetch, no socket. */
export async function execute<Data = Record<string, unknown>>(
  gateway: Gateway,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GraphQLResponse<Data>> {
  const response = await gateway.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResponse<Data>;
}

/** Executes a generated typed document: the result is typed by the operation. */
export function executeDocument<Data, Variables extends Record<string, unknown>>(
  gateway: Gateway,
  document: TypedDocumentNode<Data, Variables>,
  ...variables: Variables extends Record<string, never> ? [] : [Variables]
): Promise<GraphQLResponse<Data>> {
  return execute<Data>(gateway, print(document), variables[0]);
}

/** Collects log lines as the text they would print, to check what reaches the log. */
export function capturingLogger(): YogaLogger & { readonly lines: string[] } {
  const lines: string[] = [];
  const write = (...args: unknown[]) => {
    lines.push(args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' '));
  };
  return { lines, debug: write, info: write, warn: write, error: write };
}

/** A gateway over a FakeEcs with the region fixtures, 2014 limits, and a manual clock. */
export function regionGateway(options: Partial<GatewayOptions> = {}) {
  const ecs = withRegions(new FakeEcs());
  const clock = { now: 0 };
  const logger = capturingLogger();
  const gateway = createGateway({
    ecs,
    limits: API_LIMITS['2014'],
    now: () => clock.now,
    logger,
    ...options,
  });
  return { ecs, gateway, clock, logger };
}
