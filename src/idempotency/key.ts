import { createHash } from 'node:crypto';
import { type DocumentNode, GraphQLError, print } from 'graphql';

/** The longest Idempotency-Key accepted (Stripe's limit). */
export const MAX_KEY_LENGTH = 255;

const KEY_RULE = `1 to ${MAX_KEY_LENGTH} visible ASCII characters (0x21-0x7E) other than " and \\, optionally as a quoted string ("..."), as the IETF draft writes it`;

function invalidKey(rule: string): GraphQLError {
  return new GraphQLError(`The Idempotency-Key header is not valid: ${rule}.`, {
    extensions: { code: 'INVALID_IDEMPOTENCY_KEY', header: 'Idempotency-Key', rule, http: { status: 400 } },
  });
}

/**
 * The key of an `Idempotency-Key` header. The draft defines the value as a Structured
 * Field string (`"8e03978e-..."`); Stripe's clients send it bare. Both are accepted;
 * escapes are not, so one key has exactly one spelling of each form. Throws
 * INVALID_IDEMPOTENCY_KEY (400) naming the rule.
 */
export function parseIdempotencyKey(header: string): string {
  const quoted = /^"(.*)"$/s.exec(header);
  const key = quoted ? (quoted[1] ?? '') : header;
  if (key.length === 0) throw invalidKey(`${KEY_RULE}; got an empty key`);
  if (key.length > MAX_KEY_LENGTH) throw invalidKey(`${KEY_RULE}; got ${key.length} characters`);
  if (!/^[\x21\x23-\x5B\x5D-\x7E]+$/.test(key)) throw invalidKey(`${KEY_RULE}; got another character`);
  return key;
}

function sha256(text: string, encoding: 'hex' | 'base64url'): string {
  return createHash('sha256').update(text, 'utf8').digest(encoding);
}

/**
 * Whose key it is: the presented bearer token's hash (the token itself is never kept),
 * or `anonymous` on a gateway without a token, where every client is the same principal.
 */
export function keyScope(bearerToken: string | undefined): string {
  return bearerToken === undefined ? 'anonymous' : `token:${sha256(bearerToken, 'hex')}`;
}

/** Where the store keeps a key's record: neither the key nor the token in clear. */
export function storeKey(scope: string, key: string): string {
  return `idempotency:${sha256(`${scope}\u0000${key}`, 'hex')}`;
}

/** JSON with object keys sorted, so that equal variables give equal text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([name, entry]) => `${JSON.stringify(name)}:${canonicalJson(entry)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * What makes two requests "the same" for a key: the operation as printed (so layout
 * and comments do not matter), its name, and the variables.
 */
export function requestFingerprint(
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: unknown,
): string {
  return sha256(
    `${print(document)}\u0000${operationName ?? ''}\u0000${canonicalJson(variables ?? {})}`,
    'hex',
  );
}

/**
 * The ClientToken a key gives one mutation field of its request: deterministic, so a
 * retry with the same key sends ECS the same token and ECS acts at most once; scoped
 * by the presented gateway token's hash (all clients share one scope when the gateway
 * has no token, or they share its one token); distinct per field path (the
 * response key), so two writes of one operation never share one. `gw-` and 43
 * base64url characters: within ECS's rule of at most 64 ASCII characters.
 */
export function derivedClientToken(scope: string, key: string, fieldPath: string): string {
  return `gw-${sha256(`${scope}\u0000${key}\u0000${fieldPath}`, 'base64url')}`;
}
