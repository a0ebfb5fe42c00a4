import { request as httpRequest } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatTimestamp } from '../../src/signature/v1.js';
import { acs3Signature, parseAcs3Authorization, sha256Hex, verifyAcs3 } from '../../src/simulator/acs3.js';
import { ACS3_VECTOR } from '../support/acs3-vector.js';
import { ACCESS_KEY_ID, ACCESS_KEY_SECRET, type Harness, START, startHarness } from './support.js';

const SIGNED =
  'host;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version';

describe('ACS3-HMAC-SHA256', () => {
  it('reproduces the official SDK (@alicloud/openapi-core) vector', () => {
    const request = {
      method: 'POST',
      path: '/',
      query: { ...ACS3_VECTOR.query },
      headers: { ...ACS3_VECTOR.headers },
      body: Buffer.alloc(0),
    };
    expect(sha256Hex('')).toBe(ACS3_VECTOR.headers['x-acs-content-sha256']);
    const expected = ACS3_VECTOR.signature;
    expect(acs3Signature(request, SIGNED.split(';'), 'testsecret')).toBe(expected);
    const authorization = parseAcs3Authorization(
      `ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=${SIGNED},Signature=${expected}`,
    );
    expect(authorization).toEqual({
      algorithm: 'ACS3-HMAC-SHA256',
      accessKeyId: 'testid',
      signedHeaders: SIGNED.split(';'),
      signature: expected,
    });
    expect(verifyAcs3(request, authorization!, 'testsecret')).toBe(true);
    expect(verifyAcs3(request, authorization!, 'othersecret')).toBe(false);
    expect(
      verifyAcs3({ ...request, query: { ...request.query, PageSize: '11' } }, authorization!, 'testsecret'),
    ).toBe(false);
  });

  it('parses only complete Authorization headers', () => {
    expect(parseAcs3Authorization('ACS3-HMAC-SHA256 Credential=a,SignedHeaders=host')).toBeUndefined();
    expect(
      parseAcs3Authorization('ACS3-HMAC-SHA256 Credential=,SignedHeaders=host,Signature=ab'),
    ).toBeUndefined();
    expect(parseAcs3Authorization('Bearer token')).toBeUndefined();
    expect(
      parseAcs3Authorization('ACS3-HMAC-SM3 Credential=a,SignedHeaders=Host;X-Acs-Date,Signature=ab'),
    ).toEqual({
      algorithm: 'ACS3-HMAC-SM3',
      accessKeyId: 'a',
      signedHeaders: ['host', 'x-acs-date'],
      signature: 'ab',
    });
  });
});

interface Acs3Call {
  action?: string;
  query?: Record<string, string>;
  body?: string;
  contentType?: string;
  secret?: string;
  date?: string;
  nonce?: string;
  /** Replaces the Authorization header entirely. */
  authorization?: string;
  signedHeaders?: string[];
  /** A body sent in place of the signed one, as if changed in transit. */
  sentBody?: string;
}

let nonce = 0;

/** Sends an ACS3-signed call the way the official SDK does, over node:http so Host is ours to sign. */
function sendAcs3(port: number, call: Acs3Call): Promise<{ status: number; body: Record<string, unknown> }> {
  const host = `127.0.0.1:${port}`;
  const query = call.query ?? {};
  const body = Buffer.from(call.body ?? '');
  nonce += 1;
  const headers: Record<string, string> = {
    host,
    'x-acs-version': '2014-05-26',
    'x-acs-date': call.date ?? formatTimestamp(START),
    'x-acs-signature-nonce': call.nonce ?? `acs3-nonce-${process.pid}-${nonce}`,
    'x-acs-content-sha256': sha256Hex(body),
  };
  if (call.action !== '') headers['x-acs-action'] = call.action ?? 'DescribeRegions';
  if (call.contentType) headers['content-type'] = call.contentType;
  const signed = call.signedHeaders ?? Object.keys(headers).sort();
  const signature = acs3Signature(
    { method: 'POST', path: '/', query, headers, body },
    signed,
    call.secret ?? ACCESS_KEY_SECRET,
  );
  headers.authorization =
    call.authorization ??
    `ACS3-HMAC-SHA256 Credential=${ACCESS_KEY_ID},SignedHeaders=${signed.join(';')},Signature=${signature}`;
  const search = new URLSearchParams(query).toString();
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method: 'POST', path: `/${search ? `?${search}` : ''}`, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          expect(res.headers['content-type']).toBe('application/json;charset=utf-8');
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        });
      },
    );
    req.on('error', reject);
    req.end(call.sentBody === undefined ? body : Buffer.from(call.sentBody));
  });
}

describe('ACS3 calls to the simulator', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.server.close();
  });

  it('answers a signed call in JSON', async () => {
    const answer = await sendAcs3(h.server.port, {});
    expect(answer).toEqual({
      status: 200,
      body: {
        RequestId: 'REQ-1',
        Regions: {
          Region: [
            { RegionId: 'cn-hangzhou', LocalName: 'China (Hangzhou)' },
            { RegionId: 'cn-qingdao', LocalName: 'China (Qingdao)' },
          ],
        },
      },
    });
  });

  it('takes parameters from the query and from a signed form body', async () => {
    const body = 'RegionId=cn-hangzhou';
    const answer = await sendAcs3(h.server.port, {
      action: 'DescribeZones',
      body,
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(answer.status).toBe(200);
    expect(h.backend.calls[0]?.input).toEqual({ RegionId: 'cn-hangzhou' });
  });

  it('refuses a missing x-acs-action, a malformed or incomplete Authorization, and another algorithm', async () => {
    expect((await sendAcs3(h.server.port, { action: '' })).body).toMatchObject({
      Code: 'MissingParameter',
      Message:
        'The input parameter "x-acs-action" that is mandatory for processing this request is not supplied.',
    });
    const malformed = await sendAcs3(h.server.port, { authorization: 'ACS3-HMAC-SHA256 Credential=testid' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.Code).toBe('IncompleteSignature');

    const unsigned = await sendAcs3(h.server.port, {
      signedHeaders: [
        'host',
        'x-acs-action',
        'x-acs-content-sha256',
        'x-acs-signature-nonce',
        'x-acs-version',
      ],
    });
    expect(unsigned.body.Code).toBe('IncompleteSignature');
    expect(unsigned.body.Message).toContain('x-acs-date');

    const sm3 = await sendAcs3(h.server.port, {
      authorization: `ACS3-HMAC-SM3 Credential=${ACCESS_KEY_ID},SignedHeaders=host,Signature=00`,
    });
    expect(sm3.body.Code).toBe('InvalidParameter');
    expect(sm3.body.Message).toContain('"SignatureMethod"');
    expect(h.backend.calls).toEqual([]);
  });

  it('refuses a wrong secret, a changed body, a stale date and a replayed nonce', async () => {
    expect((await sendAcs3(h.server.port, { secret: 'wrong' })).body.Code).toBe('SignatureDoesNotMatch');
    const changed = await sendAcs3(h.server.port, {
      action: 'DescribeZones',
      body: 'RegionId=cn-hangzhou',
      sentBody: 'RegionId=cn-qingdao',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(changed.body.Code).toBe('SignatureDoesNotMatch');
    expect(h.backend.calls).toEqual([]);

    h.now = new Date(START.getTime() + 20 * 60_000);
    expect((await sendAcs3(h.server.port, {})).body.Code).toBe('IllegalTimestamp');

    h.now = START;
    expect((await sendAcs3(h.server.port, { nonce: 'same' })).status).toBe(200);
    expect((await sendAcs3(h.server.port, { nonce: 'same' })).body.Code).toBe('SignatureNonceUsed');
  });
});
