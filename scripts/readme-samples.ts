/**
 * Writes the README's sample answers from the default estate (see lib/readme-samples.ts).
 * With --check it writes nothing and fails when the README's answers differ from what
 * the gateway gives now, showing the first differing lines.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { renderReadmeSamples } from './lib/readme-samples.js';

const target = new URL('../README.md', import.meta.url);
const readme = readFileSync(target, 'utf8');
const rendered = await renderReadmeSamples(readme);

if (!process.argv.includes('--check')) {
  writeFileSync(target, rendered);
  console.log(readme === rendered ? 'README.md samples are up to date.' : 'Wrote the README.md samples.');
} else if (readme === rendered) {
  console.log('README.md samples match the gateway.');
} else {
  const want = rendered.split('\n');
  const have = readme.split('\n');
  const at = want.findIndex((line, index) => line !== have[index]);
  console.error(
    [
      'README.md samples are out of date. Run `npm run readme:samples` and commit the result.',
      `  first difference at line ${at + 1}:`,
      `    README:  ${have[at] ?? '(end of file)'}`,
      `    gateway: ${want[at] ?? '(end of file)'}`,
    ].join('\n'),
  );
  process.exitCode = 1;
}
