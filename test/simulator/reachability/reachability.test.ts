import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../../src/simulator/index.js';
import { ACTIONS } from '../../../src/spec/catalog.js';
import { startSimulator } from '../integration-support.js';
import { type ReachWorld, reachWorld } from './reach.js';
import { documentedRows, loadScenarios, readmeUnreachable, rowKey } from './table.js';

/**
 * The reachability table: every documented error code of every action the simulator
 * implements, produced over the wire (through the state or the control API) with the
 * spec's HTTP status, or listed as deliberately unreachable with the reason, which the
 * README repeats. The rows come from the spec, so a newly declared error or a newly
 * simulated action fails here until it is reached or explained.
 */

const { reach, unreachable } = await loadScenarios();

let simulator: Simulator;
let world: ReachWorld;
/** The fault settings the simulator started with, put back before each scenario. */
let faults: unknown;
beforeAll(async () => {
  simulator = await startSimulator();
  const first = await fetch(`${simulator.url}/__simulator/stats`);
  expect(first.status).toBe(200);
  const probe = reachWorld(simulator, '');
  const instances = (await probe.ok('DescribeInstances', { PageSize: '1' })).Instances as {
    Instance: { ZoneId: string }[];
  };
  world = reachWorld(simulator, instances.Instance[0]!.ZoneId);
  faults = (await world.control('GET', '/__simulator/faults')).body;
});
afterAll(() => simulator?.close());

describe('the table', () => {
  it('covers every documented row with scenarios or a reason, and nothing else', () => {
    const rows = documentedRows((name) => simulator.domain.has(name));
    const statusesOf = new Map<string, number[]>();
    for (const row of rows) {
      const key = `${row.action} ${row.code}`;
      statusesOf.set(key, [...(statusesOf.get(key) ?? []), row.httpStatus]);
    }
    const problems: string[] = [];
    const covered = new Map<string, string>();
    const cover = (
      entry: { action: string; code: string; httpStatus?: number },
      file: string,
      kind: string,
    ) => {
      const statuses = statusesOf.get(`${entry.action} ${entry.code}`);
      if (!statuses) return problems.push(`${file}: ${entry.action} does not document ${entry.code}`);
      if (entry.httpStatus === undefined && statuses.length > 1)
        return problems.push(
          `${file}: ${entry.action} documents ${entry.code} as ${statuses.join(' and ')}: say which`,
        );
      const key = rowKey({ ...entry, httpStatus: entry.httpStatus ?? statuses[0] });
      const before = covered.get(key);
      // Several scenarios may reach one row (through different states); a reached row has no reason.
      if (before && (kind === 'reason' || before.startsWith('reason')))
        return problems.push(`${file}: ${key} is also a ${before}`);
      covered.set(key, `${kind} in ${file}`);
    };
    for (const scenario of reach) cover(scenario, scenario.file, 'scenario');
    for (const entry of unreachable) cover(entry, entry.file, 'reason');
    for (const row of rows)
      if (!covered.has(rowKey(row))) problems.push(`no scenario or reason: ${rowKey(row)}`);
    expect(problems).toEqual([]);
  });

  it('gives a reason for every unreachable row, and the README lists the same rows', async () => {
    for (const entry of unreachable)
      expect(entry.reason.length, `${entry.action} ${entry.code}`).toBeGreaterThan(20);
    const listed = await readmeUnreachable(new URL('../../../README.md', import.meta.url));
    const key = (entry: { action: string; code: string; reason: string }) =>
      `${entry.action} | ${entry.code} | ${entry.reason}`;
    expect(listed.map(key).sort()).toEqual(unreachable.map(key).sort());
  });
});

describe.each(reach.map((scenario) => [`${scenario.action} ${scenario.code}`, scenario] as const))(
  '%s',
  (_name, scenario) => {
    beforeEach(async () => {
      const reset = await world.control('POST', '/__simulator/reset');
      expect(reset.status).toBe(200);
      // A reset keeps fault settings; a scenario that turns a fault on affects its own call only.
      expect((await world.control('PUT', '/__simulator/faults', faults)).status).toBe(200);
    });

    it('is answered over the wire with the documented code and status', async () => {
      const action = ACTIONS.get(scenario.action);
      const rows = action?.errors.filter((row) => row.code === scenario.code) ?? [];
      const documented = rows.find(
        (row) => scenario.httpStatus === undefined || row.httpStatus === scenario.httpStatus,
      );
      expect(documented, `${scenario.action} documents ${scenario.code}`).toBeDefined();
      const params = typeof scenario.params === 'function' ? await scenario.params(world) : scenario.params;
      const { status, body } = await world.ask(scenario.action, params);
      expect({ code: body.Code, status }).toEqual({ code: scenario.code, status: documented!.httpStatus });
    });
  },
);
