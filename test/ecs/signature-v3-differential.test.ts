import OpenApiModule, * as $OpenApi from '@alicloud/openapi-client';
import OpenApiUtilModule from '@alicloud/openapi-util';
import TeaUtilModule, * as $Util from '@alicloud/tea-util';
import { Agent } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { signRequestV3 } from '../../src/ecs/signed-request.js';
import { httpSend } from '../../src/ecs/transport.js';
import { sha256Hex, signV3 } from '../../src/signature/v3.js';
import { type CapturedRequest, type CaptureServer, startCaptureServer } from '../simulator/capture.js';
import { ACS3_VECTOR } from '../support/acs3-vector.js';
import { prng } from '../support/prng.js';

/**
 * Our V3 signer against the official SDK's (@alicloud/openapi-client 0.4.x with
 * @alicloud/openapi-util): the SDK signs and sends each request to a loopback capture
 * server; ours signs the same request (same x-acs-date and nonce, pinned by replacing the
 * SDK's two sources of them) and sends it through the client's own transport to the same
 * server. The two captured requests must not differ in method, path, query, any header
 * the SDK signed, or Authorization.
 */

// CommonJS with an ES default export: vitest hands over the class, Node's loader module.exports.
const unwrap = (module: unknown): unknown => (module as { default?: unknown }).default ?? module;
const OpenApiUtil = unwrap(OpenApiUtilModule) as { getTimestamp(): string };
const TeaUtil = unwrap(TeaUtilModule) as { getNonce(): string };
const OpenApi = unwrap(OpenApiModule) as typeof OpenApiModule.default;

const RESERVED = [...`!*'();:@&=+$,/?#[]%"<>\\^{|} `];
const ASCII = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~'];
const UNICODE = [...'杭州上海北京标签值éßøΩЖ한글🙂😀🚀𝄞𠜎\u00a0\u2028\u200d'];
const TRICKY = ['%20', '%', '+', '~', '*', ' ', '\t', '\u007f', '%2A'];

function randomText(random: () => number, maxLength: number): string {
  const length = Math.floor(random() * (maxLength + 1));
  let text = '';
  for (let i = 0; i < length; i += 1) {
    const pool = [RESERVED, ASCII, ASCII, UNICODE, TRICKY][Math.floor(random() * 5)] as string[];
    text += pool[Math.floor(random() * pool.length)];
  }
  return text;
}

const TOKEN = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=._-'];
const tokenText = (random: () => number) =>
  Array.from(
    { length: 1 + Math.floor(random() * 60) },
    () => TOKEN[Math.floor(random() * TOKEN.length)],
  ).join('');

const ACTIONS = ['DescribeInstances', 'DescribeDisks', 'CreateSnapshot', 'DeleteDisk', 'DescribeRegions'];

interface Case {
  readonly action: string;
  readonly accessKeyId: string;
  readonly secret: string;
  readonly securityToken: string | undefined;
  readonly date: string;
  readonly nonce: string;
  readonly params: Record<string, string>;
}

function randomCase(random: () => number, index: number): Case {
  const params: Record<string, string> = { RegionId: ['cn-hangzhou', 'eu-central-1'][index % 2] as string };
  const extra = Math.floor(random() * (index % 10 === 0 ? 40 : 10));
  for (let i = 0; i < extra; i += 1) {
    const roll = random();
    // Names as the API spells them: repeated structures (Tag.N.Key), id lists, plain names.
    const name =
      roll < 0.4
        ? `Tag.${1 + Math.floor(random() * 20)}.${random() < 0.5 ? 'Key' : 'Value'}`
        : roll < 0.6
          ? ['InstanceIds', 'DiskIds', 'SnapshotIds'][i % 3]
          : roll < 0.9
            ? ['PageSize', 'PageNumber', 'NextToken', 'Description', 'ClientToken', 'DryRun'][i % 6]
            : `Filter.${i + 1}.Value.${1 + (i % 3)}`;
    const value =
      roll >= 0.4 && roll < 0.6
        ? JSON.stringify(Array.from({ length: 1 + (i % 4) }, () => randomText(random, 8)))
        : random() < 0.1
          ? ''
          : randomText(random, 24);
    params[name as string] = value;
  }
  const date = new Date(Date.UTC(2024, 0, 1) + Math.floor(random() * 3e10));
  return {
    action: ACTIONS[index % ACTIONS.length] as string,
    accessKeyId: `LTAI${randomText(random, 4).replace(/[^A-Za-z0-9]/g, '')}${index}`,
    secret: randomText(random, 30) || 'secret',
    // A header value: STS tokens are base64-like text.
    securityToken: random() < 0.35 ? tokenText(random) : undefined,
    date: `${date.toISOString().slice(0, 19)}Z`,
    nonce: `${index}-${Math.floor(random() * 1e12).toString(16)}`,
    params,
  };
}

/** `a=b&c=d` percent-decoded; a name seen twice fails the test. */
function decodeQuery(url: string): Record<string, string> {
  const at = url.indexOf('?');
  const params: Record<string, string> = {};
  if (at === -1) return params;
  for (const pair of url.slice(at + 1).split('&')) {
    const eq = pair.indexOf('=');
    const name = decodeURIComponent(eq === -1 ? pair : pair.slice(0, eq));
    expect(params, `${name} sent twice`).not.toHaveProperty([name]);
    params[name] = eq === -1 ? '' : decodeURIComponent(pair.slice(eq + 1));
  }
  return params;
}

const signedNames = (request: CapturedRequest): string[] => {
  const match = /SignedHeaders=([^,]*)/.exec(String(request.headers.authorization));
  return (match?.[1] ?? '').split(';');
};

describe('signature V3 against @alicloud/openapi-client', () => {
  let capture: CaptureServer;
  const dispatcher = new Agent();
  const pinned = { date: '', nonce: '' };

  beforeAll(async () => {
    capture = await startCaptureServer();
    vi.spyOn(OpenApiUtil, 'getTimestamp').mockImplementation(() => pinned.date);
    vi.spyOn(TeaUtil, 'getNonce').mockImplementation(() => pinned.nonce);
  });
  afterEach(() => {
    pinned.date = '';
    pinned.nonce = '';
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await dispatcher.close();
    await capture.close();
  });

  /** The SDK's RPC call as @alicloud/ecs20140526 makes it; its credential names no provider. */
  async function sdkSend(testCase: Case): Promise<CapturedRequest> {
    pinned.date = testCase.date;
    pinned.nonce = testCase.nonce;
    const credential = {
      getCredential: async () => ({
        accessKeyId: testCase.accessKeyId,
        accessKeySecret: testCase.secret,
        securityToken: testCase.securityToken,
        type: testCase.securityToken === undefined ? 'access_key' : 'sts',
      }),
    };
    const client = new OpenApi(
      new $OpenApi.Config({ credential: credential as never, endpoint: capture.host, protocol: 'http' }),
    );
    const before = capture.requests.length;
    await client.callApi(
      new $OpenApi.Params({
        action: testCase.action,
        version: '2014-05-26',
        protocol: 'HTTP',
        pathname: '/',
        method: 'POST',
        authType: 'AK',
        style: 'RPC',
        reqBodyType: 'formData',
        bodyType: 'json',
      }),
      new $OpenApi.OpenApiRequest({ query: { ...testCase.params } }),
      new $Util.RuntimeOptions({}),
    );
    expect(capture.requests).toHaveLength(before + 1);
    return capture.requests[before] as CapturedRequest;
  }

  async function ourSend(testCase: Case): Promise<CapturedRequest> {
    const signed = signRequestV3({
      action: testCase.action,
      params: testCase.params,
      format: 'JSON',
      credentials: {
        accessKeyId: testCase.accessKeyId,
        accessKeySecret: testCase.secret,
        securityToken: testCase.securityToken,
      },
      nonce: testCase.nonce,
      time: new Date(testCase.date),
      host: capture.host,
      path: '/',
    });
    const before = capture.requests.length;
    await httpSend(`http://${capture.host}/?${signed.query}`, {
      method: signed.method,
      headers: signed.headers,
      dispatcher,
      signal: new AbortController().signal,
      timeoutMs: 5_000,
      maxBodyBytes: 1_000_000,
      userAgent: 'test',
    });
    return capture.requests[before] as CapturedRequest;
  }

  it('sends and signs 300 random requests exactly as the SDK does', async () => {
    const random = prng(2_023_03_26);
    let withToken = 0;
    let emptyValues = 0;
    for (let index = 0; index < 300; index += 1) {
      const testCase = randomCase(random, index);
      const context = JSON.stringify({ index, ...testCase });
      const sdk = await sdkSend(testCase);
      const ours = await ourSend(testCase);

      expect(ours.method, context).toBe('POST');
      expect(ours.method, context).toBe(sdk.method);
      expect(ours.url.split('?')[0], context).toBe('/');
      expect(sdk.url.split('?')[0], context).toBe('/');
      expect(decodeQuery(ours.url), context).toEqual(testCase.params);
      expect(decodeQuery(sdk.url), context).toEqual(testCase.params);
      const names = signedNames(sdk);
      expect(signedNames(ours), context).toEqual(names);
      for (const name of names) expect(ours.headers[name], `${name} ${context}`).toBe(sdk.headers[name]);
      expect(ours.headers.authorization, context).toBe(sdk.headers.authorization);
      expect(ours.headers['x-acs-security-token'], context).toBe(testCase.securityToken);
      expect(ours.headers.accept).toBe('application/json');
      expect(ours.body.length).toBe(0);
      expect(sdk.body.length).toBe(0);
      if (testCase.securityToken !== undefined) withToken += 1;
      if (Object.values(testCase.params).includes('')) emptyValues += 1;
    }
    // The draw covered what it set out to.
    expect(withToken).toBeGreaterThan(60);
    expect(emptyValues).toBeGreaterThan(20);
  });

  it('signs the SDK-signed headers of a default credential (x-acs-credentials-provider) the same', async () => {
    pinned.date = '2024-01-02T03:04:05Z';
    pinned.nonce = 'fixed-nonce';
    const client = new OpenApi(
      new $OpenApi.Config({
        accessKeyId: 'testid',
        accessKeySecret: 'testsecret',
        endpoint: capture.host,
        protocol: 'http',
      }),
    );
    const params = { RegionId: 'cn-hangzhou', 'Tag.1.Value': "prod test*~!'()", PageSize: '10' };
    const before = capture.requests.length;
    await client.callApi(
      new $OpenApi.Params({
        action: 'DescribeInstances',
        version: '2014-05-26',
        protocol: 'HTTP',
        pathname: '/',
        method: 'POST',
        authType: 'AK',
        style: 'RPC',
        reqBodyType: 'formData',
        bodyType: 'json',
      }),
      new $OpenApi.OpenApiRequest({ query: params }),
      new $Util.RuntimeOptions({}),
    );
    const sdk = capture.requests[before] as CapturedRequest;
    expect(sdk.headers['x-acs-credentials-provider']).toBe('static_ak');
    const headers = Object.fromEntries(signedNames(sdk).map((name) => [name, String(sdk.headers[name])]));
    const ours = signV3(
      { method: 'POST', path: '/', query: params, headers, body: '' },
      'testid',
      'testsecret',
    );
    expect(ours.authorization).toBe(sdk.headers.authorization);
  });
});

describe('signature V3: the fixed vector', () => {
  it('reproduces the vector the simulator verifies (test/simulator/protocol-acs3.test.ts)', () => {
    const signed = signV3(
      {
        method: 'POST',
        path: '/',
        query: ACS3_VECTOR.query,
        headers: {
          ...ACS3_VECTOR.headers,
          // Neither signed nor able to change the signature.
          accept: 'application/json',
          'user-agent': 'anything',
        },
        body: '',
      },
      ACS3_VECTOR.accessKeyId,
      ACS3_VECTOR.accessKeySecret,
    );
    expect(signed).toEqual({
      signature: ACS3_VECTOR.signature,
      signedHeaders: ACS3_VECTOR.signedHeaders,
      authorization: `ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=${ACS3_VECTOR.signedHeaders.join(';')},Signature=${ACS3_VECTOR.signature}`,
    });
    expect(sha256Hex('')).toBe(ACS3_VECTOR.headers['x-acs-content-sha256']);
  });

  it('refuses a lone surrogate, which has no UTF-8 encoding, before anything is sent', () => {
    expect(() =>
      signRequestV3({
        action: 'DescribeRegions',
        params: { Broken: 'x\ud800' },
        format: 'JSON',
        credentials: { accessKeyId: 'id', accessKeySecret: 'secret' },
        nonce: 'n',
        time: new Date(0),
        host: 'h',
        path: '/',
      }),
    ).toThrow(URIError);
  });
});
