import { createHash, createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { percentEncode } from '../signature/v1.js';
import { sameText } from './verify.js';

/**
 * The ACS3-HMAC-SHA256 signature the current official SDKs send by default (read from
 * @alicloud/openapi-core `getAuthorization`). A different algorithm from v1, so it is
 * written here on its own rather than on top of the shared signer:
 *
 *   CanonicalRequest = METHOD \n path \n canonical query \n canonical headers \n
 *                      signed header names joined by ; \n hex sha256(body)
 *   canonical query  = pairs sorted by name, `name=value` with only the value encoded
 *                      (RFC 3986, also ! ' ( ) *), joined by &
 *   canonical headers= `name:trimmed value\n` for each signed header, lowercased, sorted
 *   StringToSign     = "ACS3-HMAC-SHA256\n" + hex sha256(CanonicalRequest)
 *   Signature        = hex HMAC-SHA256(secret, StringToSign)
 *
 * The SDK signs those encoded values but sends the query through querystring.stringify,
 * which leaves ! ' ( ) * raw, so the verifier works from the decoded query.
 */

export const ACS3_ALGORITHM = 'ACS3-HMAC-SHA256';

/** The headers a request must sign: without them a signature could be replayed for another call. */
export const ACS3_REQUIRED_SIGNED_HEADERS = [
  'host',
  'x-acs-action',
  'x-acs-version',
  'x-acs-date',
  'x-acs-signature-nonce',
  'x-acs-content-sha256',
] as const;

export interface Acs3Authorization {
  readonly algorithm: string;
  readonly accessKeyId: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

/**
 * Parses `ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<a;b>,Signature=<hex>`.
 * Returns undefined when a part is missing or empty.
 */
export function parseAcs3Authorization(header: string): Acs3Authorization | undefined {
  const match = /^(ACS3-[A-Z0-9-]+)\s+(.*)$/.exec(header.trim());
  if (!match) return undefined;
  const parts = new Map<string, string>();
  for (const part of (match[2] as string).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) parts.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const accessKeyId = parts.get('Credential');
  const signedHeaders = parts.get('SignedHeaders');
  const signature = parts.get('Signature');
  if (!accessKeyId || !signedHeaders || !signature) return undefined;
  return {
    algorithm: match[1] as string,
    accessKeyId,
    signedHeaders: signedHeaders.split(';').map((name) => name.trim().toLowerCase()),
    signature,
  };
}

export interface Acs3Request {
  readonly method: string;
  /** The request path, `/` for RPC calls. */
  readonly path: string;
  /** The query, decoded. */
  readonly query: Readonly<Record<string, string>>;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

function headerValue(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  return (Array.isArray(value) ? value.join(',') : (value ?? '')).trim();
}

function acs3CanonicalRequest(request: Acs3Request, signedHeaders: readonly string[]): string {
  const query = Object.keys(request.query)
    .sort()
    .map((name) => `${name}=${percentEncode(request.query[name] as string)}`)
    .join('&');
  const headers = signedHeaders.map((name) => `${name}:${headerValue(request.headers, name)}\n`).join('');
  // The body is hashed here from what arrived, not taken from x-acs-content-sha256, so a
  // body changed in transit cannot pass.
  return [
    request.method,
    request.path,
    query,
    headers,
    signedHeaders.join(';'),
    sha256Hex(request.body),
  ].join('\n');
}

export function acs3Signature(
  request: Acs3Request,
  signedHeaders: readonly string[],
  accessKeySecret: string,
): string {
  const stringToSign = `${ACS3_ALGORITHM}\n${sha256Hex(acs3CanonicalRequest(request, signedHeaders))}`;
  return createHmac('sha256', accessKeySecret).update(stringToSign).digest('hex');
}

export function verifyAcs3(
  request: Acs3Request,
  authorization: Acs3Authorization,
  accessKeySecret: string,
): boolean {
  return sameText(
    acs3Signature(request, authorization.signedHeaders, accessKeySecret),
    authorization.signature.toLowerCase(),
  );
}
