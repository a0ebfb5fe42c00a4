import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '../../src/config.js';

const root = join(import.meta.dirname, '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('settings are documented where users look', () => {
  it('.env.example lists exactly the variables the gateway reads', () => {
    const listed = [...read('.env.example').matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]);
    expect(new Set(listed)).toEqual(new Set(CONFIG_VARIABLES));
    expect(listed).toHaveLength(CONFIG_VARIABLES.length);
  });

  it('the README Configuration section has a table row for every variable', () => {
    const readme = read('README.md');
    const section = readme.slice(readme.indexOf('## Configuration'));
    const end = section.indexOf('\n## ', 1);
    const body = end === -1 ? section : section.slice(0, end);
    const rows = [...body.matchAll(/^\| `([A-Z][A-Z0-9_]*)`/gm)].map((match) => match[1]);
    expect(new Set(rows)).toEqual(new Set(CONFIG_VARIABLES));
  });

  it('no module but src/config.ts reads process.env', () => {
    const readers = sourceFiles('src').filter(
      (path) => path !== join('src', 'config.ts') && /process\.env\b/.test(read(path)),
    );
    expect(readers).toEqual([]);
  });
});
