import { readdir, readFile } from 'node:fs/promises';
import { ALL_ACTIONS } from '../../../src/spec/catalog.js';
import type { Reach, Unreachable } from './reach.js';

/** One documented (action, code, HTTP status) row of the spec: a row of the table. */
export interface DocumentedRow {
  readonly action: string;
  readonly code: string;
  readonly httpStatus: number;
}

export const rowKey = (row: { action: string; code: string; httpStatus?: number | undefined }) =>
  `${row.action} ${row.code} ${row.httpStatus ?? '*'}`;

/** Every distinct documented (code, status) of every action `implemented` says the simulator serves. */
export function documentedRows(implemented: (action: string) => boolean): DocumentedRow[] {
  const rows = new Map<string, DocumentedRow>();
  for (const action of ALL_ACTIONS) {
    if (!implemented(action.name)) continue;
    for (const { code, httpStatus } of action.errors) {
      const row = { action: action.name, code, httpStatus };
      rows.set(rowKey(row), row);
    }
  }
  return [...rows.values()];
}

export interface Scenarios {
  readonly reach: readonly (Reach & { readonly file: string })[];
  readonly unreachable: readonly (Unreachable & { readonly file: string })[];
}

/** The `reach` and `unreachable` exports of every `*.reach.ts` in this folder. */
export async function loadScenarios(): Promise<Scenarios> {
  const folder = new URL('./', import.meta.url);
  const files = (await readdir(folder)).filter((name) => name.endsWith('.reach.ts')).sort();
  const reach: Scenarios['reach'][number][] = [];
  const unreachable: Scenarios['unreachable'][number][] = [];
  for (const file of files) {
    const module = (await import(new URL(file, folder).href)) as Partial<{
      reach: readonly Reach[];
      unreachable: readonly Unreachable[];
    }>;
    for (const scenario of module.reach ?? []) reach.push({ ...scenario, file });
    for (const entry of module.unreachable ?? []) unreachable.push({ ...entry, file });
  }
  return { reach, unreachable };
}

export const README_HEADING = '### Documented errors the simulator does not produce';

/** The rows (action, code, reason) of the README's table under README_HEADING; empty without the heading. */
export async function readmeUnreachable(readmePath: URL): Promise<Unreachable[]> {
  const lines = (await readFile(readmePath, 'utf8')).split('\n');
  const start = lines.indexOf(README_HEADING);
  if (start < 0) return [];
  const rows: Unreachable[] = [];
  let inTable = false;
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('#')) break;
    if (!line.startsWith('|')) {
      if (inTable) break;
      continue;
    }
    inTable = true;
    const cells = line
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim().replace(/^`|`$/g, '').replaceAll('\\|', '|'));
    if (cells[0] === 'action' || /^-+$/.test(cells[0] ?? '')) continue;
    const [action = '', code = '', reason = ''] = cells;
    rows.push({ action, code, reason });
  }
  return rows;
}
