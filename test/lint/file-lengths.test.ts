import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countLines, longFiles, statedReason } from '../../scripts/lib/file-lengths.js';

/**
 * The line guard of `npm run lint` (scripts/check-file-lengths.ts): a .ts file under src/
 * that passes 400 lines fails the run unless a `// Long file: <why>` comment within its
 * first five lines says why.
 */

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

/** `n` lines of code, each ending in a newline. */
const body = (n: number) => Array.from({ length: n }, (_, i) => `export const line${i} = ${i};\n`).join('');

let folder: string;
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'file-lengths-'));
  const files: Record<string, string> = {
    'at-limit.ts': body(400),
    'no-final-newline.ts': body(400).slice(0, -1),
    'one-over.ts': body(401),
    'nested/deep/one-over.ts': body(401),
    'stated.ts': `// Long file: one table of every action, read top to bottom.\n${body(420)}`,
    'stated-after-header.ts': `#!/usr/bin/env node\n/**\n * Header.\n */\n// Long file: generated shapes.\n${body(420)}`,
    'stated-too-late.ts': `${body(5)}// Long file: said on line six.\n${body(420)}`,
    'empty-reason.ts': `// Long file:\n${body(420)}`,
    'block-comment.ts': `/* Long file: not the agreed form */\n${body(420)}`,
    'not-typescript.json': `${'{}\n'.repeat(500)}`,
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, path)), { recursive: true });
    writeFileSync(join(folder, path), text);
  }
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('countLines', () => {
  it('counts lines as an editor numbers them', () => {
    expect(countLines('')).toBe(0);
    expect(countLines('a')).toBe(1);
    expect(countLines('a\n')).toBe(1);
    expect(countLines('a\nb')).toBe(2);
    expect(countLines('a\n\n')).toBe(2);
    expect(countLines(body(400))).toBe(400);
  });
});

describe('statedReason', () => {
  it('reads `// Long file: <why>` within the first five lines only', () => {
    expect(statedReason('// Long file: one table.\ncode')).toBe('one table.');
    expect(statedReason('a\nb\nc\nd\n  //   Long file:  indented  \n')).toBe('indented');
    expect(statedReason('a\nb\nc\nd\ne\n// Long file: sixth line\n')).toBeUndefined();
    expect(statedReason('// Long file:\n')).toBeUndefined();
    expect(statedReason('// Long file: x\n')).toBeUndefined();
    expect(statedReason('// long file: lower case\n')).toBeUndefined();
    expect(statedReason('const a = 1; // Long file: after code\n')).toBeUndefined();
  });
});

describe('longFiles', () => {
  it('lists every .ts file past 400 lines, nested ones too, with the reason it states', () => {
    expect(longFiles(folder)).toEqual([
      { path: 'block-comment.ts', lines: 421, reason: undefined },
      { path: 'empty-reason.ts', lines: 421, reason: undefined },
      { path: 'nested/deep/one-over.ts', lines: 401, reason: undefined },
      { path: 'one-over.ts', lines: 401, reason: undefined },
      { path: 'stated-after-header.ts', lines: 425, reason: 'generated shapes.' },
      { path: 'stated-too-late.ts', lines: 426, reason: undefined },
      { path: 'stated.ts', lines: 421, reason: 'one table of every action, read top to bottom.' },
    ]);
  });
});

describe('scripts/check-file-lengths.ts', () => {
  const check = async (...folders: string[]) => {
    try {
      const { stdout, stderr } = await run(
        process.execPath,
        ['--import', 'tsx', join(root, 'scripts/check-file-lengths.ts'), ...folders],
        { cwd: root },
      );
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };

  it('fails naming each long file without a reason, and lists those with one', async () => {
    const { code, stdout, stderr } = await check(folder);
    expect(code).toBe(1);
    const refused = stderr.split('\n').filter((line) => line.startsWith('  error '));
    const expected: [string, number][] = [
      ['block-comment.ts', 421],
      ['empty-reason.ts', 421],
      ['nested/deep/one-over.ts', 401],
      ['one-over.ts', 401],
      ['stated-too-late.ts', 426],
    ];
    expect(refused).toEqual(
      expected.map(
        ([path, lines]) => `  error ${join(folder, path)}: ${lines} lines, over 400 with no reason stated`,
      ),
    );
    expect(stderr).toContain('5 file(s) pass 400 lines.');
    expect(stdout).toContain(
      `  long  ${join(folder, 'stated.ts')}: 421 lines (one table of every action, read top to bottom.)`,
    );
    expect(stdout).toContain(
      `  long  ${join(folder, 'stated-after-header.ts')}: 425 lines (generated shapes.)`,
    );
  });

  it('passes a folder whose files are all within 400 lines or say why', async () => {
    const fine = mkdtempSync(join(tmpdir(), 'file-lengths-fine-'));
    try {
      writeFileSync(join(fine, 'short.ts'), body(400));
      writeFileSync(join(fine, 'long.ts'), `// Long file: one table.\n${body(500)}`);
      const { code, stdout, stderr } = await check(fine);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(stdout).toContain('No file passes 400 lines without a reason.');
    } finally {
      rmSync(fine, { recursive: true, force: true });
    }
  });
});
