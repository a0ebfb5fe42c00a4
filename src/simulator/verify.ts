import { timingSafeEqual } from 'node:crypto';
import { type SignatureMethod, signature } from '../signature/v1.js';

/**
 * Checks of signature version 1.0 (HMAC-SHA1 over the canonical query) and of request
 * timestamps. The signature is recomputed from the DECODED parameters, re-encoded by the
 * shared signer: clients escape the wire differently (Java's URLEncoder writes `+` for a
 * space, some leave `*` raw), so the raw query string is never what was signed.
 */

/** Whether `received` is the v1 signature of these decoded parameters (Signature itself excluded). */
export function verifySignatureV1(
  method: SignatureMethod,
  params: Readonly<Record<string, string>>,
  received: string,
  accessKeySecret: string,
): boolean {
  return sameText(signature(method, params, accessKeySecret), received);
}

/** Constant-time comparison, so the time taken says nothing of how much of a signature matched. */
export function sameText(expected: string, received: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(received, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,3})?Z$/;

/**
 * Parses the API's timestamp, `YYYY-MM-DDThh:mm:ssZ` in UTC (fractions of a second
 * tolerated); undefined for anything else, including impossible dates.
 */
export function parseTimestamp(text: string): number | undefined {
  const match = ISO_UTC.exec(text);
  if (!match) return undefined;
  const time = Date.parse(text);
  if (Number.isNaN(time)) return undefined;
  // Date.parse rolls 2024-02-30 over to March; the API calls that malformed.
  const [, year, month, day] = match;
  const date = new Date(time);
  if (
    date.getUTCFullYear() !== Number(year) ||
    date.getUTCMonth() + 1 !== Number(month) ||
    date.getUTCDate() !== Number(day)
  )
    return undefined;
  return time;
}
