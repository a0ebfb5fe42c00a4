import type { Table } from '../lib/table.js';
import type { TargetVerdict } from '../lib/targets.js';
import { runBombs } from './hostile/bombs.js';
import { freshToken, type PartReport } from './hostile/common.js';

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
