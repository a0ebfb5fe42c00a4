import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseBenchArgs } from './lib/cli.js';
import { describeMachine } from './lib/machine.js';
import { type Scenario, type ScenarioReport, ScenarioSkipped } from './lib/scenario.js';
import { renderTable } from './lib/table.js';
import { nowMs } from './lib/timing.js';
import { calls } from './scenarios/calls.js';
import { dashboard } from './scenarios/dashboard.js';
import { hostile } from './scenarios/hostile.js';
import { latency } from './scenarios/latency.js';
import { memory } from './scenarios/memory.js';
import { micro } from './scenarios/micro.js';
import { overhead } from './scenarios/overhead.js';
import { replicas } from './scenarios/replicas.js';
import { throughput } from './scenarios/throughput.js';
import { watch } from './scenarios/watch.js';

/**
 * `npm run bench`: every scenario against the embedded simulator on loopback, one
 * table per scenario on stdout, the raw figures in bench/results/latest.json.
 * `npm run bench -- --only micro,overhead` runs some; `--quick` is a smoke run.
 */

const SCENARIOS: readonly Scenario[] = [
  calls,
  latency,
  overhead,
  throughput,
  micro,
  memory,
  hostile,
  dashboard,
  watch,
  replicas,
];

type Outcome =
  | {
      readonly name: string;
      readonly title: string;
      readonly status: 'ran';
      readonly seconds: number;
      readonly report: ScenarioReport;
    }
  | { readonly name: string; readonly title: string; readonly status: 'skipped'; readonly reason: string }
  | { readonly name: string; readonly title: string; readonly status: 'failed'; readonly error: string };

function print(report: ScenarioReport): void {
  for (const table of report.tables) console.log(`${renderTable(table)}\n`);
  for (const target of report.targets) console.log(`- target ${target.text}`);
  for (const part of report.skipped) console.log(`- skipped: ${part}`);
}

async function main(): Promise<number> {
  const args = parseBenchArgs(
    process.argv.slice(2),
    SCENARIOS.map((scenario) => scenario.name),
  );
  const machine = describeMachine();
  const gcForced = typeof globalThis.gc === 'function';
  console.log(
    `# ECS gateway benchmarks\n\n${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ` +
      `Node ${machine.node} (${machine.platform}), load average ${machine.loadAverage} at start${args.quick ? ', quick run' : ''}\n`,
  );
  const outcomes: Outcome[] = [];
  for (const scenario of SCENARIOS) {
    if (args.only && !args.only.includes(scenario.name)) continue;
    console.log(`## ${scenario.title} (\`--only ${scenario.name}\`)\n`);
    const started = nowMs();
    try {
      const report = await scenario.run({ quick: args.quick, limits: args.limits });
      const seconds = (nowMs() - started) / 1000;
      print(report);
      console.log(`\n_${seconds.toFixed(1)} s_\n`);
      outcomes.push({ name: scenario.name, title: scenario.title, status: 'ran', seconds, report });
    } catch (error) {
      if (error instanceof ScenarioSkipped) {
        console.log(`skipped: ${error.message}\n`);
        outcomes.push({
          name: scenario.name,
          title: scenario.title,
          status: 'skipped',
          reason: error.message,
        });
      } else {
        console.error(error);
        console.log(`failed: ${error instanceof Error ? error.message : String(error)}\n`);
        outcomes.push({ name: scenario.name, title: scenario.title, status: 'failed', error: String(error) });
      }
    }
  }
  await mkdir(dirname(args.out), { recursive: true });
  await writeFile(
    args.out,
    `${JSON.stringify({ recordedAt: new Date().toISOString(), machine, gcForced, quick: args.quick, limits: args.limits, scenarios: outcomes }, null, 2)}\n`,
  );
  console.log(`Load average at the end: ${describeMachine().loadAverage}. Raw figures: ${args.out}`);
  return outcomes.some((outcome) => outcome.status === 'failed') ? 1 : 0;
}

process.exitCode = await main();
