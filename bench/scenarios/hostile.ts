import type { Scenario } from '../lib/scenario.js';
import type { Table } from '../lib/table.js';
import type { TargetVerdict } from '../lib/targets.js';
import { nowMs } from '../lib/timing.js';
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
export const hostile: Scenario = {
  name: 'hostile',
  title: 'S7. Hostile clients: bombs, a crowd, faults, refused bodies',
  async run({ quick }) {
    const token = freshToken();
    const parts: Record<string, PartReport> = {};
    // Progress on stderr: the tables come at the end, minutes later.
    const part = async (name: string, run: () => Promise<PartReport>) => {
      const started = nowMs();
      parts[name] = await run();
      console.error(`hostile: ${name} measured in ${((nowMs() - started) / 1000).toFixed(0)} s`);
    };
    await part('bombs', () => runBombs(token, quick ? 5_000 : 10_000));
    await part('fairness', () => runFairness(quick ? 6_000 : 15_000));
    await part('faults', () => runFaults(quick ? 200 : 1_000, quick ? 30_000 : 45_000));
    await part('bodies', () => runBodies(token, quick ? 100 : 500, quick ? 60_000 : 120_000));
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
