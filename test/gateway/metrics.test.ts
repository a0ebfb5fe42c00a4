import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallEvent } from '../../src/ecs/caller.js';
import { GatewayMetrics } from '../../src/metrics/gateway-metrics.js';
import { API_LIMITS, type ApiLimits } from '../../src/spec/limits.js';
import { type RunningGateway, startGateway } from '../../src/start.js';
import { loadStartConfig } from '../../src/start-config.js';
import type { GatewayOptions } from '../../src/yoga.js';
import { forcedFaults } from '../integration/forced-faults.js';
import { estate, type SimulatedGateway, simulatedGateway } from '../integration/mutations-harness.js';

/**
 * The gateway over the real client over HTTP to the simulator on loopback, its
 * metrics wired as start.ts wires them (the client's onCall, the gateway's read cache),
 * scraped at /metrics after known traffic. The client does not wait between retries.
 */
interface Harness extends SimulatedGateway {
  readonly metrics: GatewayMetrics;
  readonly faults: ReturnType<typeof forcedFaults>;
  scrape(headers?: Record<string, string>): Promise<Response>;
}

const open: Harness[] = [];
afterEach(async () => {
  for (const harness of open.splice(0)) await harness.close();
});

async function harness(
  options: { gateway?: Partial<GatewayOptions>; breakerFailures?: number; limits?: ApiLimits } = {},
): Promise<Harness> {
  // As start.ts builds them: the configured region is always a label value.
  const metrics = new GatewayMetrics({ regions: ['cn-hangzhou'] });
  const faults = forcedFaults();
  const simulated = await simulatedGateway({
    gateway: { metrics, ...options.gateway },
    wrapCaller: faults.wrapCaller,
    onCall: metrics.onCall,
    ...(options.breakerFailures === undefined ? {} : { breakerFailures: options.breakerFailures }),
    ...(options.limits === undefined ? {} : { limits: options.limits }),
  });
  const h: Harness = {
    ...simulated,
    metrics,
    faults,
    scrape: async (headers = {}) => simulated.gateway.fetch('http://localhost/metrics', { headers }),
  };
  open.push(h);
  return h;
}

/** The exposition's samples, as `name{label="value",...}` (labels sorted) → value. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not an exposition line: ${line}`);
    const [, name, labelText = '', value] = match;
    const labels = [...labelText.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)]
      .map(([, key, val]) => `${key}="${val}"`)
      .sort();
    out.set(`${name}{${labels.join(',')}}`, Number(value));
  }
  return out;
}

/** One sample's value, 0 when the series does not exist (a counter never incremented). */
function sample(all: Map<string, number>, name: string, labels: Record<string, string> = {}): number {
  const key = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .sort()
    .join(',');
  return all.get(`${name}{${key}}`) ?? 0;
}

/** Every sample of a metric, as `label=value,...` → value (for exact comparisons). */
function series(all: Map<string, number>, name: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of all) {
    const open = key.indexOf('{');
    if (key.slice(0, open) !== name) continue;
    out[key.slice(open + 1, -1).replaceAll('"', '')] = value;
  }
  return out;
}

async function scraped(h: Harness): Promise<Map<string, number>> {
  const response = await h.scrape();
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  return samples(await response.text());
}

const FLEET = 'query Fleet { instances(regionId: "cn-hangzhou") { nodes { id status } } }';

describe('/metrics after known traffic', () => {
  it('counts operations by name and outcome, and upstream calls by action, region, outcome and code', async () => {
    const h = await harness();
    // 1. A query that succeeds: one DescribeInstances.
    expect((await h.run(FLEET)).errors).toBeUndefined();
    // 2. A query with a GraphQL error: a region that is not one, refused by the client unsent.
    const bad = await h.run('query BadRegion { instances(regionId: "Not A Region!") { nodes { id } } }');
    expect(bad.errors).toHaveLength(1);
    // 3. A query whose upstream call fails: ECS throttles every attempt (4, then it gives up).
    h.faults.force('DescribeInstances', { throttlingRate: 1 });
    const throttled = await h.run('query Throttled { instances(regionId: "cn-shanghai") { nodes { id } } }');
    expect(throttled.errors).toHaveLength(1);
    // 4. An unnamed query that succeeds; 5. a document that does not parse.
    expect((await h.run('{ instances(regionId: "cn-beijing") { pageNumber } }')).errors).toBeUndefined();
    expect((await h.run('query Broken {')).errors).toHaveLength(1);

    expect(h.calls.map((call) => `${call.action} ${call.regionId} ${call.errorCode ?? 'ok'}`)).toEqual([
      'DescribeInstances cn-hangzhou ok',
      'DescribeInstances Not A Region! InvalidRegionId.Malformed',
      'DescribeInstances cn-shanghai Throttling',
      'DescribeInstances cn-beijing ok',
    ]);

    const all = await scraped(h);
    expect(series(all, 'graphql_envelop_request')).toEqual({
      'operationName=Fleet,operationType=query,outcome=ok': 1,
      'operationName=BadRegion,operationType=query,outcome=error': 1,
      'operationName=Throttled,operationType=query,outcome=error': 1,
      'operationName=Anonymous,operationType=query,outcome=ok': 1,
    });
    expect(
      sample(all, 'graphql_envelop_request_duration_count', {
        operationName: 'Fleet',
        operationType: 'query',
        outcome: 'ok',
      }),
    ).toBe(1);
    expect(
      sample(all, 'graphql_envelop_request_duration_count', {
        operationName: 'Throttled',
        operationType: 'query',
        outcome: 'error',
      }),
    ).toBe(1);
    expect(series(all, 'graphql_envelop_error_result')).toEqual({
      'operationName=BadRegion,operationType=query,phase=execute': 1,
      'operationName=Throttled,operationType=query,phase=execute': 1,
      'operationName=unknown,operationType=unknown,phase=parse': 1,
    });

    expect(series(all, 'ecs_calls_total')).toEqual({
      'action=DescribeInstances,error_code=,outcome=ok,region=cn-hangzhou': 1,
      // The client's text is no label value: the malformed region is `other`.
      'action=DescribeInstances,error_code=InvalidRegionId.Malformed,outcome=refused,region=other': 1,
      'action=DescribeInstances,error_code=Throttling,outcome=error,region=cn-shanghai': 1,
      'action=DescribeInstances,error_code=,outcome=ok,region=cn-beijing': 1,
    });
    expect(
      sample(all, 'ecs_call_duration_seconds_count', { action: 'DescribeInstances', outcome: 'ok' }),
    ).toBe(2);
    expect(
      sample(all, 'ecs_call_duration_seconds_count', { action: 'DescribeInstances', outcome: 'error' }),
    ).toBe(1);
    // Refused unsent: no latency.
    expect(
      sample(all, 'ecs_call_duration_seconds_count', { action: 'DescribeInstances', outcome: 'refused' }),
    ).toBe(0);
    expect(series(all, 'ecs_call_retries_total')).toEqual({ 'action=DescribeInstances': 3 });
    expect(series(all, 'ecs_throttled_attempts_total')).toEqual({
      'action=DescribeInstances,region=cn-shanghai': 4,
    });
    expect(series(all, 'ecs_breaker_refusals_total')).toEqual({});
    // The cache is off in this gateway: no lookups, no store.
    expect(series(all, 'gateway_read_cache_lookups_total')).toEqual({});
  });

  it('counts a dry run whose checks passed as outcome dry_run, and one ECS refused as the error it is', async () => {
    const h = await harness({ limits: API_LIMITS.current });
    const { stopped, running } = await estate(h);
    const start = (id: string) =>
      h.run<{ startInstance: { __typename: string } }>(
        `mutation Start($id: ID!) { startInstance(input: { instanceId: $id, dryRun: true }) { __typename } }`,
        { id },
      );
    expect((await start(stopped.id)).data?.startInstance.__typename).toBe('DryRunPassed');
    expect((await start(running.id)).data?.startInstance.__typename).toBe('EcsIncorrectStateError');
    expect(h.calls.filter((call) => call.action === 'StartInstance').map((call) => call.errorCode)).toEqual([
      'DryRunOperation',
      'IncorrectInstanceStatus',
    ]);
    const all = await scraped(h);
    const starts = Object.fromEntries(
      Object.entries(series(all, 'ecs_calls_total')).filter(([key]) =>
        key.startsWith('action=StartInstance,'),
      ),
    );
    expect(starts).toEqual({
      'action=StartInstance,error_code=,outcome=dry_run,region=cn-hangzhou': 1,
      'action=StartInstance,error_code=IncorrectInstanceStatus,outcome=error,region=cn-hangzhou': 1,
    });
    expect(
      sample(all, 'ecs_call_duration_seconds_count', { action: 'StartInstance', outcome: 'dry_run' }),
    ).toBe(1);
  });

  it('counts the calls the open breaker refused, sent or not', async () => {
    const h = await harness({ breakerFailures: 1 });
    // Dropped connections: the first failure opens the breaker, the retry is refused unsent.
    h.faults.force('DescribeInstances', { dropRate: 1 });
    expect((await h.run(FLEET)).errors).toHaveLength(1);
    // The breaker is open: the next call is refused before it is sent.
    expect(
      (await h.run('query Again { instances(regionId: "cn-hangzhou") { nodes { id } } }')).errors,
    ).toHaveLength(1);
    expect(h.calls.map((call) => [call.errorCode, call.attempts])).toEqual([
      ['UpstreamUnavailable', 1],
      ['UpstreamUnavailable', 0],
    ]);
    const all = await scraped(h);
    expect(series(all, 'ecs_calls_total')).toEqual({
      'action=DescribeInstances,error_code=UpstreamUnavailable,outcome=error,region=cn-hangzhou': 1,
      'action=DescribeInstances,error_code=UpstreamUnavailable,outcome=refused,region=cn-hangzhou': 1,
    });
    expect(series(all, 'ecs_breaker_refusals_total')).toEqual({
      'action=DescribeInstances,region=cn-hangzhou': 2,
    });
    // The refused call was never sent: no latency of it.
    expect(
      sample(all, 'ecs_call_duration_seconds_count', { action: 'DescribeInstances', outcome: 'error' }),
    ).toBe(1);
    expect(
      sample(all, 'ecs_call_duration_seconds_count', { action: 'DescribeInstances', outcome: 'refused' }),
    ).toBe(0);
  });

  it('counts the shared read cache: a miss, then hits, and coalesced joins of a call in flight', async () => {
    const h = await harness({ gateway: { cache: { ttlMs: 60_000 } } });
    // Two requests at once: one call, the other joins it.
    const gate = h.faults.gate('DescribeInstances');
    const both = Promise.all([h.run(FLEET), h.run(FLEET)]);
    await gate.reached;
    // Event-loop turns (not time) for the second request to reach the cache and join.
    for (let turn = 0; turn < 100; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    gate.release();
    for (const result of await both) expect(result.errors).toBeUndefined();
    // Then twice more from the store.
    expect((await h.run(FLEET)).errors).toBeUndefined();
    expect((await h.run(FLEET)).errors).toBeUndefined();

    expect(h.calls.map((call) => call.action)).toEqual(['DescribeInstances']);
    const all = await scraped(h);
    expect(series(all, 'gateway_read_cache_lookups_total')).toEqual({
      'action=DescribeInstances,outcome=miss': 1,
      'action=DescribeInstances,outcome=coalesced': 1,
      'action=DescribeInstances,outcome=hit': 2,
    });
    expect(sample(all, 'gateway_read_cache_entries')).toBe(1);
    expect(sample(all, 'gateway_read_cache_bytes')).toBeGreaterThan(100);
    expect(series(all, 'ecs_calls_total')).toEqual({
      'action=DescribeInstances,error_code=,outcome=ok,region=cn-hangzhou': 1,
    });
    expect(series(all, 'graphql_envelop_request')).toEqual({
      'operationName=Fleet,operationType=query,outcome=ok': 4,
    });
  });
});

describe('/metrics: who may read it, and its bounds', () => {
  it('asks for the gateway token as /graphql does, and answers GET only', async () => {
    const token = 'a-metrics-reader-token-0123';
    const h = await harness({ gateway: { token } });
    const refused = await h.scrape();
    expect(refused.status).toBe(401);
    expect(await refused.text()).not.toContain('ecs_calls_total');
    expect((await h.scrape({ authorization: 'Bearer not-the-gateway-token' })).status).toBe(401);
    const allowed = await h.scrape({ authorization: `Bearer ${token}` });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('cache-control')).toBe('no-store');
    expect(await allowed.text()).toContain('# TYPE ecs_calls_total counter');
    const post = await h.gateway.fetch('http://localhost/metrics', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('refuses a Host that is not the gateway (DNS rebinding), as /graphql does', async () => {
    const h = await harness();
    const response = await h.gateway.fetch('http://localhost/metrics', { headers: { host: 'evil.example' } });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('HOST_NOT_ALLOWED');
  });

  it('is not served when the gateway is built without metrics', async () => {
    const h = await harness({ gateway: { metrics: undefined } });
    expect((await h.scrape()).status).toBe(404);
  });

  it('keeps two gateways apart: each registry counts only its own traffic', async () => {
    const one = await harness();
    const two = await harness();
    expect((await one.run(FLEET)).errors).toBeUndefined();
    expect((await one.run(FLEET)).errors).toBeUndefined();
    expect(series(await scraped(one), 'graphql_envelop_request')).toEqual({
      'operationName=Fleet,operationType=query,outcome=ok': 2,
    });
    expect(series(await scraped(two), 'graphql_envelop_request')).toEqual({});
  });

  it('bounds operation names: past the first 200 they are `other`; a foreign operationName is no label', async () => {
    const h = await harness();
    const query = 'query Q { instances(regionId: "cn-hangzhou") { pageNumber } }';
    for (let n = 0; n < 205; n += 1) {
      const response = await h.gateway.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: query.replace('query Q', `query Op${n}`) }),
      });
      expect(response.status).toBe(200);
    }
    // An operationName that names no operation of the document, and is not a name.
    const unknown = await h.gateway.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, operationName: 'id-123 <script>' }),
    });
    expect(unknown.status).toBe(400);
    const scrape = await scraped(h);
    // Not 'script' alone: gateway_subscriptions_open holds that word.
    expect(JSON.stringify([...scrape.keys()])).not.toMatch(/id-123|<script/);
    const all = series(scrape, 'graphql_envelop_request');
    expect(Object.keys(all)).toHaveLength(201);
    expect(all['operationName=Op199,operationType=query,outcome=ok']).toBe(1);
    expect(all['operationName=other,operationType=query,outcome=ok']).toBe(5);
  });
});

describe('GatewayMetrics labels', () => {
  const event = (fields: Partial<CallEvent>): CallEvent => ({
    action: 'DescribeInstances',
    regionId: 'cn-hangzhou',
    attempts: 1,
    durationMs: 12,
    httpStatus: 400,
    requestId: 'req-1',
    errorCode: undefined,
    throttled: 0,
    ...fields,
  });

  it('keeps actions to the declared ones, and error codes well formed and few', async () => {
    const metrics = new GatewayMetrics();
    metrics.onCall(event({ action: 'NotAnAction' }));
    metrics.onCall(event({ errorCode: 'Invalid <script>' }));
    for (let n = 0; n < 205; n += 1) metrics.onCall(event({ errorCode: `Made.Up${n}` }));
    metrics.onCall(event({ errorCode: 'Timeout' }));
    const all = series(samples((await metrics.render()).body), 'ecs_calls_total');
    expect(all['action=other,error_code=,outcome=ok,region=cn-hangzhou']).toBe(1);
    // The malformed code and the codes past the first 200 share `other`; a transport code is always itself.
    expect(all['action=DescribeInstances,error_code=other,outcome=error,region=cn-hangzhou']).toBe(6);
    expect(all['action=DescribeInstances,error_code=Made.Up199,outcome=error,region=cn-hangzhou']).toBe(1);
    expect(all['action=DescribeInstances,error_code=Timeout,outcome=error,region=cn-hangzhou']).toBe(1);
    expect(Object.keys(all)).toHaveLength(203);
  });

  it('takes a region once ECS answered there, so regions a client invents cannot push real ones out', async () => {
    const metrics = new GatewayMetrics({ regions: ['cn-hangzhou'] });
    for (let n = 0; n < 70; n += 1) {
      // Refused unsent, or answered "no such region": never a label value.
      metrics.onCall(event({ regionId: `xx-fake${n}`, attempts: 0, httpStatus: undefined, errorCode: 'X' }));
      metrics.onCall(event({ regionId: `yy-fake${n}`, errorCode: 'InvalidRegionId.NotFound' }));
    }
    metrics.onCall(event({ regionId: 'cn-shanghai', httpStatus: 200 }));
    metrics.onCall(event({ regionId: 'cn-beijing', httpStatus: undefined, errorCode: 'ConnectionReset' }));
    metrics.onCall(event({ regionId: 'cn-hangzhou', httpStatus: undefined, errorCode: 'ConnectionReset' }));
    const all = series(samples((await metrics.render()).body), 'ecs_calls_total');
    expect(all).toEqual({
      'action=DescribeInstances,error_code=X,outcome=refused,region=other': 70,
      'action=DescribeInstances,error_code=InvalidRegionId.NotFound,outcome=error,region=other': 70,
      'action=DescribeInstances,error_code=,outcome=ok,region=cn-shanghai': 1,
      // Never answered yet: `other`; the configured region is always itself.
      'action=DescribeInstances,error_code=ConnectionReset,outcome=error,region=other': 1,
      'action=DescribeInstances,error_code=ConnectionReset,outcome=error,region=cn-hangzhou': 1,
    });
  });
});

describe('/metrics of the started gateway (as npm start runs it)', () => {
  const started: RunningGateway[] = [];
  afterEach(async () => {
    for (const gateway of started.splice(0)) await gateway.close();
  });
  const start = async (env: Record<string, string>) => {
    const config = loadStartConfig(
      { PORT: '0', SIMULATOR_TRANSITIONS: 'immediate', ...env },
      { homeDir: mkdtempSync(join(tmpdir(), 'gateway-home-')) },
    );
    const gateway = await startGateway(config);
    started.push(gateway);
    return { gateway, metricsUrl: gateway.graphqlUrl.replace(/\/graphql$/, '/metrics') };
  };

  it('records the client calls and the shared cache of the configured gateway', async () => {
    // A TTL no test run outlasts: the second request is a hit whatever the machine's load.
    const { gateway, metricsUrl } = await start({ GATEWAY_CACHE_TTL_MS: '3600000' });
    for (let n = 0; n < 2; n += 1) {
      const response = await fetch(gateway.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: FLEET }),
      });
      expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();
    }
    const response = await fetch(metricsUrl);
    expect(response.status).toBe(200);
    const all = samples(await response.text());
    // The second request is answered from the cache (on by default).
    expect(series(all, 'ecs_calls_total')).toEqual({
      'action=DescribeInstances,error_code=,outcome=ok,region=cn-hangzhou': 1,
    });
    expect(series(all, 'gateway_read_cache_lookups_total')).toEqual({
      'action=DescribeInstances,outcome=miss': 1,
      'action=DescribeInstances,outcome=hit': 1,
    });
    expect(sample(all, 'gateway_read_cache_entries')).toBe(1);
  });

  it('serves no /metrics with GATEWAY_METRICS=false', async () => {
    const { metricsUrl } = await start({ GATEWAY_METRICS: 'false' });
    expect((await fetch(metricsUrl)).status).toBe(404);
  });
});
