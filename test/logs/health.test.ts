import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallEvent } from '../../src/ecs/caller.js';
import { observedHandler } from '../../src/http/observe.js';
import { type ReadinessAnswer, UpstreamReadiness } from '../../src/http/readiness.js';
import { loggedGateway, post, settle } from './support.js';

function event(fields: Partial<CallEvent>): CallEvent {
  return {
    action: 'DescribeInstances',
    regionId: 'cn-hangzhou',
    attempts: 1,
    durationMs: 3,
    httpStatus: undefined,
    requestId: undefined,
    errorCode: undefined,
    throttled: 0,
    ...fields,
  };
}

function readinessWithClock() {
  const clock = { now: 1_000_000 };
  const probes: number[] = [];
  let finish: () => void = () => {};
  const readiness = new UpstreamReadiness({
    regionId: 'cn-hangzhou',
    failureThreshold: 3,
    freshMs: 30_000,
    probeIntervalMs: 10_000,
    now: () => clock.now,
    probe: () => {
      probes.push(clock.now);
      return new Promise<void>((resolve) => {
        finish = resolve;
      });
    },
  });
  return { clock, probes, readiness, finishProbe: () => finish() };
}

const refused = event({ attempts: 1, errorCode: 'ConnectionRefused' });
const answered = event({ httpStatus: 200, requestId: 'R-1' });

describe('UpstreamReadiness', () => {
  it('ready while nothing is known, probing once in the background, at most once per interval', async () => {
    const { clock, probes, readiness, finishProbe } = readinessWithClock();
    expect(readiness.check()).toEqual({ ready: true });
    expect(readiness.check()).toEqual({ ready: true });
    expect(probes).toEqual([1_000_000]); // one in flight: no second
    finishProbe();
    await settle();
    clock.now += 9_999;
    readiness.check();
    expect(probes).toHaveLength(1); // within the interval
    clock.now += 1;
    readiness.check();
    expect(probes).toEqual([1_000_000, 1_010_000]);
  });

  it('no probe while calls answer: what they tell is fresh', () => {
    const { clock, probes, readiness } = readinessWithClock();
    readiness.observe(answered);
    clock.now += 29_999;
    expect(readiness.check()).toEqual({ ready: true });
    expect(probes).toEqual([]);
  });

  it('unready after the breaker threshold of connection failures in a row; ready at the next answer', () => {
    const { readiness } = readinessWithClock();
    readiness.observe(refused);
    readiness.observe(refused);
    expect(readiness.check()).toEqual({ ready: true });
    readiness.observe(refused);
    expect(readiness.check()).toEqual({
      ready: false,
      reason:
        'ECS unreachable: 3 connection failures in a row (last: ConnectionRefused); calls are refused until it answers again',
    });
    // The breaker's refusals keep it so; a 503 answer is an answer: the endpoint is reachable.
    readiness.observe(event({ errorCode: 'UpstreamUnavailable', attempts: 0 }));
    expect(readiness.check().ready).toBe(false);
    readiness.observe(event({ httpStatus: 503, errorCode: 'ServiceUnavailable' }));
    expect(readiness.check()).toEqual({ ready: true });
  });

  it('counts every attempt of a call that ended failing to connect, as the breaker does', () => {
    const { readiness } = readinessWithClock();
    readiness.observe(event({ ...refused, attempts: 2 }));
    expect(readiness.check()).toEqual({ ready: true });
    readiness.observe(refused);
    expect(readiness.check().ready).toBe(false);
  });

  it('an answer between failures resets the count; other regions and refusals before sending say nothing', () => {
    const { readiness } = readinessWithClock();
    readiness.observe(refused);
    readiness.observe(refused);
    readiness.observe(answered);
    readiness.observe(refused);
    readiness.observe(refused);
    for (let i = 0; i < 5; i += 1) readiness.observe(event({ ...refused, regionId: 'xx-nowhere-1' }));
    readiness.observe(event({ attempts: 0, errorCode: 'InvalidRegionId.Malformed' }));
    expect(readiness.check()).toEqual({ ready: true });
  });

  it('while unready, probes at the interval so that it can recover without traffic', async () => {
    const { clock, probes, readiness, finishProbe } = readinessWithClock();
    for (let i = 0; i < 3; i += 1) readiness.observe(refused);
    expect(readiness.check().ready).toBe(false);
    finishProbe();
    await settle();
    clock.now += 10_000;
    expect(readiness.check().ready).toBe(false);
    expect(probes).toEqual([1_000_000, 1_010_000]);
    readiness.observe(event({ action: 'DescribeRegions', httpStatus: 200 })); // the probe answered
    finishProbe();
    expect(readiness.check()).toEqual({ ready: true });
  });
});

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

async function serve(options: { draining: () => boolean; readiness: () => ReadinessAnswer }) {
  const seen: string[] = [];
  const handler = observedHandler(
    (req, res) => {
      seen.push(String(req.url));
      res.writeHead(401).end('token please');
    },
    { logger: pino({ level: 'silent' }), ...options },
  );
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe('/healthz and /readyz', () => {
  it('answer before the gateway (no token, no CSRF header, no body), and say only their state', async () => {
    let draining = false;
    let ready: ReadinessAnswer = { ready: true };
    const { url, seen } = await serve({ draining: () => draining, readiness: () => ready });
    const get = async (path: string, method = 'GET') => {
      const response = await fetch(`${url}${path}`, { method });
      return {
        status: response.status,
        body: await response.text(),
        type: response.headers.get('content-type'),
      };
    };
    expect(await get('/healthz')).toEqual({
      status: 200,
      body: '{"status":"ok"}',
      type: 'application/json; charset=utf-8',
    });
    expect(await get('/readyz?verbose=1')).toMatchObject({ status: 200, body: '{"status":"ready"}' });
    expect(await get('/readyz', 'HEAD')).toMatchObject({ status: 200, body: '' });
    ready = { ready: false, reason: 'ECS unreachable: 5 connection failures in a row (last: DnsFailure)' };
    expect(await get('/readyz')).toMatchObject({
      status: 503,
      body: '{"status":"unready","reason":"ECS unreachable: 5 connection failures in a row (last: DnsFailure)"}',
    });
    expect(await get('/healthz')).toMatchObject({ status: 200 }); // the process still serves
    draining = true;
    expect(await get('/healthz')).toMatchObject({ status: 503, body: '{"status":"draining"}' });
    expect(await get('/readyz')).toMatchObject({ status: 503, body: '{"status":"draining"}' });
    // Other methods and paths are the gateway's.
    expect(await get('/healthz', 'POST')).toMatchObject({ status: 401 });
    expect(await get('/healthzz')).toMatchObject({ status: 401 });
    expect(seen).toEqual(['/healthz', '/healthzz']);
  });
});

describe('readiness of a running gateway', () => {
  it('ready against the simulator, probing it once however often it is asked', async () => {
    const { url, lines } = await loggedGateway({ LOG_LEVEL: 'debug' });
    for (let i = 0; i < 5; i += 1) expect((await fetch(`${url}/readyz`)).status).toBe(200);
    await settle();
    const calls = lines().filter((line) => line.msg === 'ECS call');
    expect(calls.map((line) => [line.action, line.httpStatus, line.reqId])).toEqual([
      ['DescribeRegions', 200, undefined],
    ]);
  });

  it('503 once the breaker of the default endpoint opens; no token needed', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const { url } = await loggedGateway({
      ECS_ENDPOINT: `http://127.0.0.1:${port}`,
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI5tExampleKeyId1234',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'secret-of-nothing',
      ECS_BREAKER_FAILURES: '2',
      ECS_MAX_ATTEMPTS: '2',
      GATEWAY_TOKEN: 'SECRETgatewayBearerTokenValue',
      GATEWAY_DEBUG: 'true',
    });
    const answer = await post(
      url,
      { query: '{ regions { id } }' },
      { authorization: 'Bearer SECRETgatewayBearerTokenValue' },
    );
    expect(JSON.stringify(answer.json)).toContain('ConnectionRefused');
    expect(answer.json.extensions).toMatchObject({ upstream: { calls: 1 } }); // two attempts, one call
    // Refused by the open breaker, unsent: not counted.
    const refused = await post(
      url,
      { query: '{ regions { id } }' },
      { authorization: 'Bearer SECRETgatewayBearerTokenValue' },
    );
    expect(JSON.stringify(refused.json)).toContain('UPSTREAM_UNAVAILABLE');
    expect(refused.json.extensions).toMatchObject({ upstream: { calls: 0, byAction: {} } });
    const response = await fetch(`${url}/readyz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      status: 'unready',
      reason:
        'ECS unreachable: 2 connection failures in a row (last: ConnectionRefused); calls are refused until it answers again',
    });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });
});
