import {
  API_VERSION,
  canonicalizedQueryString,
  formatTimestamp,
  percentEncode,
  signature,
} from '../signature/v1.js';
import { canonicalQueryV3, formatDateV3, sha256Hex, signV3 } from '../signature/v3.js';
import type { Credentials } from './credentials.js';
import type { ResponseFormat } from './decode.js';
import { CredentialsError } from './errors.js';

/** The signature a client signs with: v1 (HMAC-SHA1, GET) or V3 (ACS3-HMAC-SHA256, POST). */
export type SignatureVersion = 'v1' | 'v3';
export const SIGNATURE_VERSIONS = ['v1', 'v3'] as const satisfies readonly SignatureVersion[];

export interface SigningInput {
  readonly action: string;
  /** The action's own parameters, already encoded by encodeParams. */
  readonly params: Readonly<Record<string, string>>;
  readonly format: ResponseFormat;
  readonly credentials: Credentials;
  /** Unique per attempt: ECS refuses a nonce it has seen (SignatureNonceUsed). */
  readonly nonce: string;
  readonly time: Date;
}

export interface SignedRequest {
  readonly method: 'GET' | 'POST';
  /** The query string, every name and value percent-encoded as signed (v1: Signature last). */
  readonly query: string;
  /** Headers to send besides undici's own; names in lowercase. */
  readonly headers: Readonly<Record<string, string>>;
  /** Kept so that it can be scrubbed from anything the server sends back. */
  readonly signature: string;
}

/** Adds the public parameters of "Public Parameters" and signs with signature v1 over GET. */
export function signRequest(input: SigningInput): SignedRequest {
  const params: Record<string, string> = {
    ...input.params,
    Action: input.action,
    Format: input.format,
    Version: API_VERSION,
    AccessKeyId: input.credentials.accessKeyId,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: input.nonce,
    Timestamp: formatTimestamp(input.time),
  };
  if (input.credentials.securityToken) params.SecurityToken = input.credentials.securityToken;
  const value = signature('GET', params, input.credentials.accessKeySecret);
  return {
    method: 'GET',
    query: `${canonicalizedQueryString(params)}&Signature=${percentEncode(value)}`,
    headers: {},
    signature: value,
  };
}

/** What an AccessKeyId or a token may hold to be a header value (an STS token is base64 text). */
const HEADER_SAFE = /^[\x21-\x7e]*$/;

/** An empty body's hash: RPC calls carry their parameters in the query. */
const EMPTY_BODY_SHA256 = sha256Hex('');

/**
 * Signs with V3 as @alicloud/openapi-client sends an RPC call: POST to `/`, the action's
 * parameters in the query, the public ones in signed `x-acs-*` headers, an STS token as
 * `x-acs-security-token` (with `x-acs-accesskey-id`), JSON asked for. `host` and `path`
 * are the endpoint's as the request carries them (`/` for ECS; a proxy's may differ).
 */
export function signRequestV3(
  input: SigningInput & { readonly host: string; readonly path: string },
): SignedRequest {
  const { credentials } = input;
  // They travel in headers under V3: a line break or a byte undici refuses would otherwise
  // fail every attempt as a network error, retried until the deadline.
  for (const [what, value] of [
    ['AccessKeyId', credentials.accessKeyId],
    ['security token', credentials.securityToken ?? ''],
  ] as const)
    if (!HEADER_SAFE.test(value))
      throw new CredentialsError(
        'signature v3',
        `the ${what} holds a character a header cannot carry (printable ASCII only); nothing was sent.`,
      );
  const headers: Record<string, string> = {
    host: input.host,
    'x-acs-action': input.action,
    'x-acs-version': API_VERSION,
    'x-acs-date': formatDateV3(input.time),
    'x-acs-signature-nonce': input.nonce,
    'x-acs-content-sha256': EMPTY_BODY_SHA256,
  };
  if (credentials.securityToken) {
    headers['x-acs-accesskey-id'] = credentials.accessKeyId;
    headers['x-acs-security-token'] = credentials.securityToken;
  }
  const signed = signV3(
    { method: 'POST', path: input.path, query: input.params, headers, body: '' },
    credentials.accessKeyId,
    credentials.accessKeySecret,
  );
  // undici writes Host from the URL, the same value: sending it twice would be a bad request.
  const { host: _host, ...sent } = headers;
  return {
    method: 'POST',
    query: canonicalQueryV3(input.params),
    headers: { ...sent, accept: 'application/json', authorization: signed.authorization },
    signature: signed.signature,
  };
}

/** Signs one attempt with the client's signature version. */
export function signAttempt(
  version: SignatureVersion,
  input: SigningInput & { readonly host: string; readonly path: string },
): SignedRequest {
  return version === 'v3' ? signRequestV3(input) : signRequest(input);
}
