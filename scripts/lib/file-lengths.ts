import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** A source file may pass this many lines only when its first lines say why. */
export const MAX_LINES = 400;

/** How many of a file's first lines may hold the reason (room for a shebang or a header line). */
export const REASON_WITHIN_LINES = 5;

/** `// Long file: <why>`; the why must say something. */
const REASON = /^\s*\/\/\s*Long file:\s*\S.*\S/;

export interface LongFile {
  /** Relative to the folder that was checked, with forward slashes. */
  readonly path: string;
  readonly lines: number;
  /** The reason its first lines give, or undefined when they give none. */
  readonly reason: string | undefined;
}

/** Lines as an editor numbers them: a final newline does not start another line. */
export function countLines(text: string): number {
  if (text === '') return 0;
  const breaks = text.split('\n').length - 1;
  return text.endsWith('\n') ? breaks : breaks + 1;
}

/** The reason a file's first lines give for its length, if any. */
export function statedReason(text: string): string | undefined {
  const head = text.split('\n', REASON_WITHIN_LINES);
  const line = head.find((candidate) => REASON.test(candidate));
  return line?.replace(/^\s*\/\/\s*Long file:\s*/, '').trim();
}

/** Every .ts file under `folder` (recursively) that passes `limit` lines, sorted by path. */
export function longFiles(folder: string, limit = MAX_LINES): LongFile[] {
  const found: LongFile[] = [];
  const entries = readdirSync(folder, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    // parentPath is Node 20.12+; path is its older name.
    const dir = (entry as { parentPath?: string }).parentPath ?? entry.path;
    const file = join(dir, entry.name);
    const text = readFileSync(file, 'utf8');
    const lines = countLines(text);
    if (lines <= limit) continue;
    found.push({ path: relative(folder, file).split('\\').join('/'), lines, reason: statedReason(text) });
  }
  return found.sort((a, b) => a.path.localeCompare(b.path));
}
