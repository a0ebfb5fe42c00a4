import { execFile } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { IConfiguration } from 'dependency-cruiser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The import rules of `.dependency-cruiser.mjs`, run as `npm run lint` runs them (the same
 * command line, the same config file found the same way) over small trees laid out like
 * src/: one where every arrow points the allowed way, and the same with one wrong import
 * per rule. Each wrong import must be refused by its rule and nothing else may be, so a
 * rule whose path matches nothing cannot pass unnoticed.
 */

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const depcruiseBin = join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const config = (
  (await import(pathToFileURL(join(root, '.dependency-cruiser.mjs')).href)) as { default: IConfiguration }
).default;

/** What `npm run lint` passes to depcruise (its targets and options), read from package.json. */
function lintArguments(): string[] {
  const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const match = /(?:^|&&\s*)depcruise ([^&]+)/.exec(scripts.lint ?? '');
  if (!match?.[1]) throw new Error(`npm run lint does not run depcruise: ${scripts.lint}`);
  return match[1].trim().split(/\s+/);
}

/** Imports that every rule allows, laid out like the real tree. */
const allowed: Record<string, string> = {
  'src/spec/limits.ts': 'export type Limit = number;\nexport const MAX_IDS = 100;\n',
  'src/spec/action.ts': [
    "import { createHash } from 'node:crypto';",
    "import { z } from 'zod';",
    "import type { Limit } from './limits.js';",
    'export const action = (name: string, limit: Limit) => ({ name, limit, schema: z.string(), id: createHash });',
  ].join('\n'),
  'src/signature/v1.ts':
    "import { createHmac } from 'node:crypto';\nexport const sign = (key: string) => createHmac('sha1', key);\n",
  'src/ecs/errors.ts': 'export class EcsCallError extends Error {}\n',
  'src/ecs/client.ts': [
    "import { action } from '../spec/action.js';",
    "import { sign } from '../signature/v1.js';",
    "import { EcsCallError } from './errors.js';",
    'export class EcsClient { a = action; s = sign; e = EcsCallError; }',
  ].join('\n'),
  'src/loaders/loaders.ts': [
    "import type { EcsClient } from '../ecs/client.js';",
    "import { MAX_IDS } from '../spec/limits.js';",
    "import DataLoader from 'dataloader';",
    'export const load = (client: EcsClient) => new DataLoader(async (k) => k, { maxBatchSize: MAX_IDS, name: String(client) });',
  ].join('\n'),
  'src/schema/instance.ts': [
    "import { GraphQLError } from 'graphql';",
    "import { EcsCallError } from '../ecs/errors.js';",
    "import { load } from '../loaders/loaders.js';",
    'export const instance = { load, GraphQLError, EcsCallError };',
  ].join('\n'),
  'src/simulator/clock.ts': 'export interface Clock { now(): number }\n',
  'src/simulator/store.ts':
    "import type { Clock } from './clock.js';\nexport const store = (clock: Clock) => clock.now();\n",
  'src/simulator/server.ts': [
    "import { action } from '../spec/action.js';",
    "import { sign } from '../signature/v1.js';",
    "import { store } from './store.js';",
    'export const server = { action, sign, store };',
  ].join('\n'),
  'src/config.ts': 'export const settings = { port: 0 };\n',
  'src/watch/pool.ts': 'export interface WatchEvent { id: string }\nexport class Pool {}\n',
  'src/watch/watcher.ts':
    "import type { WatchEvent } from './pool.js';\nexport type Watcher = (event: WatchEvent) => void;\n",
  'src/idempotency/store.ts': 'export interface IdempotencyStore { get(key: string): Promise<string> }\n',
  'src/shared-state/redis-store.ts': [
    "import { EcsCallError } from '../ecs/errors.js';",
    "import type { IdempotencyStore } from '../idempotency/store.js';",
    "import { MAX_IDS } from '../spec/limits.js';",
    "import type { WatchEvent } from '../watch/pool.js';",
    'export const shared = (s: IdempotencyStore, e: WatchEvent) => ({ s, e, EcsCallError, MAX_IDS });',
  ].join('\n'),
  'src/start.ts': [
    "import { settings } from './config.js';",
    "import { instance } from './schema/instance.js';",
    "import { server } from './simulator/server.js';",
    'export const start = () => ({ settings, instance, server });',
  ].join('\n'),
  'src/start-config.ts':
    "import { settings } from './config.js';\nimport type { Clock } from './simulator/clock.js';\nexport const startConfig = (clock: Clock) => ({ settings, clock });\n",
  'src/main.ts':
    "import type { Clock } from './simulator/clock.js';\nimport { start } from './start.js';\nexport const clock: Clock | undefined = start() && undefined;\n",
  'scripts/print-schema.ts':
    "import { instance } from '../src/schema/instance.js';\nconsole.log(instance);\n",
  'test/support/fake.ts':
    "import { EcsClient } from '../../src/ecs/client.js';\nexport const fake = new EcsClient();\n",
  'bench/run.ts': "import { start } from '../src/start.js';\nexport const bench = start;\n",
};

/** One wrong import per rule (type-only, re-exports and dynamic imports among them), and what must refuse it. */
const wrong: { file: string; source: string; rule: string; to: string }[] = [
  {
    file: 'src/spec/bad-client-type.ts',
    source: "import type { EcsClient } from '../ecs/client.js';\nexport type C = EcsClient;\n",
    rule: 'spec-imports-only-spec',
    to: 'src/ecs/client.ts',
  },
  {
    file: 'src/spec/bad-reexport.ts',
    source: "export { settings } from '../config.js';\n",
    rule: 'spec-imports-only-spec',
    to: 'src/config.ts',
  },
  {
    file: 'src/signature/bad.ts',
    source: "import { MAX_IDS } from '../spec/limits.js';\nexport const n = MAX_IDS;\n",
    rule: 'signature-imports-nothing',
    to: 'src/spec/limits.ts',
  },
  {
    file: 'src/ecs/bad-loaders.ts',
    source: "import { load } from '../loaders/loaders.js';\nexport const l = load;\n",
    rule: 'ecs-imports-only-spec-and-signature',
    to: 'src/loaders/loaders.ts',
  },
  {
    file: 'src/ecs/bad-graphql.ts',
    source: "import { GraphQLError } from 'graphql';\nexport const E = GraphQLError;\n",
    rule: 'ecs-knows-no-graphql',
    to: 'node_modules/graphql/index.mjs',
  },
  {
    file: 'src/loaders/bad.ts',
    source: "import type { instance } from '../schema/instance.js';\nexport type I = typeof instance;\n",
    rule: 'loaders-import-only-ecs-and-spec',
    to: 'src/schema/instance.ts',
  },
  {
    file: 'src/schema/bad-simulator.ts',
    source: "export const sim = () => import('../simulator/server.js');\n",
    rule: 'simulator-only-from-composition-root',
    to: 'src/simulator/server.ts',
  },
  {
    file: 'src/yoga.ts',
    source: "import type { Clock } from './simulator/clock.js';\nexport type YogaClock = Clock;\n",
    rule: 'simulator-only-from-composition-root',
    to: 'src/simulator/clock.ts',
  },
  {
    // Named like the composition root, but not it: the exception is exact.
    file: 'src/start-helpers.ts',
    source: "import { store } from './simulator/store.js';\nexport const s = store;\n",
    rule: 'simulator-only-from-composition-root',
    to: 'src/simulator/store.ts',
  },
  {
    file: 'src/simulator/banner.ts',
    source: "import { settings } from '../config.js';\nexport const banner = settings.port;\n",
    rule: 'simulator-imports-only-spec-and-signature',
    to: 'src/config.ts',
  },
  {
    file: 'src/simulator/bad-client.ts',
    source: "import { EcsCallError } from '../ecs/errors.js';\nexport const E = EcsCallError;\n",
    rule: 'simulator-imports-only-spec-and-signature',
    to: 'src/ecs/errors.ts',
  },
  {
    file: 'src/shared-state/bad-schema.ts',
    source: "import { instance } from '../schema/instance.js';\nexport const i = instance;\n",
    rule: 'shared-state-imports-only-client-and-stores',
    to: 'src/schema/instance.ts',
  },
  {
    file: 'src/shared-state/bad-graphql.ts',
    source: "import type { GraphQLError } from 'graphql';\nexport type E = GraphQLError;\n",
    rule: 'shared-state-knows-no-graphql',
    to: 'node_modules/graphql/index.mjs',
  },
  {
    file: 'src/plugins/bad-test.ts',
    source: "import { fake } from '../../test/support/fake.js';\nexport const f = fake;\n",
    rule: 'no-imports-from-tests',
    to: 'test/support/fake.ts',
  },
  {
    file: 'scripts/bad-bench.ts',
    source: "import { bench } from '../bench/run.js';\nbench();\n",
    rule: 'no-imports-from-tests',
    to: 'bench/run.ts',
  },
  {
    file: 'src/schema/bad-missing.ts',
    source: "import { gone } from './gone.js';\nexport const g = gone;\n",
    rule: 'not-to-unresolvable',
    to: './gone.js',
  },
];

/** Cycles added to the wrong tree: which rule reports each (the modules in it, sorted). */
const cycles: Record<string, { files: Record<string, string>; rule: string }> = {
  'a new cycle': {
    files: {
      'src/plugins/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
      'src/plugins/b.ts':
        "import type { a } from './a.js';\nexport const b = 1;\nexport type A = typeof a;\n",
    },
    rule: 'no-circular',
  },
  'a cycle in the watch folder': {
    // pool.ts <-> watcher.ts, as the watch folder was before its vocabulary moved to watch-events.ts.
    files: {
      'src/watch/pool.ts':
        "import type { Watcher } from './watcher.js';\nexport interface WatchEvent { id: string }\nexport type W = Watcher;\n",
    },
    rule: 'no-circular',
  },
  'a type-only cycle': {
    files: {
      'src/watch/poller.ts': "import { queue } from './queue.js';\nexport const poller = () => queue;\n",
      'src/watch/queue.ts':
        "import type { poller } from './poller.js';\nexport const queue: Array<typeof poller> = [];\n",
    },
    rule: 'no-circular',
  },
};

interface Violation {
  readonly from: string;
  readonly to: string;
  readonly rule: { readonly name: string; readonly severity: string };
  readonly cycle?: readonly { readonly name: string }[];
}

const trees: string[] = [];

/** A temporary repository: the files given, the real config, tsconfig.json and node_modules. */
function layTree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'arrows-'));
  trees.push(dir);
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), source);
  }
  copyFileSync(join(root, '.dependency-cruiser.mjs'), join(dir, '.dependency-cruiser.mjs'));
  copyFileSync(join(root, 'tsconfig.json'), join(dir, 'tsconfig.json'));
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

/** Runs depcruise as `npm run lint` does; resolves with the exit code and what it printed. */
async function depcruise(cwd: string, extra: string[] = []): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [depcruiseBin, ...lintArguments(), ...extra], {
      cwd,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

let clean: string;
let broken: string;
beforeAll(() => {
  clean = layTree(allowed);
  const wrongFiles = Object.fromEntries(wrong.map(({ file, source }) => [file, source]));
  const cycleFiles = Object.assign({}, ...Object.values(cycles).map(({ files }) => files));
  broken = layTree({ ...allowed, ...wrongFiles, ...cycleFiles });
});
afterAll(() => {
  for (const dir of trees) rmSync(dir, { recursive: true, force: true });
});

describe('the import rules (npm run lint)', () => {
  it('let a tree pass whose arrows all point the allowed way', async () => {
    const { code, output } = await depcruise(clean);
    expect(output).toMatch(/no dependency violations found/);
    expect(code).toBe(0);
  });

  it('refuse each wrong import by its rule, and nothing else', async () => {
    const { output } = await depcruise(broken, ['--output-type', 'json']);
    const result = JSON.parse(output) as { summary: { violations: Violation[] } };
    const found = result.summary.violations;
    const direct = found
      .filter((violation) => !violation.cycle?.length)
      // node_modules is a link to the repository's: name a package's file from node_modules/ on.
      .map(
        ({ from, to, rule }) =>
          `${rule.name} ${rule.severity}: ${from} -> ${to.replace(/^.*?node_modules\//, 'node_modules/')}`,
      )
      .sort();
    expect(direct).toEqual(wrong.map(({ file, rule, to }) => `${rule} error: ${file} -> ${to}`).sort());

    const cyclic = found
      .filter((violation) => violation.cycle?.length)
      .map(({ from, rule, cycle }) => ({
        rule: `${rule.name} ${rule.severity}`,
        modules: [...new Set([from, ...(cycle ?? []).map(({ name }) => name)])].sort(),
      }));
    expect(cyclic).toHaveLength(3);
    expect(cyclic).toContainEqual({
      rule: 'no-circular error',
      modules: ['src/plugins/a.ts', 'src/plugins/b.ts'],
    });
    expect(cyclic).toContainEqual({
      rule: 'no-circular error',
      modules: ['src/watch/pool.ts', 'src/watch/watcher.ts'],
    });
    expect(cyclic).toContainEqual({
      rule: 'no-circular error',
      modules: ['src/watch/poller.ts', 'src/watch/queue.ts'],
    });
  });

  it('fail the lint run on them, each message saying its rule in words', async () => {
    const { code, output } = await depcruise(broken);
    expect(code).toBeGreaterThan(0);
    const collapsed = output.replace(/\s+/g, ' ');
    const refused = new Set([...wrong.map(({ rule }) => rule), 'no-circular']);
    for (const rule of config.forbidden ?? []) {
      if (!rule.name || !refused.has(rule.name)) continue;
      expect(rule.comment, rule.name).toMatch(/\w+ \w+ \w+/);
      // err-long wraps the comment at 80 columns: compare with the white space collapsed.
      expect(collapsed, rule.name).toContain(`${rule.name}: `);
      expect(collapsed, rule.name).toContain((rule.comment ?? '').replace(/\s+/g, ' '));
    }
  });

  it('every rule is exercised above, and each path it names exists in the real tree', () => {
    const names = (config.forbidden ?? []).map((rule) => rule.name);
    const exercised = new Set([
      ...wrong.map(({ rule }) => rule),
      ...Object.values(cycles).map(({ rule }) => rule),
    ]);
    expect([...names].sort()).toEqual([...exercised].sort());

    const real = ['src', 'scripts'].flatMap((top) =>
      readdirSync(join(root, top), { recursive: true, encoding: 'utf8' }).map((path) => `${top}/${path}`),
    );
    for (const rule of config.forbidden ?? []) {
      const from = 'from' in rule ? (rule.from as { path?: string }).path : undefined;
      if (!from) continue;
      expect(
        real.filter((path) => new RegExp(from).test(path)).length,
        `${rule.name}: ${from}`,
      ).toBeGreaterThan(0);
    }
    for (const folder of ['spec', 'signature', 'ecs', 'loaders', 'schema', 'simulator'])
      expect(real, folder).toContain(`src/${folder}`);
    for (const file of ['src/start.ts', 'src/main.ts']) expect(real).toContain(file);
  });
});
