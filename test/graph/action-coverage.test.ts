import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { createSimulatorDomain } from '../../src/simulator/domain.js';
import { ALL_ACTIONS } from '../../src/spec/catalog.js';

/**
 * Every declared action is simulated, and named by the schema or its loaders (a field,
 * a relation or a mutation calls it), unless the README's "Actions the graph does not
 * expose" table gives the reason; an action listed there that the graph does use fails
 * too, so the list cannot go stale.
 */

const HEADING = '### Actions the graph does not expose';

async function sourceText(folder: URL): Promise<string> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile() && entry.name.endsWith('.ts'));
  const texts = await Promise.all(
    files.map((entry) => readFile(new URL(`${entry.parentPath}/${entry.name}`, 'file://'), 'utf8')),
  );
  return texts.join('\n');
}

async function readmeExceptions(): Promise<Map<string, string>> {
  const lines = (await readFile(new URL('../../README.md', import.meta.url), 'utf8')).split('\n');
  const start = lines.indexOf(HEADING);
  const listed = new Map<string, string>();
  if (start < 0) return listed;
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('#')) break;
    if (!line.startsWith('|')) continue;
    const [action = '', reason = ''] = line
      .slice(1, -1)
      .split('|')
      .map((cell) => cell.trim());
    if (action === 'action' || /^-+$/.test(action)) continue;
    listed.set(action, reason);
  }
  return listed;
}

describe('the graph covers the declared actions', () => {
  it('the simulator implements every declared action', () => {
    const domain = createSimulatorDomain({ seed: false });
    expect(ALL_ACTIONS.filter((action) => !domain.has(action.name)).map((action) => action.name)).toEqual([]);
  });

  it('the schema or its loaders call every declared action but those the README explains', async () => {
    const graph = [
      await sourceText(new URL('../../src/schema/', import.meta.url)),
      await sourceText(new URL('../../src/loaders/', import.meta.url)),
    ].join('\n');
    const used = (name: string) => new RegExp(`\\b${name}\\b`).test(graph);
    const exceptions = await readmeExceptions();
    const missing = ALL_ACTIONS.filter((action) => !used(action.name) && !exceptions.has(action.name));
    expect(missing.map((action) => action.name)).toEqual([]);
    const stale = [...exceptions.keys()].filter(
      (name) => used(name) || !ALL_ACTIONS.some((a) => a.name === name),
    );
    expect(stale).toEqual([]);
    for (const [name, reason] of exceptions) expect(reason.length, name).toBeGreaterThan(20);
  });
});
