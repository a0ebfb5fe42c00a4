import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findSamples, formatJson, renderReadmeSamples } from '../../scripts/lib/readme-samples.js';
import { DEFAULT_ESTATE } from '../../src/simulator/seed.js';
import { loadSimulatorSettings } from '../../src/simulator/settings.js';

/**
 * The README's sample answers are the gateway's: `npm run readme:samples` writes them
 * from the default estate, and this fails when they drift from what it would write.
 */

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

describe("the README's sample answers", () => {
  it('are what the gateway answers on the default estate (npm run readme:samples)', async () => {
    const readme = read('README.md');
    const operations = findSamples(readme).map((sample) =>
      /^(?:query|mutation)\b ?\w*/m.exec(sample.query)?.[0].trim(),
    );
    expect(operations).toEqual([
      'query RegionsAndZones',
      'query InstancesDisksSnapshots',
      'mutation',
      'query DefaultEstate',
    ]);
    const rendered = await renderReadmeSamples(readme);
    // Compared line by line first, so a failure shows where the README drifted.
    expect(readme.split('\n')).toEqual(rendered.split('\n'));
    expect(readme).toBe(rendered);
  });

  it('puts back an answer edited by hand', async () => {
    const sample = [
      '```graphql',
      '{ instances(regionId: "cn-beijing", page: { size: 1 }) { totalCount nodes { status } } }',
      '```',
      '',
      'Its answer:',
      '<!-- readme-sample {} -->',
      '```json',
      '{ "data": { "instances": { "totalCount": 4, "nodes": [{ "status": "RUNNING" }] } } }',
      '```',
      '<!-- /readme-sample -->',
      '',
    ].join('\n');
    const rendered = await renderReadmeSamples(sample);
    expect(rendered).toBe(
      sample.replace(
        '{ "data": { "instances": { "totalCount": 4, "nodes": [{ "status": "RUNNING" }] } } }',
        '{ "data": { "instances": { "totalCount": 6, "nodes": [{ "status": "STOPPED" }] } } }',
      ),
    );
  });

  it('describe the default estate as DEFAULT_ESTATE declares it, which npm start serves', () => {
    const { seed, regions, instancesPerRegion, disksPerInstance, snapshotsPerDisk } = DEFAULT_ESTATE;
    const config = loadSimulatorSettings({});
    expect(config).toMatchObject({ seed, regions, instancesPerRegion, disksPerInstance, snapshotsPerDisk });
    const text = read('README.md').replace(/\s+/g, ' ');
    const named = `${regions.slice(0, -1).join(', ')} and ${regions.at(-1)}`;
    expect(text).toContain(
      `seed, from seed \`${seed}\`, the regions ${named}, each with ${instancesPerRegion} instances × ${disksPerInstance} disks × ${snapshotsPerDisk} snapshots`,
    );
  });

  it('show the example GraphiQL opens on as examples/ holds it', () => {
    const example = read('examples/instances-disks-snapshots.graphql')
      .split('\n')
      .filter((line) => !line.startsWith('#'))
      .join('\n');
    expect(read('README.md')).toContain(`\`\`\`graphql\n${example.trim()}\n\`\`\``);
  });
});

describe('the sample markers', () => {
  const query = '```graphql\n{ regions { id } }\n```\n';
  it('name the README line of a sample without a GraphQL block above it', () => {
    expect(() => findSamples('text\n<!-- readme-sample {} -->\n<!-- /readme-sample -->')).toThrow(
      'README line 2: no ```graphql block above the sample',
    );
    expect(() => findSamples('```sh\nls\n```\n<!-- readme-sample {} -->\n<!-- /readme-sample -->')).toThrow(
      'README line 4: no ```graphql block above the sample',
    );
  });
  it('refuse an unclosed sample, bad options and unknown options', () => {
    expect(() => findSamples(`${query}<!-- readme-sample {} -->\n`)).toThrow(
      'README line 4: the sample is not closed by <!-- /readme-sample -->',
    );
    expect(() => findSamples(`${query}<!-- readme-sample {"vars":{}} -->\n<!-- /readme-sample -->`)).toThrow(
      'README line 4: unknown sample option vars; known: variables, env',
    );
    expect(() =>
      findSamples(`${query}<!-- readme-sample {"env":{"PORT":1}} -->\n<!-- /readme-sample -->`),
    ).toThrow('README line 4: the sample option env must map names to strings');
  });
  it('take the query and options of each sample', () => {
    const [sample] = findSamples(
      `${query}\nprose\n<!-- readme-sample {"variables":{"n":2}} -->\nold\n<!-- /readme-sample -->`,
    );
    expect(sample).toEqual({
      openLine: 5,
      closeLine: 7,
      query: '{ regions { id } }',
      options: { variables: { n: 2 } },
    });
  });
});

describe('formatJson', () => {
  it('keeps what fits a line on one line and breaks the rest, two spaces an indent', () => {
    expect(formatJson({ a: [1, 2], b: { c: 'x' }, d: [], e: {} })).toBe(
      '{ "a": [1, 2], "b": { "c": "x" }, "d": [], "e": {} }',
    );
    const long = { list: Array.from({ length: 12 }, (_, index) => `item-${index}`), n: null };
    const items = long.list.map((item) => `    "${item}"`).join(',\n');
    expect(formatJson(long)).toBe(`{\n  "list": [\n${items}\n  ],\n  "n": null\n}`);
    expect(JSON.parse(formatJson(long))).toEqual(long);
  });
});
