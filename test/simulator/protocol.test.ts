import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatTimestamp } from '../../src/signature/v1.js';
import { API_LIMITS } from '../../src/spec/limits.js';
import {
  ACCESS_KEY_ID,
  type Answer,
  getRaw,
  getV1,
  type Harness,
  postV1,
  publicParams,
  START,
  signV1,
  startHarness,
  xmlError,
} from './support.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.server.close();
});

function jsonError(answer: Answer) {
  expect(answer.contentType).toBe('application/json;charset=utf-8');
  const body = JSON.parse(answer.body) as Record<string, string>;
  expect(Object.keys(body)).toEqual(['RequestId', 'HostId', 'Code', 'Message']);
  return body;
}

const missingMessage = (name: string) =>
  `The input parameter "${name}" that is mandatory for processing this request is not supplied.`;

describe('public parameters, in the documented order', () => {
  const required = [
    ['Action', 'Action'],
    ['AccessKeyId', 'AccessKeyId'],
    ['Timestamp', 'TimeStamp'],
    ['Version', 'Version'],
    ['SignatureMethod', 'SignatureMethod'],
    ['SignatureVersion', 'SignatureVersion'],
    ['SignatureNonce', 'SignatureNonce'],
  ] as const;

  for (const [param, reported] of required) {
    it(`answers MissingParameter for a missing ${param}, in XML and JSON`, async () => {
      const xml = await getV1(h.server, publicParams('DescribeRegions', { [param]: undefined }));
      expect(xml.status).toBe(400);
      expect(xml.contentType).toBe('text/xml;charset=utf-8');
      expect(xmlError(xml.body)).toMatchObject({
        code: 'MissingParameter',
        message: missingMessage(reported),
      });

      const json = await getV1(
        h.server,
        publicParams('DescribeRegions', { [param]: undefined, Format: 'JSON' }),
      );
      expect(json.status).toBe(400);
      expect(jsonError(json)).toMatchObject({ Code: 'MissingParameter', Message: missingMessage(reported) });
    });
  }

  it('answers MissingParameter for a missing Signature with the reference wording', async () => {
    const query = new URLSearchParams(publicParams('DescribeRegions', { Format: 'JSON' })).toString();
    const json = await getRaw(h.server, query);
    expect(json.status).toBe(400);
    expect(jsonError(json)).toMatchObject({
      Code: 'MissingParameter',
      Message: 'An input parameter "Signature" that is mandatory for processing the request is not supplied.',
    });
  });

  it('reports Action before AccessKeyId when both are missing, and nothing reaches the backend', async () => {
    const answer = await getV1(
      h.server,
      publicParams('DescribeRegions', { Action: undefined, AccessKeyId: undefined }),
    );
    expect(xmlError(answer.body).message).toBe(missingMessage('Action'));
    expect(h.backend.calls).toEqual([]);
  });

  it('answers InvalidParameter "Action or Version" for an undeclared action or another version', async () => {
    for (const params of [
      publicParams('DescribeNothing'),
      publicParams('DescribeRegions', { Version: '2016-03-14' }),
    ]) {
      const answer = await getV1(h.server, params);
      expect(answer.status).toBe(400);
      expect(xmlError(answer.body)).toMatchObject({
        code: 'InvalidParameter',
        message: 'The specified parameter "Action or Version" is not valid.',
      });
    }
  });

  it('answers InvalidAccessKeyId.NotFound for an unknown AccessKeyId', async () => {
    const answer = await getV1(
      h.server,
      publicParams('DescribeRegions', { AccessKeyId: 'stranger', Format: 'JSON' }),
    );
    expect(answer.status).toBe(400);
    expect(jsonError(answer)).toMatchObject({
      Code: 'InvalidAccessKeyId.NotFound',
      Message: 'The Access Key ID provided does not exist in our records.',
    });
  });

  it('answers InvalidParameter naming SignatureMethod or SignatureVersion when they are not HMAC-SHA1 / 1.0', async () => {
    const method = await getV1(h.server, publicParams('DescribeRegions', { SignatureMethod: 'HMAC-SHA256' }));
    expect(method.status).toBe(400);
    expect(xmlError(method.body).code).toBe('InvalidParameter');
    expect(xmlError(method.body).message).toContain('"SignatureMethod"');
    const version = await getV1(h.server, publicParams('DescribeRegions', { SignatureVersion: '2.0' }));
    expect(xmlError(version.body).code).toBe('InvalidParameter');
    expect(xmlError(version.body).message).toContain('"SignatureVersion"');
  });

  it('answers IllegalTimestamp for a malformed, stale or future timestamp, and accepts the window edge', async () => {
    const malformed = await getV1(
      h.server,
      publicParams('DescribeRegions', { Timestamp: '2024-01-02 03:04:05' }),
    );
    expect(xmlError(malformed.body).code).toBe('IllegalTimestamp');
    const impossible = await getV1(
      h.server,
      publicParams('DescribeRegions', { Timestamp: '2024-02-30T00:00:00Z' }),
    );
    expect(xmlError(impossible.body).code).toBe('IllegalTimestamp');

    h.now = new Date(START.getTime() + 15 * 60_000 + 1000);
    const stale = await getV1(h.server, publicParams('DescribeRegions'));
    expect(stale.status).toBe(400);
    expect(xmlError(stale.body).code).toBe('IllegalTimestamp');
    expect(xmlError(stale.body).message).toContain('within 15 minutes');

    h.now = new Date(START.getTime() - 15 * 60_000 - 1000);
    expect(xmlError((await getV1(h.server, publicParams('DescribeRegions'))).body).code).toBe(
      'IllegalTimestamp',
    );

    h.now = new Date(START.getTime() + 15 * 60_000);
    expect((await getV1(h.server, publicParams('DescribeRegions'))).status).toBe(200);
  });

  it('honours a configured timestamp window', async () => {
    const wide = await startHarness({ timestampWindowMs: 60 * 60_000 });
    try {
      wide.now = new Date(START.getTime() + 59 * 60_000);
      expect((await getV1(wide.server, publicParams('DescribeRegions'))).status).toBe(200);
    } finally {
      await wide.server.close();
    }
  });

  it('accepts the reference example spelling TimeStamp', async () => {
    const params = publicParams('DescribeRegions', {
      Timestamp: undefined,
      TimeStamp: formatTimestamp(START),
    });
    expect((await getV1(h.server, params)).status).toBe(200);
  });

  it('answers SignatureDoesNotMatch for a wrong secret or a parameter changed after signing', async () => {
    const params = publicParams('DescribeRegions', { Format: 'JSON' });
    const wrongSecret = await getRaw(h.server, signV1(params, { secret: 'not-the-secret' }));
    expect(wrongSecret.status).toBe(400);
    expect(jsonError(wrongSecret)).toMatchObject({
      Code: 'SignatureDoesNotMatch',
      Message: 'Specified signature is not matched with our calculation.',
    });

    const tampered = `${signV1(publicParams('DescribeZones', { RegionId: 'cn-hangzhou' }))}`.replace(
      'RegionId=cn-hangzhou',
      'RegionId=cn-qingdao',
    );
    expect(xmlError((await getRaw(h.server, tampered)).body).code).toBe('SignatureDoesNotMatch');
    expect(h.backend.calls).toEqual([]);
  });

  it('verifies what was signed, not how the client escaped it on the wire', async () => {
    const params = publicParams('DescribeZones', { RegionId: "cn hangzhou*~!'()" });
    // The same parameters escaped as a form encoder does: space as +, * ! ' ( ) left raw.
    const loose = signV1(params)
      .split('&')
      .map((pair) => pair.replace(/%20/g, '+').replace(/%2A/g, '*').replace(/%21/g, '!').replace(/%27/g, "'"))
      .join('&');
    const answer = await getRaw(h.server, loose);
    expect(answer.status).toBe(200);
    expect(h.backend.calls[0]?.input).toEqual({ RegionId: "cn hangzhou*~!'()" });
  });

  it('answers SignatureNonceUsed for a replayed request, until the nonce record expires', async () => {
    const query = signV1(publicParams('DescribeRegions'));
    expect((await getRaw(h.server, query)).status).toBe(200);
    const replay = await getRaw(h.server, query);
    expect(replay.status).toBe(400);
    expect(xmlError(replay.body)).toMatchObject({
      code: 'SignatureNonceUsed',
      message: 'The request signature nonce has been used.',
    });
    expect(h.backend.calls).toHaveLength(1);

    // Once the first timestamp has left the window, the same nonce with a new timestamp is new again.
    h.now = new Date(START.getTime() + 16 * 60_000);
    const nonce = new URLSearchParams(query).get('SignatureNonce') as string;
    const later = publicParams('DescribeRegions', {
      SignatureNonce: nonce,
      Timestamp: formatTimestamp(h.now),
    });
    expect((await getV1(h.server, later)).status).toBe(200);
  });

  it('does not let a request with a bad signature use up a nonce', async () => {
    const params = publicParams('DescribeRegions');
    expect(xmlError((await getRaw(h.server, signV1(params, { secret: 'wrong' }))).body).code).toBe(
      'SignatureDoesNotMatch',
    );
    expect((await getV1(h.server, params)).status).toBe(200);
  });

  it('refuses a parameter given twice and an HTTP method other than GET or POST', async () => {
    const twice = await getRaw(h.server, `${signV1(publicParams('DescribeRegions'))}&Action=DescribeRegions`);
    expect(xmlError(twice.body)).toMatchObject({ code: 'InvalidParameter' });
    expect(xmlError(twice.body).message).toContain('"Action"');

    const put = await fetch(`${h.server.url}/?${signV1(publicParams('DescribeRegions'))}`, { method: 'PUT' });
    expect(put.status).toBe(403);
    expect(xmlError(await put.text()).code).toBe('UnsupportedHTTPMethod');
  });

  it('refuses a Format other than XML or JSON', async () => {
    const answer = await getV1(h.server, publicParams('DescribeRegions', { Format: 'YAML' }));
    expect(answer.status).toBe(400);
    expect(xmlError(answer.body).message).toContain('"Format"');
  });

  it('writes RequestId and HostId (the Host header) in error bodies', async () => {
    const answer = await getV1(h.server, publicParams('DescribeNothing'));
    expect(xmlError(answer.body)).toMatchObject({ requestId: 'REQ-1', hostId: `127.0.0.1:${h.server.port}` });
    expect(answer.headers.get('x-acs-request-id')).toBe('REQ-1');
  });
});

describe('calls', () => {
  it('accepts GET and form POST, and a POST with parameters split between query and body', async () => {
    expect((await getV1(h.server, publicParams('DescribeRegions'))).status).toBe(200);
    expect((await postV1(h.server, publicParams('DescribeRegions'))).status).toBe(200);

    const params = publicParams('DescribeZones', { RegionId: 'cn-hangzhou' });
    const pairs = signV1(params, { method: 'POST' }).split('&');
    const split = await fetch(`${h.server.url}/?${pairs.slice(0, 3).join('&')}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: pairs.slice(3).join('&'),
    });
    expect(split.status).toBe(200);
    expect(h.backend.calls.map((call) => call.action)).toEqual([
      'DescribeRegions',
      'DescribeRegions',
      'DescribeZones',
    ]);
  });

  it('hands the backend the typed input, the AccessKeyId and the RequestId it answers with', async () => {
    const answer = await getV1(
      h.server,
      publicParams('DescribeZones', { RegionId: 'cn-hangzhou', Format: 'JSON' }),
    );
    expect(answer.status).toBe(200);
    expect(h.backend.calls).toEqual([
      {
        action: 'DescribeZones',
        input: { RegionId: 'cn-hangzhou' },
        context: { accessKeyId: ACCESS_KEY_ID, requestId: 'REQ-1', regionId: 'cn-hangzhou' },
      },
    ]);
    expect(JSON.parse(answer.body).RequestId).toBe('REQ-1');
  });

  it('answers UnsupportedOperation for a declared action the backend does not implement', async () => {
    h.backend.implemented.delete('DescribeZones');
    const answer = await getV1(
      h.server,
      publicParams('DescribeZones', { RegionId: 'cn-hangzhou', Format: 'JSON' }),
    );
    expect(answer.status).toBe(400);
    expect(jsonError(answer)).toMatchObject({
      Code: 'UnsupportedOperation',
      Message: 'The specified action is not supported: the simulator has no handler for DescribeZones.',
    });
    expect(h.backend.calls).toEqual([]);
  });

  it("answers a parameter error with the declaration's code, status and message", async () => {
    const answer = await getV1(h.server, publicParams('DescribeZones', { Format: 'JSON' }));
    expect(answer.status).toBe(400);
    expect(jsonError(answer)).toMatchObject({
      Code: 'MissingParameter',
      Message: missingMessage('RegionId'),
    });
    expect(h.backend.calls).toEqual([]);
  });

  it('maps the declared rules of DescribeDisks: PageSize range, and too many ids with their own code', async () => {
    const pageSize = await getV1(
      h.server,
      publicParams('DescribeDisks', { RegionId: 'cn-hangzhou', PageSize: '0' }),
    );
    expect(pageSize.status).toBe(400);
    expect(xmlError(pageSize.body)).toMatchObject({
      code: 'InvalidParameter',
      message: 'The specified parameter "PageSize" is not valid: an integer from 1 to 50.',
    });

    const ids = JSON.stringify(Array.from({ length: 11 }, (_, i) => `d-${i}`));
    const tooMany = await getV1(
      h.server,
      publicParams('DescribeDisks', { RegionId: 'cn-hangzhou', DiskIds: ids }),
    );
    expect(tooMany.status).toBe(403);
    expect(xmlError(tooMany.body)).toMatchObject({
      code: 'InvalidDiskIds.Malformed',
      message: 'The specified parameter "DiskIds" is not valid: at most 10 ids.',
    });
    expect(h.backend.calls).toEqual([]);

    const tenIds = JSON.stringify(Array.from({ length: 10 }, (_, i) => `d-${i}`));
    const ok = await getV1(
      h.server,
      publicParams('DescribeDisks', { RegionId: 'cn-hangzhou', DiskIds: tenIds, PageSize: '50' }),
    );
    expect(ok.status).toBe(200);
    expect(h.backend.calls[0]?.input).toEqual({
      RegionId: 'cn-hangzhou',
      DiskIds: Array.from({ length: 10 }, (_, i) => `d-${i}`),
      PageSize: 50,
    });
  });

  it("checks parameters against the configured API limits (today's: 100 per page and per filter)", async () => {
    const current = await startHarness({ limits: API_LIMITS.current });
    try {
      const ids = JSON.stringify(Array.from({ length: 11 }, (_, i) => `d-${i}`));
      const params = publicParams('DescribeDisks', {
        RegionId: 'cn-hangzhou',
        DiskIds: ids,
        PageSize: '100',
      });
      expect((await getV1(current.server, params)).status).toBe(200);
    } finally {
      await current.server.close();
    }
  });

  it("answers the backend's ServiceError with its code and status", async () => {
    const answer = await getV1(h.server, publicParams('DescribeZones', { RegionId: 'cn-nowhere' }));
    expect(answer.status).toBe(404);
    expect(xmlError(answer.body)).toMatchObject({
      code: 'InvalidRegionId.NotFound',
      message: 'The specified RegionId does not exist.',
    });
  });

  it('answers any other failure as InternalError 500, logs it and tells the client nothing more', async () => {
    const answer = await getV1(
      h.server,
      publicParams('DescribeZones', { RegionId: 'cn-broken', Format: 'JSON' }),
    );
    expect(answer.status).toBe(500);
    expect(jsonError(answer)).toMatchObject({
      Code: 'InternalError',
      Message: 'The request processing has failed due to some unknown error, exception or failure.',
    });
    expect(answer.body).not.toContain('backend bug');
    expect(h.logged).toHaveLength(1);
    expect(h.logged[0]?.message).toContain('REQ-1');
    expect(String(h.logged[0]?.error)).toContain('backend bug');
  });

  it('answers a result that does not fit the response shape as a logged InternalError', async () => {
    const answer = await getV1(h.server, publicParams('DescribeZones', { RegionId: 'cn-misshapen' }));
    expect(answer.status).toBe(500);
    expect(xmlError(answer.body).code).toBe('InternalError');
    expect(String(h.logged[0]?.error)).toContain('Zones must be an array');
  });
});

describe('stats', () => {
  it('counts requests, and calls per action by outcome', async () => {
    await getV1(h.server, publicParams('DescribeRegions'));
    await getV1(h.server, publicParams('DescribeRegions'));
    await getV1(h.server, publicParams('DescribeZones', { RegionId: 'cn-nowhere' }));
    await getV1(h.server, publicParams('DescribeNothing'));
    h.server.faults.configure({ throttlingRate: 1 });
    await getV1(h.server, publicParams('DescribeRegions'));

    expect(h.server.stats.snapshot()).toEqual({
      total: 5,
      actions: {
        DescribeRegions: { calls: 3, succeeded: 2, failed: 0, faulted: 1 },
        DescribeZones: { calls: 1, succeeded: 0, failed: 1, faulted: 0 },
      },
    });
    expect(h.server.stats.calls('DescribeRegions')).toBe(3);
    h.server.stats.reset();
    expect(h.server.stats.snapshot()).toEqual({ total: 0, actions: {} });
  });

  it('serves stats, faults and reset over HTTP outside the ECS protocol', async () => {
    await getV1(h.server, publicParams('DescribeRegions'));
    const stats = await fetch(`${h.server.url}/__simulator/stats`);
    expect(stats.status).toBe(200);
    expect(await stats.json()).toEqual({
      total: 1,
      actions: { DescribeRegions: { calls: 1, succeeded: 1, failed: 0, faulted: 0 } },
    });

    const reset = await fetch(`${h.server.url}/__simulator/reset-stats`, { method: 'POST' });
    expect(await reset.json()).toEqual({ total: 0, actions: {} });

    const put = await fetch(`${h.server.url}/__simulator/faults`, {
      method: 'PUT',
      body: JSON.stringify({ throttlingRate: 0.5, latencyMs: 20 }),
    });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ throttlingRate: 0.5, latencyMs: 20, dropRate: 0 });
    expect(h.server.faults.settings.throttlingRate).toBe(0.5);
    expect(await (await fetch(`${h.server.url}/__simulator/faults`)).json()).toMatchObject({
      throttlingRate: 0.5,
    });

    const bad = await fetch(`${h.server.url}/__simulator/faults`, {
      method: 'PUT',
      body: JSON.stringify({ dropRate: 2, colour: 'red' }),
    });
    expect(bad.status).toBe(400);
    const problems = ((await bad.json()) as { problems: string[] }).problems;
    expect(problems.some((p) => p.startsWith('dropRate:'))).toBe(true);
    expect(problems.some((p) => p.includes('colour'))).toBe(true);
    expect(h.server.faults.settings.dropRate).toBe(0);

    const notJson = await fetch(`${h.server.url}/__simulator/faults`, { method: 'PUT', body: '{' });
    expect(notJson.status).toBe(400);

    const resetBackend = await fetch(`${h.server.url}/__simulator/reset`, { method: 'POST' });
    expect(await resetBackend.json()).toEqual({ reset: true });
    expect(h.backend.resets).toBe(1);

    expect((await fetch(`${h.server.url}/__simulator/nothing`)).status).toBe(404);
    const wrongMethod = await fetch(`${h.server.url}/__simulator/stats`, { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET');
  });

  it('answers 501 to a reset when the backend has no reset', async () => {
    h.backend.reset = undefined as unknown as () => void;
    const answer = await fetch(`${h.server.url}/__simulator/reset`, { method: 'POST' });
    expect(answer.status).toBe(501);
  });
});
