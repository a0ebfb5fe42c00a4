import { createHash, timingSafeEqual } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';

export interface AuthenticationOptions {
  /** The bearer token requests must carry (GATEWAY_TOKEN); undefined leaves the gateway open. */
  readonly token?: string | undefined;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * Compares a presented token with the configured one in constant time: both are
 * hashed first, so the comparison neither depends on where they differ nor reveals
 * the token's length.
 */
export function tokenMatches(presented: string | undefined, expected: string): boolean {
  return matchesDigest(presented, digest(expected));
}

function matchesDigest(presented: string | undefined, expected: Buffer): boolean {
  return timingSafeEqual(digest(presented ?? ''), expected) && presented !== undefined;
}

/** The token of an `Authorization: Bearer <token>` header; undefined for any other header. */
export function bearerToken(header: string | null): string | undefined {
  const match = header === null ? null : /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match?.[1];
}

const GRAPHQL_RESPONSE = 'application/graphql-response+json';

/** A GraphQL-shaped 401, in the media type the client asked for (yoga's own choice otherwise). */
function unauthenticated(
  fetchAPI: { Response: typeof Response },
  request: Request,
  message: string,
): Response {
  const accept = request.headers.get('accept') ?? '';
  const type = accept.includes(GRAPHQL_RESPONSE) ? GRAPHQL_RESPONSE : 'application/json';
  return new fetchAPI.Response(
    JSON.stringify({ errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] }),
    {
      status: 401,
      headers: {
        'content-type': `${type}; charset=utf-8`,
        // RFC 6750: the scheme a client should use; nothing about the token itself.
        'www-authenticate': 'Bearer',
      },
    },
  );
}

/**
 * With a token configured, every request must carry it as `Authorization: Bearer
 * <token>` (UNAUTHENTICATED, 401). Checked in yoga's onRequest, before the body is read
 * or parsed: an unauthenticated request costs one hash, reaches no parser, cache or
 * validation (so it learns nothing of the schema), and nothing it sent is kept.
 * Yoga's health check and the GraphiQL page (static, no data) answer before this hook.
 * No message, log line or header of the answer holds the token or the header.
 */
export function useAuthentication({ token }: AuthenticationOptions = {}): Plugin {
  if (token === undefined) return {};
  // The configured token's digest is the same for every request: made once.
  const expected = digest(token);
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      const presented = bearerToken(request.headers.get('authorization'));
      if (matchesDigest(presented, expected)) return;
      endResponse(
        unauthenticated(
          fetchAPI,
          request,
          presented === undefined
            ? 'This gateway requires a token: send it as "Authorization: Bearer <GATEWAY_TOKEN>".'
            : 'The bearer token is not the gateway token.',
        ),
      );
    },
  };
}
