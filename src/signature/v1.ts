import { createHmac } from 'node:crypto';

/**
 * Signature version 1.0 of the ECS RPC API (reference, "Signature Mechanism").
 *
 * The client signs with it and the embedded simulator verifies with it, so it is kept
 * free of any transport or configuration concern, and it is checked in tests against
 * the official SDK's signer.
 */

/** The ECS API version every call names; the simulator answers only this one. */
export const API_VERSION = '2014-05-26';

export type SignatureMethod = 'GET' | 'POST';

/**
 * Percent-encodes a name or value: `A-Z a-z 0-9 - _ . ~` are kept, every other UTF-8
 * byte becomes `%XY` (space as `%20`, `*` as `%2A`). `encodeURIComponent` already
 * keeps exactly RFC 3986's unreserved set plus `! ' ( ) *`, which we escape here.
 */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Parameters sorted by name (UTF-16 code units, as the SDKs sort), encoded, joined with `&`. */
export function canonicalizedQueryString(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .filter((name) => name !== 'Signature')
    .sort()
    .map((name) => `${percentEncode(name)}=${percentEncode(params[name] as string)}`)
    .join('&');
}

export function stringToSign(method: SignatureMethod, params: Readonly<Record<string, string>>): string {
  return `${method}&${percentEncode('/')}&${percentEncode(canonicalizedQueryString(params))}`;
}

/** Base64 HMAC-SHA1 of the string to sign, keyed with the secret followed by `&`. */
export function signature(
  method: SignatureMethod,
  params: Readonly<Record<string, string>>,
  accessKeySecret: string,
): string {
  return createHmac('sha1', `${accessKeySecret}&`)
    .update(stringToSign(method, params), 'utf8')
    .digest('base64');
}

/** The ISO 8601 UTC timestamp the API wants, with whole seconds: `2014-05-26T12:00:00Z`. */
export function formatTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
