import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { estate, mutate, snapshotIdsOf } from '../integration/mutations-harness.js';
import { type StreamingGateway, streamingGateway } from '../integration/streaming-harness.js';
import { chromiumAvailable, launchChromium } from './chromium.js';

/**
 * Subscriptions in a real browser, with no WebSocket: an EventSource on the gateway's
 * own origin streams a snapshot to ACCOMPLISHED; GraphiQL runs a subscription; a page of
 * another origin can start none. Debian's chromium, driven by playwright-core.
 */
const available = chromiumAvailable;
const SHOWN = { timeout: 30_000 };
const TEST_TIMEOUT = 90_000;

let browser: Browser;
let h: StreamingGateway;
let other: { server: Server; origin: string };

beforeAll(async () => {
  if (!available) return;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

beforeEach(async () => {
  if (!available) return;
  h = await streamingGateway({ gateway: { graphiql: true } });
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html');
    res.end('<!doctype html><title>another origin</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  other = { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  return async () => {
    await new Promise<void>((resolve) => other.server.close(() => resolve()));
    await h.close();
  };
});

interface Collected {
  readonly events: { type: string; data: string }[];
  readonly errors: number;
}

/** Starts an EventSource in the page; its events and errors are kept on `window.collected`. */
async function startEventSource(page: Page, url: string): Promise<void> {
  await page.evaluate((target) => {
    const collected = { events: [] as { type: string; data: string }[], errors: 0 };
    (window as unknown as { collected: typeof collected }).collected = collected;
    const source = new EventSource(target);
    for (const type of ['next', 'complete'])
      source.addEventListener(type, (event) => {
        collected.events.push({ type, data: (event as MessageEvent<string>).data });
        // EventSource reconnects when a stream ends; a completed subscription is over.
        if (type === 'complete') source.close();
      });
    source.onerror = () => {
      collected.errors += 1;
      source.close();
    };
  }, url);
}

const collected = (page: Page) =>
  page.evaluate(() => (window as unknown as { collected: Collected }).collected);

describe.skipIf(!available)('subscriptions in a browser', () => {
  it(
    "an EventSource on the gateway's own origin streams a snapshot to ACCOMPLISHED, no CSRF header, no WebSocket",
    async () => {
      const { running } = await estate(h);
      const created = await mutate(h, 'createSnapshot', { diskId: running.dataDiskId }, 'snapshot { id }');
      const id = (created.snapshot as { id: string }).id;
      const page = await browser.newPage();
      const sockets: string[] = [];
      page.on('websocket', (socket) => sockets.push(socket.url()));
      await page.goto(`${h.origin}/health`);
      const query = `subscription { snapshotProgress(ids: ["${id}"]) { status progress } }`;
      await startEventSource(page, `/graphql?query=${encodeURIComponent(query)}`);
      let seen = 0;
      for (;;) {
        await page.waitForFunction(
          (count) => (window as unknown as { collected: Collected }).collected.events.length > count,
          seen,
          SHOWN,
        );
        const { events } = await collected(page);
        const last = events[events.length - 1];
        seen = events.length;
        if (last?.type === 'complete') break;
        const snapshot = (
          JSON.parse(last?.data ?? '{}') as { data: { snapshotProgress: { status: string } } }
        ).data.snapshotProgress;
        if (snapshot.status === 'PROGRESSING') h.simulator.advance(5_000);
      }
      const { events, errors } = await collected(page);
      expect(errors).toBe(0);
      const states = events
        .filter((event) => event.type === 'next')
        .map(
          (event) =>
            (JSON.parse(event.data) as { data: { snapshotProgress: unknown } }).data.snapshotProgress,
        );
      expect(states[0]).toEqual({ status: 'PROGRESSING', progress: 0 });
      expect(states.at(-1)).toEqual({ status: 'ACCOMPLISHED', progress: 100 });
      expect(sockets).toEqual([]);
      await page.close();
    },
    TEST_TIMEOUT,
  );

  it(
    'a page of another origin starts no subscription, with EventSource or a no-cors fetch',
    async () => {
      const { running } = await estate(h);
      const created = await mutate(h, 'createSnapshot', { diskId: running.dataDiskId }, 'snapshot { id }');
      const id = (created.snapshot as { id: string }).id;
      const described = h.asked('DescribeSnapshots');
      const page = await browser.newPage();
      // What the gateway's socket received, as the browser sent it.
      const arrived: { origin?: string; site?: string; accept?: string }[] = [];
      h.server.server.on('request', (req) => {
        if (req.url?.startsWith('/graphql?'))
          arrived.push({
            origin: req.headers.origin,
            site: req.headers['sec-fetch-site'] as string | undefined,
            accept: req.headers.accept,
          });
      });
      const statuses: number[] = [];
      page.on('response', (response) => {
        if (response.url().startsWith(h.origin)) statuses.push(response.status());
      });
      await page.goto(other.origin);
      const url = `${h.origin}/graphql?query=${encodeURIComponent(`subscription { snapshotProgress(ids: ["${id}"]) { status } }`)}`;
      await startEventSource(page, url);
      await page.waitForFunction(
        () => (window as unknown as { collected: Collected }).collected.errors > 0,
        null,
        SHOWN,
      );
      const [noCors] = await Promise.all([
        page.waitForResponse((response) => response.request().resourceType() === 'fetch', SHOWN),
        page.evaluate(
          (target) =>
            fetch(target, { mode: 'no-cors', headers: { accept: 'text/event-stream' } }).then(
              () => undefined,
            ),
          url,
        ),
      ]);
      expect((await collected(page)).events).toEqual([]);
      // EventSource sends its Origin (refused); the no-cors fetch none, but Sec-Fetch-Site tells it is not same-origin.
      expect(statuses[0]).toBe(403);
      expect(noCors.status()).toBe(403);
      expect(arrived).toEqual([
        { origin: other.origin, site: 'same-site', accept: 'text/event-stream' },
        { origin: undefined, site: 'same-site', accept: 'text/event-stream' },
      ]);
      expect(h.asked('DescribeSnapshots')).toBe(described);
      await page.close();
    },
    TEST_TIMEOUT,
  );

  it(
    'GraphiQL runs a subscription over SSE and shows its event',
    async () => {
      const { running } = await estate(h);
      const [accomplished] = await snapshotIdsOf(h, running.dataDiskId);
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on('request', (request) => {
        if (request.url().includes('snapshotProgress') || request.postData()?.includes('snapshotProgress'))
          requests.push(`${request.method()} ${new URL(request.url()).pathname} ${request.headers().accept}`);
      });
      await page.goto(`${h.origin}/graphql`);
      const editor = page.locator('.graphiql-query-editor');
      // The editor is ready once it shows the default query; typing earlier races its loading,
      // which would put the default query back over the typed one.
      await editor.filter({ hasText: 'query InstancesDisksSnapshots' }).waitFor(SHOWN);
      await editor.click();
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Delete');
      await page.keyboard.insertText(
        `subscription Watch { snapshotProgress(ids: ["${accomplished}"]) { id status progress } }`,
      );
      await editor.filter({ hasText: 'subscription Watch' }).waitFor(SHOWN);
      await page.getByRole('button', { name: 'Execute query (Ctrl-Enter)' }).click();
      const response = page.locator('.graphiql-response');
      await response.getByText('"ACCOMPLISHED"').first().waitFor(SHOWN);
      expect(await response.textContent()).toContain(`"${accomplished}"`);
      expect(requests).toEqual([expect.stringMatching(/^GET \/graphql text\/event-stream/)]);
      await page.close();
    },
    TEST_TIMEOUT,
  );
});
