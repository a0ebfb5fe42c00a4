import type { Table } from '../lib/table.js';
import type { TargetVerdict } from '../lib/targets.js';
import { runBodies } from './hostile/bodies.js';
import { runBombs } from './hostile/bombs.js';
import { freshToken, type PartReport } from './hostile/common.js';
import { runFairness } from './hostile/fairness.js';
import { runFaults } from './hostile/faults.js';

/**
 * S7: the gateway as `npm start` runs it, in a child process, under the attacks of
 * issue 10: query bombs, a 1,000-call query beside small ones, transient upstream
 * faults, and large refused bodies. Every attack is bounded in count and time, and a
 * gateway that dies or stalls is reported as such and replaced.
 */
export const hostile = {
  name: 'hostile',
  title: 'S7. Hostile clients: bombs, a crowd, faults, refused bodies',
  async run({ quick }: { readonly quick: boolean }) {
    const token = freshToken();
    const parts: Record<string, PartReport> = {};
    parts.bombs = await runBombs(token, quick ? 5_000 : 10_000);
    parts.fairness = await runFairness(quick ? 6_000 : 15_000);
    parts.faults = await runFaults(quick ? 200 : 1_000, quick ? 30_000 : 90_000);
    parts.bodies = await runBodies(token, quick ? 100 : 500, quick ? 60_000 : 180_000);
    const tables: Table[] = [];
    const targets: TargetVerdict[] = [];
    const skipped: string[] = [];
    const raw: Record<string, unknown> = {};
    for (const [name, part] of Object.entries(parts)) {
      tables.push(...part.tables);
      targets.push(...part.targets);
      skipped.push(...part.skipped);
      raw[name] = part.raw;
    }
    return { tables, targets, skipped, raw };
  },
};
