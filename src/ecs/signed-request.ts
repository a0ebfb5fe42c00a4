import {
  API_VERSION,
  canonicalizedQueryString,
  formatTimestamp,
  percentEncode,
  signature,
} from '../signature/v1.js';
import type { Credentials } from './credentials.js';
import type { ResponseFormat } from './decode.js';

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
  /** The query string, Signature last, every name and value percent-encoded as signed. */
  readonly query: string;
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
    query: `${canonicalizedQueryString(params)}&Signature=${percentEncode(value)}`,
    signature: value,
  };
}
