/**
 * `npm run lint` step: fails when a .ts file under src/ (or the folders given as
 * arguments) passes 400 lines and its first five lines do not say why with a comment
 * `// Long file: <why>`. Long files that state a reason are listed, not refused.
 */
import { join } from 'node:path';
import { longFiles, MAX_LINES, REASON_WITHIN_LINES } from './lib/file-lengths.js';

const folders = process.argv.slice(2);
let refused = 0;
for (const folder of folders.length > 0 ? folders : ['src']) {
  for (const file of longFiles(folder)) {
    const where = join(folder, file.path);
    if (file.reason) {
      console.log(`  long  ${where}: ${file.lines} lines (${file.reason})`);
    } else {
      refused++;
      console.error(`  error ${where}: ${file.lines} lines, over ${MAX_LINES} with no reason stated`);
    }
  }
}
if (refused > 0) {
  console.error(
    `\n${refused} file(s) pass ${MAX_LINES} lines. Split each into files named for what they hold, or` +
      ` state why it stays whole in a comment \`// Long file: <why>\` within its first ${REASON_WITHIN_LINES} lines.`,
  );
  process.exitCode = 1;
} else {
  console.log(`No file passes ${MAX_LINES} lines without a reason.`);
}
