import { randomBytes } from 'node:crypto';
import { Client } from 'undici';
import type { StatsSnapshot } from '../../../src/simulator/stats.js';
import { type Attempt, attemptPost, JSON_HEADERS } from '../../lib/attempt.js';
import type { GatewayProcess } from '../../lib/gateway-process.js';
import { judge, type TargetVerdict } from '../../lib/targets.js';

/** What one part of the hostile scenario gives back to be printed. */
export interface PartReport {
  readonly tables: ReadonlyArray<import('../../lib/table.js').Table>;
  readonly targets: readonly TargetVerdict[];
  readonly skipped: readonly string[];
  readonly raw: unknown;
}

/** A gateway token for one run: random, so no run's token is known in advance; never printed. */
export function freshToken(): string {
  return `bench-${randomBytes(16).toString('hex')}`;
}

export function withToken(token: string): Record<string, string> {
  return { ...JSON_HEADERS, authorization: `Bearer ${token}` };
}

export const TYPENAME_BODY = JSON.stringify({ query: '{ __typename }' });

/** Whether a gateway that still runs answers `{ __typename }` within `limitMs` (a stalled one does not). */
export async function responsive(
  gateway: GatewayProcess,
  headers: Readonly<Record<string, string>>,
  limitMs = 2_000,
): Promise<Attempt | undefined> {
  if (gateway.death() !== undefined) return undefined;
  const client = new Client(new URL(gateway.gatewayUrl).origin);
  try {
    return await attemptPost(client, gateway.gatewayUrl, TYPENAME_BODY, limitMs, headers);
  } finally {
    await client.destroy();
  }
}

/** A fresh process's first requests pay for its JIT warming up: `count` `{ __typename }` first, untimed. */
export async function warmUp(
  gateway: GatewayProcess,
  headers: Readonly<Record<string, string>>,
  count = 20,
): Promise<void> {
  const client = new Client(new URL(gateway.gatewayUrl).origin);
  try {
    for (let i = 0; i < count; i++)
      await attemptPost(client, gateway.gatewayUrl, TYPENAME_BODY, 5_000, headers);
  } finally {
    await client.destroy();
  }
}

/** The embedded simulator's call counters. */
export async function simulatorStats(simulatorUrl: string): Promise<StatsSnapshot> {
  return (await (await fetch(`${simulatorUrl}/__simulator/stats`)).json()) as StatsSnapshot;
}

export async function resetSimulatorStats(simulatorUrl: string): Promise<void> {
  const response = await fetch(`${simulatorUrl}/__simulator/reset-stats`, { method: 'POST' });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`the simulator refused to reset its stats (${response.status})`);
}

/** Calls that were answered by an injected fault, over every action. */
export function faultedCalls(stats: StatsSnapshot): number {
  return Object.values(stats.actions).reduce((sum, counters) => sum + counters.faulted, 0);
}

/**
 * A target that is met only by an answer: when the request was not answered, the
 * verdict is MISSED and says why, whatever the time.
 */
export function judgeAnswer(name: string, attempt: Attempt, boundMs: number, basis?: string): TargetVerdict {
  const verdict = judge({ name, measured: attempt.ms, bound: boundMs, sense: 'atMost', basis });
  if (attempt.kind === 'answered') return verdict;
  const why =
    attempt.kind === 'timedOut'
      ? `no answer within ${attempt.limitMs / 1000} s`
      : `no answer (${attempt.error})`;
  return { ...verdict, met: false, text: `MISSED: ${name}: ${why}, bound ${boundMs} ms` };
}

export const MIB = 2 ** 20;
