import { createHash, createHmac } from 'node:crypto';

/**
 * Signature V3 (ACS3-HMAC-SHA256), what the official SDKs sign with by default
 * (@alicloud/openapi-util `getAuthorization`). The client signs with it; the simulator
 * verifies with code of its own, and both are checked against the official SDK, so this
 * file depends on nothing else of ours.
 *
 *   CanonicalRequest = METHOD \n path \n canonical query \n canonical headers \n
 *                      signed header names joined by ; \n hex sha256(body)
 *   canonical query  = `name=value` sorted by name, each percent-encoded (RFC 3986), joined by &
 *   canonical headers= `name:trimmed value\n` of every host, content-type and x-acs-* header,
 *                      names lowercased and sorted; all of them are signed
 *   StringToSign     = "ACS3-HMAC-SHA256\n" + hex sha256(CanonicalRequest)
 *   Authorization    = ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<names>,Signature=<hex HMAC-SHA256>
 */

export const ACS3_HMAC_SHA256 = 'ACS3-HMAC-SHA256';

export interface V3Request {
  readonly method: 'GET' | 'POST';
  /** `/` for RPC-style calls. */
  readonly path: string;
  /** The parameters, not encoded. */
  readonly query: Readonly<Record<string, string>>;
  /** Names in lowercase; `host` included (it is signed). */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface V3Signature {
  /** The value of the Authorization header. */
  readonly authorization: string;
  /** The hex signature alone, to scrub from anything a server sends back. */
  readonly signature: string;
  readonly signedHeaders: readonly string[];
}

/**
 * RFC 3986 percent-encoding of UTF-8: only `A-Z a-z 0-9 - _ . ~` kept (space `%20`,
 * `*` `%2A`). A lone surrogate has no UTF-8 form and throws URIError.
 */
export function encodeV3(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** The query as signed and as sent: sorted by name (UTF-16 code units, as the SDK sorts). */
export function canonicalQueryV3(query: Readonly<Record<string, string>>): string {
  return Object.keys(query)
    .sort()
    .map((name) => `${encodeV3(name)}=${encodeV3(query[name] as string)}`)
    .join('&');
}

function signs(name: string): boolean {
  return name === 'host' || name === 'content-type' || name.startsWith('x-acs-');
}

export function sha256Hex(data: string): string {
  return createHash('sha256').update(data, 'utf8').digest('hex');
}

export function canonicalRequestV3(request: V3Request): {
  readonly canonical: string;
  readonly signedHeaders: readonly string[];
} {
  const signedHeaders = Object.keys(request.headers)
    .map((name) => name.toLowerCase())
    .filter(signs)
    .sort();
  const lower = new Map(Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), value]));
  const headers = signedHeaders.map((name) => `${name}:${(lower.get(name) ?? '').trim()}\n`).join('');
  const canonical = [
    request.method,
    request.path,
    canonicalQueryV3(request.query),
    headers,
    signedHeaders.join(';'),
    sha256Hex(request.body),
  ].join('\n');
  return { canonical, signedHeaders };
}

export function signV3(request: V3Request, accessKeyId: string, accessKeySecret: string): V3Signature {
  const { canonical, signedHeaders } = canonicalRequestV3(request);
  const stringToSign = `${ACS3_HMAC_SHA256}\n${sha256Hex(canonical)}`;
  const signature = createHmac('sha256', accessKeySecret).update(stringToSign, 'utf8').digest('hex');
  return {
    authorization: `${ACS3_HMAC_SHA256} Credential=${accessKeyId},SignedHeaders=${signedHeaders.join(';')},Signature=${signature}`,
    signature,
    signedHeaders,
  };
}

/** `x-acs-date`: ISO 8601 UTC with whole seconds, `2024-01-02T03:04:05Z`. */
export function formatDateV3(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
