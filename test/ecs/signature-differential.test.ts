import type { Agent } from 'node:http';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import RPCClient from '@alicloud/pop-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalizedQueryString, type SignatureMethod, signature } from '../../src/signature/v1.js';
import { prng } from '../support/prng.js';

/**
 * Our signer against the official Node SDK's (@alicloud/pop-core 1.8.0). pop-core
 * exports no signing helper, so each parameter set is signed by pop-core itself: its
 * RPCClient sends the request to a loopback server, which keeps the query (GET) or
 * form body (POST) exactly as it arrived. Public parameters that pop-core fills in
 * (Timestamp, SignatureNonce, Format, ...) are pinned by passing them as parameters,
 * which pop-core lets override its defaults.
 */

interface Captured {
  readonly method: string;
  /** The query string (GET) or form body (POST), byte for byte. */
  readonly form: string;
}

class CaptureServer {
  readonly captured: Captured[] = [];
  private readonly server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = request.url ?? '';
      const form =
        request.method === 'POST'
          ? Buffer.concat(chunks).toString('latin1')
          : url.slice(url.indexOf('?') + 1);
      this.captured.push({ method: request.method ?? '', form });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"RequestId":"captured"}');
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** `a=b&c=d` with percent-decoding, into a record; the wire order is kept in `names`. */
function decodeForm(form: string): { params: Record<string, string>; names: string[] } {
  const params: Record<string, string> = {};
  const names: string[] = [];
  for (const pair of form.split('&')) {
    const at = pair.indexOf('=');
    const name = decodeURIComponent(pair.slice(0, at));
    params[name] = decodeURIComponent(pair.slice(at + 1));
    names.push(name);
  }
  return { params, names };
}

const RESERVED = [...`!*'();:@&=+$,/?#[]%"<>\\^{|} `];
const ASCII = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~'];
const UNICODE = [...'杭州上海北京标签值éßøΩЖ한글🙂😀🚀𝄞𠜎\u00a0\u2028\u200d'];
const TRICKY = ['%20', '%', '+', '~', '*', '\t', '\n', '\u007f'];

function randomText(random: () => number, maxLength: number): string {
  const length = Math.floor(random() * (maxLength + 1));
  let text = '';
  for (let i = 0; i < length; i += 1) {
    const pool = [RESERVED, ASCII, ASCII, UNICODE, TRICKY][Math.floor(random() * 5)] as string[];
    text += pool[Math.floor(random() * pool.length)];
  }
  return text;
}

interface Case {
  readonly method: SignatureMethod;
  readonly secret: string;
  readonly securityToken: string | undefined;
  readonly params: Record<string, string>;
}

function randomCase(random: () => number, index: number): Case {
  const params: Record<string, string> = {
    Action: ['DescribeInstances', 'DescribeDisks', 'CreateSnapshot'][index % 3] as string,
    Format: index % 2 === 0 ? 'XML' : 'JSON',
    Version: '2014-05-26',
    AccessKeyId: randomText(random, 8) || 'id',
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: `nonce-${index}-${Math.floor(random() * 1e9)}`,
    Timestamp: `${new Date(Date.UTC(2024, 0, 1) + Math.floor(random() * 3e10)).toISOString().slice(0, 19)}Z`,
  };
  const securityToken = random() < 0.3 ? randomText(random, 40) || 'token' : undefined;
  if (securityToken !== undefined) params.SecurityToken = securityToken;
  const extra = 1 + Math.floor(random() * (index % 10 === 0 ? 60 : 12));
  for (let i = 0; i < extra; i += 1) {
    // Names too: mostly API-like (Tag.N.Key), sometimes arbitrary text.
    const name =
      random() < 0.7
        ? `${['Tag', 'Filter', 'DiskIds', 'P'][i % 4]}.${i + 1}.${randomText(random, 3)}`
        : randomText(random, 6);
    if (name === '' || name === 'Signature' || name in params) continue;
    params[name] = randomText(random, 24);
  }
  return {
    method: random() < 0.25 ? 'POST' : 'GET',
    secret: randomText(random, 30) || 'secret',
    securityToken,
    params,
  };
}

describe('signature v1 against @alicloud/pop-core 1.8.0', () => {
  const server = new CaptureServer();
  let endpoint: string;
  const agents: Agent[] = [];

  beforeAll(async () => {
    endpoint = await server.start();
  });
  afterAll(async () => {
    for (const agent of agents) agent.destroy();
    await server.stop();
  });

  /** Has pop-core sign and send `params`; returns what arrived. */
  async function popCoreSend(
    method: SignatureMethod,
    accessKeyId: string,
    secret: string,
    securityToken: string | undefined,
    params: Record<string, string>,
  ): Promise<Captured> {
    const { Action, ...rest } = params;
    const client = new RPCClient({
      endpoint,
      apiVersion: '2014-05-26',
      accessKeyId,
      accessKeySecret: secret,
      ...(securityToken === undefined ? {} : { securityToken }),
    });
    agents.push((client as unknown as { keepAliveAgent: Agent }).keepAliveAgent);
    const before = server.captured.length;
    // formatParams/formatAction off: pop-core would otherwise upper-case the first letter of names.
    await client.request(Action as string, rest, { method, formatParams: false, formatAction: false });
    expect(server.captured).toHaveLength(before + 1);
    return server.captured[before] as Captured;
  }

  it('agrees on the canonical query and the signature of 400 random parameter sets', async () => {
    const random = prng(20_140_526);
    let posts = 0;
    for (let index = 0; index < 400; index += 1) {
      const testCase = randomCase(random, index);
      const { method, secret, securityToken, params } = testCase;
      const sent = await popCoreSend(method, params.AccessKeyId as string, secret, securityToken, params);
      const context = { index, ...testCase };

      expect(sent.method, JSON.stringify(context)).toBe(method);
      const { params: received, names } = decodeForm(sent.form);
      const { Signature: popCoreSignature, ...signed } = received;
      // pop-core sent exactly our parameters (none added, none changed)...
      expect(signed, JSON.stringify(context)).toEqual(params);
      // ...in our canonical order and encoding (Signature is appended last)...
      expect(names.at(-1)).toBe('Signature');
      expect(sent.form.slice(0, sent.form.lastIndexOf('&Signature='))).toBe(canonicalizedQueryString(params));
      // ...and signed them as we do.
      expect(signature(method, params, secret), JSON.stringify(context)).toBe(popCoreSignature);
      if (method === 'POST') posts += 1;
    }
    expect(posts).toBeGreaterThan(50);
  });

  it('reproduces the pop-core vector through pop-core itself', async () => {
    const params = {
      Action: 'DescribeInstances',
      Format: 'JSON',
      Version: '2014-05-26',
      AccessKeyId: 'testid',
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      SignatureNonce: 'c1b2f3a4-0000-4000-8000-000000000001',
      Timestamp: '2024-01-02T03:04:05Z',
      RegionId: 'cn-hangzhou',
      InstanceIds: '["i-abc","i-def"]',
      PageSize: '10',
      'Tag.1.Key': 'env',
      'Tag.1.Value': 'prod test*~',
      'Tag.2.Key': 'owner',
      'Tag.2.Value': "a+b!'()",
    };
    // Only what pop-core cannot make up is passed: its own defaults fill Format, Version,
    // SignatureMethod, SignatureVersion and AccessKeyId.
    const { Action, Format, Version, SignatureMethod, SignatureVersion, AccessKeyId, ...passed } = params;
    const sent = await popCoreSend('GET', 'testid', 'testsecret', undefined, { Action, ...passed });
    const { params: received } = decodeForm(sent.form);
    const { Signature: popCoreSignature, ...signed } = received;
    expect(signed).toEqual(params);
    expect(popCoreSignature).toBe('stiWt6AJkNGRP82zKTYdMjNx3yY=');
    expect(signature('GET', params, 'testsecret')).toBe('stiWt6AJkNGRP82zKTYdMjNx3yY=');
  });

  it('both refuse a lone surrogate, which has no UTF-8 encoding', async () => {
    const params = { Action: 'DescribeRegions', AccessKeyId: 'id', Broken: 'x\ud800' };
    expect(() => signature('GET', params, 'secret')).toThrow(URIError);
    await expect(popCoreSend('GET', 'id', 'secret', undefined, params)).rejects.toThrow(URIError);
  });
});
