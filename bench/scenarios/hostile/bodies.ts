import { Client } from 'undici';
import { type Attempt, attemptPost, describeAttempt, JSON_HEADERS, tally } from '../../lib/attempt.js';
import { paddedBody } from '../../lib/bombs.js';
import { startGatewayProcess } from '../../lib/gateway-process.js';
import { judge, type TargetVerdict } from '../../lib/targets.js';
import { nowMs } from '../../lib/timing.js';
import { MIB, type PartReport, responsive, warmUp, withToken } from './common.js';

const BODY_BYTES = 10 * MIB;
/** How long one body may take to be sent and answered. */
const BODY_LIMIT_MS = 30_000;
/** "Flat": less growth than five of the bodies would take if kept. */
const FLAT_BOUND_MIB = 50;

interface Reading {
  readonly after: number;
  readonly rssMiB: number | undefined;
  readonly peakMiB: number | undefined;
}

const mib = (bytes: number | undefined) =>
  bytes === undefined ? undefined : Math.round((bytes / MIB) * 10) / 10;

/**
 * Part 4: `count` distinct 10 MiB bodies, one after another, without a token, to a
 * gateway that has GATEWAY_TOKEN set; its RSS is read before, every tenth of the way,
 * and after.
 */
export async function runBodies(token: string, count: number, partLimitMs: number): Promise<PartReport> {
  const gateway = await startGatewayProcess({ GATEWAY_TOKEN: token, SIMULATOR_REGIONS: 'cn-hangzhou' });
  const readings: Reading[] = [];
  const outcomes: string[] = [];
  let stopped: string | undefined;
  let seconds = 0;
  try {
    await warmUp(gateway, withToken(token));
    await warmUp(gateway, JSON_HEADERS, 5); // refused small requests first, so that path is warm too
    const read = async (after: number) => {
      const memory = await gateway.memory();
      readings.push({ after, rssMiB: mib(memory?.rssBytes), peakMiB: mib(memory?.peakRssBytes) });
    };
    await read(0);
    const every = Math.max(1, Math.round(count / 10));
    const client = new Client(new URL(gateway.gatewayUrl).origin);
    const started = nowMs();
    try {
      for (let i = 0; i < count; i++) {
        if (gateway.death() !== undefined) {
          stopped = `${gateway.death()} after ${i} bodies`;
          break;
        }
        if (nowMs() - started > partLimitMs) {
          stopped = `stopped after ${i} bodies: the part's ${partLimitMs / 1000} s were up`;
          break;
        }
        const attempt: Attempt = await attemptPost(
          client,
          gateway.gatewayUrl,
          paddedBody(i, BODY_BYTES),
          BODY_LIMIT_MS,
        );
        outcomes.push(describeAttempt(attempt));
        // A cut connection may be the process dying (the kernel closes its sockets as it
        // exits): no more bodies are sent to a dead port.
        if (attempt.kind === 'failed' && (await gateway.exitsWithin(100))) continue;
        if ((i + 1) % every === 0 || i + 1 === count) await read(i + 1);
      }
      if (stopped === undefined && gateway.death() !== undefined)
        stopped = `${gateway.death()} after ${outcomes.length} bodies`;
      // A run cut short still gets a reading where it stopped.
      if (outcomes.length > 0 && readings.at(-1)?.after !== outcomes.length) await read(outcomes.length);
    } finally {
      seconds = (nowMs() - started) / 1000;
      await client.destroy();
    }
    const check = await responsive(gateway, withToken(token), 5_000);
    const afterwards =
      (gateway.death() === undefined ? undefined : 'dead') ??
      (check?.kind === 'answered' && check.status === 200
        ? 'alive, answering'
        : `not answering (${check ? describeAttempt(check) : '—'})`);

    const before = readings[0]?.rssMiB;
    const last = [...readings].reverse().find((reading) => reading.rssMiB !== undefined);
    const targets: TargetVerdict[] = [];
    const sent = outcomes.length;
    const name = `RSS growth over ${sent === count ? '' : `${sent} of `}${count} refused bodies, MiB`;
    if (before === undefined || last === undefined || last.after === 0)
      targets.push({
        name,
        measured: Number.NaN,
        bound: FLAT_BOUND_MIB,
        sense: 'atMost',
        met: false,
        overBy: Number.NaN,
        text: `MISSED: ${name}: no reading after the bodies (${stopped ?? 'none sent'})`,
      });
    else {
      const verdict = judge({
        name,
        measured: Math.max(0, (last.rssMiB as number) - before),
        bound: FLAT_BOUND_MIB,
        sense: 'atMost',
        basis: 'flat: less than 5 bodies',
      });
      // Growth measured over part of the bodies is not flatness over all of them.
      targets.push(
        sent === count && gateway.death() === undefined
          ? verdict
          : { ...verdict, met: false, text: `${verdict.text.replace(/^met/, 'MISSED')}; ${stopped}` },
      );
    }
    return {
      tables: [
        {
          title: `RSS of the gateway over ${count} distinct ${BODY_BYTES / MIB} MiB bodies sent without a token (GATEWAY_TOKEN set)`,
          columns: ['bodies sent', 'RSS MiB', 'peak RSS MiB'],
          rows: readings.map((reading) => [reading.after, reading.rssMiB ?? '—', reading.peakMiB ?? '—']),
          notes: [
            `Answers: ${tally(outcomes) || 'none'}.${stopped ? ` ${stopped[0]?.toUpperCase()}${stopped.slice(1)}.` : ''} The gateway afterwards: ${afterwards}.`,
            `Each body is \`{"query":"{__typename} #<index><padding>"}\`, so no two query texts are alike; one at a time over one kept-alive connection, each allowed ${BODY_LIMIT_MS / 1000} s (${seconds.toFixed(1)} s in all). RSS and its peak (VmHWM) come from /proc; RSS at 0 is after warming up with small requests, with and without the token.`,
          ],
        },
      ],
      targets,
      skipped: [],
      raw: { readings, outcomes: tally(outcomes), stopped, afterwards, seconds },
    };
  } finally {
    await gateway.close();
  }
}
