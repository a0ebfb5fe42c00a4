import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';

/**
 * The README's code snippets carry their imports, and the SDK snippet runs as written:
 * Node runs it as a module file inside the project (so the packages resolve), with only
 * the standalone simulator's port swapped for a free one.
 */

const root = new URL('../../', import.meta.url);
const readme = readFileSync(new URL('README.md', root), 'utf8');

/** Every fenced block of the given languages, with the line it starts on. */
function blocks(...languages: string[]): { line: number; code: string }[] {
  const found: { line: number; code: string }[] = [];
  const lines = readme.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const fence = /^```(\w+)$/.exec(lines[index] ?? '');
    if (!fence) continue;
    const end = lines.indexOf('```', index + 1);
    if (languages.includes(fence[1] ?? ''))
      found.push({ line: index + 1, code: lines.slice(index + 1, end).join('\n') });
    index = end;
  }
  return found;
}

describe("the README's TypeScript and JavaScript snippets", () => {
  it('import every project name and package they use', () => {
    const snippets = blocks('ts', 'js');
    expect(snippets.length).toBeGreaterThanOrEqual(5);
    // The names the snippets use that come from an import: each one is imported in its snippet.
    const imported = [
      'createSimulator',
      'createSimulatorServer',
      'API_LIMITS',
      'EcsClient',
      'RPCClient',
      'EcsModule',
      '$OpenApi',
      '$Ecs',
      'GraphQLClient',
      'staticCredentials',
      'DescribeRegions',
    ];
    for (const { line, code } of snippets) {
      const bindings = new Set(
        [...code.matchAll(/^import (.*) from '[^']+';$/gm)].flatMap(
          (match) => match[1]?.match(/[\w$]+/g) ?? [],
        ),
      );
      const body = code.replace(/^import .*$/gm, '').replace(/\/\/.*$/gm, '');
      const missing = imported.filter(
        (name) => new RegExp(`(^|[^\\w$.'])${name.replace('$', '\\$')}\\b`).test(body) && !bindings.has(name),
      );
      expect({ line, missing }).toEqual({ line, missing: [] });
    }
  });
});

describe('the SDK snippet (pop-core and ecs20140526) against the simulator', () => {
  let simulator: Simulator;
  let dir: string;
  beforeAll(async () => {
    simulator = await createSimulator({ seed: false, transitions: 'immediate' });
    dir = mkdtempSync(new URL('test/readme/.snippet-', root).pathname);
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await simulator?.close();
  });

  it('signs and sends DescribeRegions with both SDKs, as written but for the port', async () => {
    const [snippet] = blocks('js').filter(({ code }) => code.includes("from '@alicloud/pop-core'"));
    expect(snippet?.code).toContain("import RPCClient from '@alicloud/pop-core';");
    const file = `${dir}/sdk.mjs`;
    writeFileSync(file, (snippet?.code ?? '').replaceAll('127.0.0.1:9000', `127.0.0.1:${simulator.port}`));
    await promisify(execFile)(process.execPath, [file], { timeout: 15_000 });
    // One call signed with signature v1 (pop-core), one with ACS3-HMAC-SHA256 (ecs20140526).
    expect(simulator.stats.calls('DescribeRegions')).toBe(2);
  });
});
