/**
 * The README's sample answers, made by the gateway itself: each region between
 * `<!-- readme-sample {options} -->` and `<!-- /readme-sample -->` holds the answer to
 * the GraphQL block just above it, as `npm start` gives it on the default estate.
 * Each sample gets a gateway of its own, started as `npm start` starts it (embedded
 * simulator, default settings plus the sample's `env`), so no sample sees another's
 * cache or counts; the simulator's clock is pinned so the times do not move.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGateway } from '../../src/start.js';
import { loadStartConfig } from '../../src/start-config.js';

/** The instant the samples' simulator starts at: its estate's times are this far back. */
export const SAMPLES_WALL_TIME = Date.UTC(2026, 0, 5, 9, 0, 0);

const OPEN = /^<!-- readme-sample (\{.*\}) -->$/;
const CLOSE = '<!-- /readme-sample -->';
/** Lines of the README the answers are wrapped to: arrays and objects that fit stay on one line. */
const WIDTH = 100;

export interface SampleOptions {
  /** The operation's variables. */
  readonly variables?: Record<string, unknown>;
  /** Settings beside the defaults, as environment variables (`GATEWAY_DEBUG`). */
  readonly env?: Record<string, string>;
}

export interface Sample {
  /** Where the sample's query starts and its answer region ends, as line indexes. */
  readonly openLine: number;
  readonly closeLine: number;
  readonly query: string;
  readonly options: SampleOptions;
}

/** Finds the samples; a marker without a GraphQL block above it, or unclosed, is an error. */
export function findSamples(readme: string): Sample[] {
  const lines = readme.split('\n');
  const samples: Sample[] = [];
  for (let index = 0; index < lines.length; index++) {
    const match = OPEN.exec(lines[index] ?? '');
    if (!match) continue;
    const where = `README line ${index + 1}`;
    const options = parseOptions(match[1] ?? '', where);
    const closeLine = lines.indexOf(CLOSE, index + 1);
    const nextOpen = lines.findIndex((line, at) => at > index && OPEN.test(line));
    if (closeLine === -1 || (nextOpen !== -1 && nextOpen < closeLine))
      throw new Error(`${where}: the sample is not closed by ${CLOSE}`);
    samples.push({ openLine: index, closeLine, query: queryAbove(lines, index, where), options });
    index = closeLine;
  }
  return samples;
}

function parseOptions(text: string, where: string): SampleOptions {
  let options: unknown;
  try {
    options = JSON.parse(text);
  } catch (error) {
    throw new Error(`${where}: the sample's options are not JSON (${(error as Error).message})`);
  }
  const { variables, env, ...rest } = options as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0)
    throw new Error(`${where}: unknown sample option ${unknown.join(', ')}; known: variables, env`);
  const isRecord = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);
  if (variables !== undefined && !isRecord(variables))
    throw new Error(`${where}: the sample option variables must be an object`);
  if (
    env !== undefined &&
    !(isRecord(env) && Object.values(env as object).every((v) => typeof v === 'string'))
  )
    throw new Error(`${where}: the sample option env must map names to strings`);
  return options as SampleOptions;
}

/** The ```graphql block closest above the marker, with nothing but blank lines and prose between. */
function queryAbove(lines: readonly string[], marker: number, where: string): string {
  let end = marker - 1;
  while (end >= 0 && lines[end] !== '```') {
    if (lines[end]?.startsWith('```')) break;
    end--;
  }
  let start = end - 1;
  while (start >= 0 && !lines[start]?.startsWith('```')) start--;
  if (end < 0 || lines[end] !== '```' || start < 0 || lines[start] !== '```graphql')
    throw new Error(`${where}: no \`\`\`graphql block above the sample`);
  return lines.slice(start + 1, end).join('\n');
}

/** Runs one sample against a gateway of its own and returns its answer. */
export async function runSample(sample: Pick<Sample, 'query' | 'options'>): Promise<unknown> {
  // An empty home: no aliyun CLI profile can turn the gateway away from the simulator.
  const home = mkdtempSync(join(tmpdir(), 'readme-samples-'));
  try {
    // Only warnings: the script's output is the README check, not the gateway's request lines.
    const config = loadStartConfig(
      { LOG_LEVEL: 'warn', ...sample.options.env, PORT: '0' },
      { homeDir: home },
    );
    if (!config.simulatorMode) throw new Error('README samples need the embedded simulator');
    const gateway = await startGateway(config, { simulatorWallTime: () => SAMPLES_WALL_TIME });
    try {
      const response = await fetch(gateway.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query: sample.query, variables: sample.options.variables }),
      });
      return await response.json();
    } finally {
      await gateway.close();
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** The README with every sample's answer replaced by what the gateway answers now. */
export async function renderReadmeSamples(readme: string): Promise<string> {
  const lines = readme.split('\n');
  const samples = findSamples(readme);
  // From the last, so earlier line indexes stay valid as answers change length.
  for (const sample of samples.reverse()) {
    const answer = formatJson(await runSample(sample));
    lines.splice(sample.openLine + 1, sample.closeLine - sample.openLine - 1, '```json', answer, '```');
  }
  return lines.join('\n');
}

/** JSON with two-space indents; an array or object whose one-line form fits the width stays on one line. */
export function formatJson(value: unknown, indent = '', lead = 0): string {
  const flat = oneLine(value);
  if (typeof value !== 'object' || value === null || indent.length + lead + flat.length <= WIDTH) return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => `${inner}${formatJson(item, inner)}`).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  const body = entries.map(([key, item]) => {
    const name = `${JSON.stringify(key)}: `;
    return `${inner}${name}${formatJson(item, inner, name.length)}`;
  });
  return `{\n${body.join(',\n')}\n${indent}}`;
}

function oneLine(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(oneLine).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}: ${oneLine(item)}`);
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  return JSON.stringify(value) ?? 'null';
}
