/**
 * Prints the gateway's schema to schema/schema.graphql, the file codegen and clients
 * read. With --check it writes nothing and fails when the committed file differs from
 * the code, showing the first differing lines.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { schema } from '../src/schema/index.js';

const target = new URL('../schema/schema.graphql', import.meta.url);
const printed = `${printSchema(lexicographicSortSchema(schema))}\n`;

if (!process.argv.includes('--check')) {
  writeFileSync(target, printed);
  console.log('Wrote schema/schema.graphql');
} else {
  let committed = '';
  try {
    committed = readFileSync(target, 'utf8');
  } catch {
    // a missing file is reported as a difference below
  }
  if (committed === printed) {
    console.log('schema/schema.graphql matches the code.');
  } else {
    const want = printed.split('\n');
    const have = committed.split('\n');
    const first = want.findIndex((line, index) => line !== have[index]);
    const at = first === -1 ? want.length : first;
    const show = (lines: string[]) => lines.slice(Math.max(0, at - 2), at + 4).join('\n      ');
    console.error(
      [
        'schema/schema.graphql is out of date with the code. Run `npm run schema:print` and commit the result.',
        `  first difference at line ${at + 1}:`,
        `    committed:\n      ${show(have)}`,
        `    from code:\n      ${show(want)}`,
      ].join('\n'),
    );
    process.exitCode = 1;
  }
}
