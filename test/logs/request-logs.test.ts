import { describe, expect, it } from 'vitest';
import { LOG_TIME, loggedGateway, post, settle } from './support.js';

const TIME = new Date(LOG_TIME).toISOString();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('structured logs of a request', () => {
  it('a query with an upstream call: the call line and the access line, exact fields, the request id on both', async () => {
    const { url, lines } = await loggedGateway({ LOG_LEVEL: 'debug', GATEWAY_CACHE_TTL_MS: '0' });
    const answer = await post(
      url,
      { query: '{ region(id: "cn-hangzhou") { id } }' },
      { 'x-request-id': 'trace-0001' },
    );
    await settle();
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-request-id')).toBe('trace-0001');
    const mine = lines().filter((line) => line.reqId === 'trace-0001');
    const calls = mine.filter((line) => line.msg === 'ECS call');
    expect(calls).toEqual([
      {
        level: 'debug',
        time: TIME,
        reqId: 'trace-0001',
        action: 'DescribeRegions',
        region: 'cn-hangzhou',
        attempts: 1,
        durationMs: expect.any(Number),
        httpStatus: 200,
        ecsRequestId: expect.stringMatching(/^[0-9A-F-]{36}$/),
        errorCode: null,
        msg: 'ECS call',
      },
    ]);
    expect(mine.filter((line) => line.msg === 'request')).toEqual([
      {
        level: 'info',
        time: TIME,
        reqId: 'trace-0001',
        method: 'POST',
        path: '/graphql',
        status: 200,
        durationMs: expect.any(Number),
        msg: 'request',
      },
    ]);
    // Every line written while serving it carries its id; none has a stack.
    for (const line of lines().filter((line) => line.msg === 'ECS call' || line.msg === 'request'))
      expect(line.reqId).toBe('trace-0001');
    expect(JSON.stringify(lines())).not.toContain('"stack"');
  });

  it('a request without an id, or with one too long or not plain, gets a new UUID, echoed and logged', async () => {
    const { url, lines } = await loggedGateway({ LOG_LEVEL: 'info' });
    const ids: string[] = [];
    for (const header of [undefined, 'x'.repeat(129), 'two words', '{"level":"fatal"}']) {
      const answer = await post(url, { query: '{ __typename }' }, header ? { 'x-request-id': header } : {});
      const id = answer.headers.get('x-request-id') ?? '';
      expect(id).toMatch(UUID);
      ids.push(id);
    }
    await settle();
    expect(new Set(ids).size).toBe(4);
    const access = lines().filter((line) => line.msg === 'request');
    expect(access.map((line) => line.reqId)).toEqual(ids);
    const kept = await post(url, { query: '{ __typename }' }, { 'x-request-id': 'x'.repeat(128) });
    expect(kept.headers.get('x-request-id')).toBe('x'.repeat(128));
  });

  it('concurrent requests keep their own ids on their own call lines', async () => {
    const { url, lines } = await loggedGateway({ LOG_LEVEL: 'debug', GATEWAY_CACHE_TTL_MS: '0' });
    await Promise.all(
      ['cn-hangzhou', 'cn-shanghai', 'cn-beijing'].map((region) =>
        post(
          url,
          { query: `{ instances(regionId: "${region}") { totalCount } }` },
          { 'x-request-id': `req-${region}` },
        ),
      ),
    );
    await settle();
    for (const region of ['cn-hangzhou', 'cn-shanghai', 'cn-beijing']) {
      const calls = lines().filter((line) => line.msg === 'ECS call' && line.action === 'DescribeInstances');
      expect(calls.filter((line) => line.region === region).map((line) => line.reqId)).toEqual([
        `req-${region}`,
      ]);
    }
  });
});

describe('a client error is not a bug (issue 12: regionId "Not A Region!")', () => {
  // Before, the same request wrote, at error and with ANSI colours though stdout was a
  // file: `ERR { name: 'GraphQLError', message: 'The specified parameter "RegionId" is
  // not valid: ...', cause: { name: 'ParamError', stack: ... }, stack: ... }`, and
  // `extensions.upstream.calls` was 1. After: the lines below.
  it('is one info line with the code and path, no stack, no colour, and counts no upstream call', async () => {
    const { url, lines, text } = await loggedGateway({ LOG_LEVEL: 'info', GATEWAY_DEBUG: 'true' });
    const answer = await post(
      url,
      { query: 'query Bad { instances(regionId: "Not A Region!") { totalCount } }', operationName: 'Bad' },
      { 'x-request-id': 'bad-region' },
    );
    await settle();
    expect((answer.json.errors as { extensions: { code: string } }[])[0]?.extensions.code).toBe(
      'InvalidRegionId.Malformed',
    );
    // Refused by the client's parameter check before it was sent: not an upstream call.
    expect(answer.json.extensions).toMatchObject({ upstream: { calls: 0, byAction: {} } });
    const after = lines().filter((line) => line.reqId === 'bad-region');
    expect(after).toEqual([
      {
        level: 'info',
        time: TIME,
        reqId: 'bad-region',
        action: 'DescribeInstances',
        region: 'Not A Region!',
        attempts: 0,
        durationMs: expect.any(Number),
        httpStatus: null,
        ecsRequestId: null,
        errorCode: 'InvalidRegionId.Malformed',
        msg: 'ECS call refused',
      },
      {
        level: 'info',
        time: TIME,
        reqId: 'bad-region',
        operation: 'Bad',
        errors: [
          {
            code: 'InvalidRegionId.Malformed',
            message:
              'The specified parameter "RegionId" is not valid: lowercase letters, digits and hyphens.',
            path: 'instances',
            httpStatus: 400,
          },
        ],
        msg: 'answered with 1 error',
      },
      expect.objectContaining({ level: 'info', msg: 'request', status: 200 }),
    ]);
    expect(text()).not.toContain('\u001b[');
    expect(text()).not.toContain('stack');
    expect(lines().some((line) => line.level === 'error')).toBe(false);
  });

  it('a validation error is an info line; a request that was refused is logged with its code', async () => {
    const { url, lines } = await loggedGateway({ LOG_LEVEL: 'info' });
    await post(url, { query: '{ nope }' }, { 'x-request-id': 'invalid' });
    await settle();
    expect(lines().find((line) => line.reqId === 'invalid' && line.msg !== 'request')).toEqual({
      level: 'info',
      time: TIME,
      reqId: 'invalid',
      operation: null,
      errors: [{ code: 'GRAPHQL_VALIDATION_FAILED', message: 'Cannot query field "nope" on type "Query".' }],
      msg: 'answered with 1 error',
    });
  });

  it('counts the calls that reached ECS beside one refused before sending', async () => {
    const { url } = await loggedGateway({ GATEWAY_DEBUG: 'true', GATEWAY_CACHE_TTL_MS: '0' });
    const answer = await post(url, {
      query:
        '{ a: instances(regionId: "Not A Region!") { totalCount } b: instances(regionId: "cn-hangzhou") { totalCount } }',
    });
    expect(answer.json.data).toEqual({ a: null, b: { totalCount: 6 } });
    expect(answer.json.extensions).toMatchObject({
      upstream: { calls: 1, byAction: { DescribeInstances: 1 } },
    });
  });
});
