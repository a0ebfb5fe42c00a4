import { formatTimestamp, percentEncode, signature } from '../../src/signature/v1.js';
import { type RequestContext, ServiceError, type SimulatorBackend } from '../../src/simulator/backend.js';
import {
  createSimulatorServer,
  type SimulatorServer,
  type SimulatorServerOptions,
} from '../../src/simulator/server.js';
import type { AnyAction } from '../../src/spec/action.js';
import { API_LIMITS } from '../../src/spec/limits.js';

export const ACCESS_KEY_ID = 'testid';
export const ACCESS_KEY_SECRET = 'testsecret';
export const START = new Date('2024-01-02T03:04:05Z');

/** A backend for protocol tests: DescribeRegions, an empty DescribeDisks, and DescribeZones that fails on request. */
export class TestBackend implements SimulatorBackend {
  readonly calls: Array<{ action: string; input: Record<string, unknown>; context: RequestContext }> = [];
  implemented = new Set(['DescribeRegions', 'DescribeZones', 'DescribeDisks']);
  resets = 0;
  regions: Array<Record<string, unknown>> = [
    { RegionId: 'cn-hangzhou', LocalName: 'China (Hangzhou)' },
    { RegionId: 'cn-qingdao', LocalName: 'China (Qingdao)' },
  ];

  has(actionName: string): boolean {
    return this.implemented.has(actionName);
  }

  handle(action: AnyAction, input: Readonly<Record<string, unknown>>, context: RequestContext) {
    this.calls.push({ action: action.name, input: { ...input }, context });
    if (action.name === 'DescribeRegions') return { Regions: this.regions };
    if (action.name === 'DescribeDisks')
      return {
        RegionId: input.RegionId,
        TotalCount: 0,
        PageNumber: 1,
        PageSize: input.PageSize ?? 10,
        Disks: [],
      };
    if (input.RegionId === 'cn-nowhere')
      throw new ServiceError('InvalidRegionId.NotFound', 'The specified RegionId does not exist.', 404);
    if (input.RegionId === 'cn-broken') throw new Error('backend bug with detail the client must not see');
    if (input.RegionId === 'cn-misshapen') return { Zones: 'not a list' };
    return {
      Zones: [
        {
          ZoneId: `${String(input.RegionId)}-a`,
          LocalName: 'Zone <A> & "B" \'C\'',
          AvailableResourceCreation: ['Instance'],
          AvailableDiskCategories: ['cloud', 'cloud_ssd'],
          AvailableInstanceTypes: [],
        },
      ],
    };
  }

  reset(): void {
    this.resets += 1;
  }
}

export interface Harness {
  readonly server: SimulatorServer;
  readonly backend: TestBackend;
  readonly logged: Array<{ message: string; error: unknown }>;
  /** The simulator's clock; tests move it. */
  now: Date;
}

export async function startHarness(options: Partial<SimulatorServerOptions> = {}): Promise<Harness> {
  const backend = new TestBackend();
  const logged: Harness['logged'] = [];
  const harness = { backend, logged, now: START } as Harness;
  let counter = 0;
  (harness as { server: SimulatorServer }).server = await createSimulatorServer({
    accounts: { [ACCESS_KEY_ID]: ACCESS_KEY_SECRET },
    backend,
    clock: { now: () => harness.now },
    requestId: () => `REQ-${++counter}`,
    logger: { error: (message, error) => logged.push({ message, error }) },
    // The rules these tests assert (PageSize 1 to 50, 10 ids) are the 2014 limits';
    // today's, the default, are asked for by name.
    limits: API_LIMITS['2014'],
    ...options,
  });
  return harness;
}

let nonceCounter = 0;

/** Public parameters of a v1 call at START, with a fresh nonce; override any of them. */
export function publicParams(action: string, overrides: Record<string, string | undefined> = {}) {
  nonceCounter += 1;
  const params: Record<string, string | undefined> = {
    Action: action,
    Version: '2014-05-26',
    AccessKeyId: ACCESS_KEY_ID,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: `nonce-${process.pid}-${nonceCounter}`,
    Timestamp: formatTimestamp(START),
    ...overrides,
  };
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)) as Record<
    string,
    string
  >;
}

/** Signs parameters with signature v1 and encodes them as a query or form body. */
export function signV1(
  params: Record<string, string>,
  { method = 'GET', secret = ACCESS_KEY_SECRET }: { method?: 'GET' | 'POST'; secret?: string } = {},
): string {
  const signed = { ...params, Signature: signature(method, params, secret) };
  return Object.entries(signed)
    .map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`)
    .join('&');
}

export interface Answer {
  readonly status: number;
  readonly contentType: string | null;
  readonly headers: Headers;
  readonly body: string;
}

/** A signed v1 GET of `params` (already including public parameters unless `raw`). */
export async function getV1(server: SimulatorServer, params: Record<string, string>): Promise<Answer> {
  return answer(await fetch(`${server.url}/?${signV1(params)}`));
}

export async function postV1(server: SimulatorServer, params: Record<string, string>): Promise<Answer> {
  return answer(
    await fetch(`${server.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: signV1(params, { method: 'POST' }),
    }),
  );
}

export async function getRaw(server: SimulatorServer, query: string): Promise<Answer> {
  return answer(await fetch(`${server.url}/?${query}`));
}

export async function answer(response: Response): Promise<Answer> {
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    headers: response.headers,
    body: await response.text(),
  };
}

/** Code and Message of an XML error body, read with a regular expression (not the client's decoder). */
export function xmlError(body: string): { code: string; message: string; requestId: string; hostId: string } {
  const pick = (name: string) => unescapeXml(new RegExp(`<${name}>([^<]*)</${name}>`).exec(body)?.[1] ?? '');
  expectXmlError(body);
  return {
    code: pick('Code'),
    message: pick('Message'),
    requestId: pick('RequestId'),
    hostId: pick('HostId'),
  };
}

function expectXmlError(body: string) {
  if (!/^<\?xml version="1\.0" encoding="UTF-8"\?><Error><RequestId>/.test(body))
    throw new Error(`not an XML error body: ${body}`);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function unescapeXml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ENTITIES[name] as string);
}
