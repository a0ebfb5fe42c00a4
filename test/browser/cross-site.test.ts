import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listen } from '../gateway/http-client.js';
import { estate, type SimulatedGateway, simulatedGateway } from '../integration/mutations-harness.js';
import { chromiumAvailable, launchChromium } from './chromium.js';

/**
 * A real browser against a gateway on loopback with the defaults (127.0.0.1, no token):
 * a page of another origin can neither act through it nor read from it, while a page
 * of the gateway's own origin (GraphiQL's) still can. Debian's chromium, driven by
 * playwright-core; `.ci/run` installs it. Without it a developer's `npm test` skips
 * these, CI never does.
 */
const available = chromiumAvailable;

let browser: Browser;
let h: SimulatedGateway;
let gateway: { port: number; close(): Promise<void> };
let evil: { server: Server; origin: string; page: string };
let runningId: string;

const stopMutation = (id: string) =>
  `mutation { stopInstance(input: { instanceId: "${id}" }) { __typename } }`;

/** The other origin's page: a form posted without a preflight, and a script that fetches JSON. */
function evilPage(target: string, id: string): string {
  const mutation = stopMutation(id).replaceAll('"', '&quot;');
  return `<!doctype html><html><body>
<iframe name="sink"></iframe>
<form id="plain" method="POST" action="${target}" enctype="text/plain" target="sink">
  <input name='{"query":"${mutation.replaceAll('&quot;', '\\&quot;')}","x":"' value='"}'>
</form>
<form id="urlencoded" method="POST" action="${target}" target="sink">
  <input name="query" value="${mutation}">
</form>
</body></html>`;
}

beforeAll(async () => {
  if (!available) return;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

beforeEach(async () => {
  if (!available) return;
  h = await simulatedGateway();
  runningId = (await estate(h)).running.id;
  gateway = await listen(h.gateway);
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html');
    res.end(evil.page);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  evil = { server, origin, page: evilPage(`http://127.0.0.1:${gateway.port}/graphql`, runningId) };
  return async () => {
    await new Promise<void>((resolve) => evil.server.close(() => resolve()));
    await gateway.close();
    await h.close();
  };
});

const stopCalls = () => h.simulator.stats.calls('StopInstance');

async function status(): Promise<string | undefined> {
  const response = await h.run<{ instance: { status: string } }>(
    `query { instance(id: "${runningId}") { status } }`,
  );
  return response.data?.instance.status;
}

describe.skipIf(!available)('a real browser', () => {
  it('a page of another origin cannot stop an instance with a form post, nor read the answer of a fetch', async () => {
    const page = await browser.newPage();
    const refused: number[] = [];
    page.on('response', (response) => {
      if (response.url().includes('/graphql')) refused.push(response.status());
    });
    await page.goto(`${evil.origin}/`);
    for (const form of ['plain', 'urlencoded']) {
      const answered = page.waitForResponse((response) => response.url().includes('/graphql'));
      await page.evaluate((id) => (document.getElementById(id) as HTMLFormElement).submit(), form);
      await answered;
    }
    const read = await page.evaluate(
      async ({ url, query }) => {
        try {
          const response = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ query }),
          });
          return `read ${response.status}`;
        } catch (error) {
          return `refused: ${(error as Error).name}`;
        }
      },
      { url: `http://127.0.0.1:${gateway.port}/graphql`, query: stopMutation(runningId) },
    );
    await page.close();

    expect(refused).toEqual([403, 403]);
    expect(read).toBe('refused: TypeError');
    expect(stopCalls()).toBe(0);
    expect(await status()).toBe('RUNNING');
  });

  it('a page of the gateway’s own origin (GraphiQL’s) still acts', async () => {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${gateway.port}/graphql`);
    const answer = await page.evaluate(async (query) => {
      const response = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      });
      return { status: response.status, body: await response.json() };
    }, stopMutation(runningId));
    await page.close();

    expect(answer).toEqual({
      status: 200,
      body: { data: { stopInstance: { __typename: 'StopInstancePayload' } } },
    });
    expect(stopCalls()).toBe(1);
    expect(await status()).toBe('STOPPING');
  });
});
