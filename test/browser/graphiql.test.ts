import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listen } from '../gateway/http-client.js';
import { type SimulatedGateway, simulatedGateway } from '../integration/mutations-harness.js';
import { chromiumAvailable, launchChromium } from './chromium.js';

/**
 * GraphiQL in a real browser with no network: every host but loopback is unresolvable
 * and every other request is refused, so the page works only if the gateway serves all
 * of it (script, styles, fonts, editor workers, favicon). It opens on the example query
 * and its variables, Run shows the simulator's instances, the doc explorer reads the
 * schema. Debian's chromium, driven by playwright-core, as in cross-site.test.ts.
 */
const available = chromiumAvailable;

const OUTPUT = 'test-results';
const SCREENSHOT = `${OUTPUT}/graphiql.png`;
// The page inlines 9 MB of assets; a busy CI machine takes seconds to parse it.
const SHOWN = { timeout: 30_000 };
const TEST_TIMEOUT = 90_000;

let browser: Browser;
let h: SimulatedGateway;
let gateway: { port: number; close(): Promise<void> };

beforeAll(async () => {
  if (!available) return;
  browser = await launchChromium([
    // No name resolves but the gateway's address: a CDN reference cannot load.
    '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
  ]);
});
afterAll(async () => {
  await browser?.close();
});

beforeEach(async () => {
  if (!available) return;
  h = await simulatedGateway({ gateway: { graphiql: true } });
  gateway = await listen(h.gateway);
  return async () => {
    await gateway.close();
    await h.close();
  };
});

/** Whether a request stays on this machine: loopback, or a data:/blob: URL of the page's own origin. */
function onLoopback(url: string): boolean {
  if (url.startsWith('data:')) return true;
  const inner = url.startsWith('blob:') ? url.slice('blob:'.length) : url;
  try {
    return new URL(inner).hostname === '127.0.0.1';
  } catch {
    return false;
  }
}

/** A fresh context whose every request leaving loopback is refused, and written down. */
async function offlineContext(): Promise<{ context: BrowserContext; outside: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const outside: string[] = [];
  context.on('request', (request) => {
    if (!onLoopback(request.url())) outside.push(request.url());
  });
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (onLoopback(url)) return route.continue();
    if (!outside.includes(url)) outside.push(url);
    return route.abort('blockedbyclient');
  });
  return { context, outside };
}

/** The text an editor shows (Monaco renders spaces as no-break spaces). */
async function editorText(page: Page, selector: string): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text, a line a line, is what the user reads.
  return (await page.locator(selector).innerText()).replaceAll('\u00a0', ' ');
}

describe.skipIf(!available)('GraphiQL in a browser with no network', () => {
  it(
    'opens on the example query and its variables, runs it, and shows the instances',
    async () => {
      const listed = await h.run<{ instances: { nodes: { id: string }[] } }>(
        '{ instances(page: { size: 5 }) { nodes { id } } }',
      );
      const ids = listed.data?.instances.nodes.map((node) => node.id) ?? [];
      expect(ids.length).toBeGreaterThan(0);
      const describedBefore = h.simulator.stats.calls('DescribeInstances');

      const { context, outside } = await offlineContext();
      const page = await context.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      mkdirSync(OUTPUT, { recursive: true });
      try {
        await page.goto(`http://127.0.0.1:${gateway.port}/graphql`);
        // A page whose assets are elsewhere stays on "Loading …" and never shows an editor.
        const opened = await page
          .locator('.graphiql-query-editor', { hasText: 'query InstancesDisksSnapshots' })
          .waitFor(SHOWN)
          .then(
            () => true,
            () => false,
          );
        expect(outside).toEqual([]);
        expect(opened).toBe(true);

        const query = await editorText(page, '.graphiql-query-editor');
        expect(query).toContain('query InstancesDisksSnapshots($regionId: ID, $instances: Int = 5) {');
        expect(query).not.toContain('Welcome to');
        expect(await editorText(page, '.graphiql-editor-tool')).toMatch(/\{\s*"instances": 5\s*\}/);

        await page.getByRole('button', { name: 'Execute query (Ctrl-Enter)' }).click();
        const response = page.locator('.graphiql-response');
        await response.getByText(`"${ids[0]}"`).first().waitFor(SHOWN);
        const shown = await editorText(page, '.graphiql-response');
        expect(shown).toContain('"data": {');
        expect(shown).toContain('"instances": {');
        expect(shown).not.toContain('"errors"');
        // The one page of instances the Run asked for, through the gateway to the simulator.
        expect(h.simulator.stats.calls('DescribeInstances')).toBe(describedBefore + 1);

        // The doc explorer reads the schema by introspection: the root type and its fields.
        await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
        const docs = page.locator('.graphiql-doc-explorer');
        await docs.getByRole('link', { name: 'Query' }).first().click();
        await docs.getByRole('link', { name: 'instances' }).first().waitFor(SHOWN);

        expect(pageErrors).toEqual([]);
        expect(outside).toEqual([]);
      } finally {
        await page.screenshot({ path: SCREENSHOT }).catch(() => undefined);
        await context.close();
      }
    },
    TEST_TIMEOUT,
  );

  it(
    'opens on the example even when the browser keeps a tab of an earlier visit',
    async () => {
      const { context, outside } = await offlineContext();
      // What an earlier GraphiQL page on this origin left behind: one tab, GraphiQL's welcome comment.
      await context.addInitScript(() => {
        if (sessionStorage.getItem('seeded')) return;
        sessionStorage.setItem('seeded', '1');
        const welcome = '# Welcome to GraphiQL\n#\n# Type queries into this side of the screen.\n';
        localStorage.setItem(
          'graphiql:tabState',
          JSON.stringify({
            activeTabIndex: 0,
            tabs: [
              {
                id: 'earlier',
                title: '<untitled>',
                query: welcome,
                variables: null,
                headers: null,
                operationName: null,
                response: null,
              },
            ],
          }),
        );
        localStorage.setItem('graphiql:query', welcome);
      });
      const page = await context.newPage();
      try {
        await page.goto(`http://127.0.0.1:${gateway.port}/graphql`);
        await page
          .locator('.graphiql-query-editor', { hasText: 'query InstancesDisksSnapshots' })
          .waitFor(SHOWN);
        // The earlier tab is kept; the example's tab is the one shown.
        expect(await page.locator('.graphiql-tab').count()).toBe(2);
        expect(await editorText(page, '.graphiql-query-editor')).not.toContain('Welcome to');
        // Coming back selects the example's tab again, adding none.
        await page.goto(`http://127.0.0.1:${gateway.port}/graphql`);
        await page
          .locator('.graphiql-query-editor', { hasText: 'query InstancesDisksSnapshots' })
          .waitFor(SHOWN);
        expect(await page.locator('.graphiql-tab').count()).toBe(2);
        expect(outside).toEqual([]);
      } finally {
        await context.close();
      }
    },
    TEST_TIMEOUT,
  );
});
