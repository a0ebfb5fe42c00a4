import { randomUUID } from 'node:crypto';
import { Client } from 'undici';
import { type Attempt, attemptPost, describeAttempt, JSON_HEADERS } from '../../lib/attempt.js';
import { fragmentBomb, manyAliases, manyDirectives, nestedBraces } from '../../lib/bombs.js';
import { type GatewayProcess, startGatewayProcess } from '../../lib/gateway-process.js';
import { judge, type TargetVerdict } from '../../lib/targets.js';
import { nowMs } from '../../lib/timing.js';
import { judgeAnswer, type PartReport, responsive, TYPENAME_BODY, warmUp, withToken } from './common.js';

/** The bound on answering a bomb, ms of gateway time. */
const BOMB_BOUND_MS = 100;
/** "A few ms" for a `{ __typename }` sent while a bomb is in flight. */
const PROBE_BOUND_MS = 10;

interface Bomb {
  readonly name: string;
  readonly query: string;
}

const BOMBS: readonly Bomb[] = [
  { name: 'fragment bomb, 30 levels', query: fragmentBomb(30) },
  { name: '100,000 nested braces', query: nestedBraces(100_000) },
  { name: '10,000 aliases of __typename', query: manyAliases(10_000) },
  { name: '10,000 directives on __typename', query: manyDirectives(10_000) },
];

interface BombRun {
  readonly bomb: string;
  readonly bytes: number;
  readonly token: 'none' | 'valid';
  readonly answer: Attempt;
  readonly cpuMs: number | undefined;
  readonly probes: readonly Attempt[];
  readonly probeMaxMs: number;
  readonly probesAnswered: number;
  readonly after: string;
}

/**
 * Sends `query` and, until it is answered or `limitMs` passes, `{ __typename }` after
 * `{ __typename }` on a connection of their own: how long a bystander waits meanwhile.
 */
async function attack(
  gateway: GatewayProcess,
  bomb: Bomb,
  token: 'none' | 'valid',
  headers: Readonly<Record<string, string>>,
  probeHeaders: Readonly<Record<string, string>>,
  limitMs: number,
): Promise<BombRun> {
  const origin = new URL(gateway.gatewayUrl).origin;
  const bombClient = new Client(origin);
  const probeClient = new Client(origin);
  try {
    // The probe's connection is open before the bomb leaves, so a probe times the gateway alone.
    await attemptPost(probeClient, gateway.gatewayUrl, TYPENAME_BODY, 2_000, probeHeaders);
    // A comment of its own per attack: the same text sent twice would be answered from
    // the parse and validation caches the second time, and time the cache, not the bomb.
    const body = JSON.stringify({ query: `${bomb.query}\n# ${token} ${randomUUID()}` });
    const cpuBefore = await gateway.cpuMs();
    const started = nowMs();
    let settled = false;
    const answering = attemptPost(bombClient, gateway.gatewayUrl, body, limitMs, headers).then((answer) => {
      settled = true;
      return answer;
    });
    const probes: Attempt[] = [];
    do {
      const left = limitMs - (nowMs() - started);
      const probe = await attemptPost(
        probeClient,
        gateway.gatewayUrl,
        TYPENAME_BODY,
        Math.max(left, 100),
        probeHeaders,
      );
      probes.push(probe);
      if (probe.kind !== 'answered') break;
    } while (!settled && nowMs() - started < limitMs);
    const answer = await answering;
    const cpuAfter = await gateway.cpuMs();
    return {
      bomb: bomb.name,
      bytes: Buffer.byteLength(body),
      token,
      answer,
      cpuMs: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore,
      probes,
      probeMaxMs: Math.max(...probes.map((probe) => probe.ms)),
      probesAnswered: probes.filter((probe) => probe.kind === 'answered').length,
      after: await stateAfter(gateway, probeHeaders),
    };
  } finally {
    await Promise.all([bombClient.destroy(), probeClient.destroy()]);
  }
}

/** Alive and answering, stalled (then killed, so the next attack gets a fresh gateway), or dead. */
async function stateAfter(
  gateway: GatewayProcess,
  headers: Readonly<Record<string, string>>,
): Promise<string> {
  const check = await responsive(gateway, headers);
  const died = gateway.death();
  if (died !== undefined) return died;
  if (check?.kind === 'answered' && check.status === 200) return 'alive, answering';
  await gateway.kill();
  return `stalled (${check ? describeAttempt(check) : 'no check'}); killed`;
}

/** Part 1: each bomb with no token and with a valid one, against a gateway that has a token set. */
export async function runBombs(token: string, limitMs: number): Promise<PartReport> {
  const settings = { GATEWAY_TOKEN: token, SIMULATOR_REGIONS: 'cn-hangzhou' };
  const authorized = withToken(token);
  const runs: BombRun[] = [];
  let gateway: GatewayProcess | undefined;
  try {
    for (const bomb of BOMBS)
      for (const mode of ['none', 'valid'] as const) {
        if (gateway === undefined || gateway.death() !== undefined) {
          gateway = await startGatewayProcess(settings);
          await warmUp(gateway, authorized);
        }
        const headers = mode === 'valid' ? authorized : JSON_HEADERS;
        const run = await attack(gateway, bomb, mode, headers, authorized, limitMs);
        runs.push(run);
        if (!run.after.startsWith('alive')) {
          await gateway.close();
          gateway = undefined;
        }
      }
  } finally {
    await gateway?.close();
  }

  const rows = runs.map((run) => [
    run.bomb,
    run.bytes,
    run.token,
    describeAttempt(run.answer),
    run.answer.ms,
    run.cpuMs ?? '—',
    `${run.probesAnswered} / ${run.probes.length}`,
    run.probesAnswered === run.probes.length ? run.probeMaxMs : `${run.probeMaxMs.toFixed(0)} (unanswered)`,
    run.after,
  ]);
  const targets: TargetVerdict[] = [];
  for (const run of runs) {
    const label = `${run.bomb}, token ${run.token}`;
    const refused = run.answer.kind === 'answered' && run.answer.errorCount > 0;
    const answered = judgeAnswer(`${label}: ms to answer`, run.answer, BOMB_BOUND_MS);
    targets.push(
      refused || run.answer.kind !== 'answered'
        ? answered
        : {
            ...answered,
            met: false,
            text: `MISSED: ${label}: answered without an error code (${describeAttempt(run.answer)})`,
          },
    );
    const probe = judge({
      name: `${label}: longest wait of a concurrent { __typename }, ms`,
      measured: run.probeMaxMs,
      bound: PROBE_BOUND_MS,
      sense: 'atMost',
      basis: '"a few ms"',
    });
    targets.push(
      run.probesAnswered === run.probes.length
        ? probe
        : {
            ...probe,
            met: false,
            text: `MISSED: ${probe.name}: a probe got no answer (waited ${Math.round(run.probeMaxMs)} ms), bound ${PROBE_BOUND_MS} ms`,
          },
    );
  }
  return {
    tables: [
      {
        title: `Bombs against a gateway with GATEWAY_TOKEN set, each request limited to ${limitMs / 1000} s`,
        columns: [
          'bomb',
          'body bytes',
          'token sent',
          'answer',
          'ms to answer',
          'gateway CPU ms',
          '{ __typename } answered / sent meanwhile',
          'longest { __typename } ms',
          'gateway afterwards',
        ],
        rows,
        notes: [
          'Each bomb is one POST on a connection of its own, its text made unique by a trailing comment (so no cache has seen it); meanwhile `{ __typename }` (with the token) is sent again and again on another connection until the bomb is answered or its time is up.',
          'Gateway CPU is user + system time of the gateway process over the attack (bomb and probes), from /proc, in 10 ms steps.',
          'A gateway that dies or stops answering is replaced by a fresh one for the next attack; "stalled … killed" means it still ran but did not answer `{ __typename }` within 2 s after the attack.',
        ],
      },
    ],
    targets,
    skipped: [],
    raw: runs.map(({ probes, ...run }) => ({ ...run, probeMs: probes.map((probe) => probe.ms) })),
  };
}
