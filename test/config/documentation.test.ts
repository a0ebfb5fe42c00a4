import { readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '../../src/config/variables.js';
import { SIMULATOR_VARIABLES } from '../../src/simulator/settings.js';

const root = join(import.meta.dirname, '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
/** Every variable read: the gateway's and the simulator's (ECS_API_LIMITS and the simulator keys are read by both). */
const VARIABLES = new Set([...CONFIG_VARIABLES, ...SIMULATOR_VARIABLES]);

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('settings are documented where users look', () => {
  it('.env.example lists exactly the variables the gateway and the simulator read', () => {
    const listed = [...read('.env.example').matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]);
    expect(new Set(listed)).toEqual(VARIABLES);
    expect(listed).toHaveLength(VARIABLES.size);
  });

  it('the README Configuration section has a table row for every variable', () => {
    const readme = read('README.md');
    const section = readme.slice(readme.indexOf('## Configuration'));
    const end = section.indexOf('\n## ', 1);
    const body = end === -1 ? section : section.slice(0, end);
    const rows = [...body.matchAll(/^\| `([A-Z][A-Z0-9_]*)`/gm)].map((match) => match[1]);
    expect(new Set(rows)).toEqual(VARIABLES);
  });

  it("no module but src/config/ and the simulator's settings module reads process.env", () => {
    const allowed = (path: string) =>
      path.startsWith(join('src', 'config') + sep) || path === join('src', 'simulator', 'settings.ts');
    const readers = sourceFiles('src').filter((path) => /process\.env\b/.test(read(path)));
    expect(readers.filter((path) => !allowed(path))).toEqual([]);
    expect(readers).toContain(join('src', 'simulator', 'settings.ts'));
  });
});
