import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { GraphQLError, getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export interface WriteSafetyOptions {
  /** The interface the gateway listens on (HOST). */
  readonly host?: string;
  /** The bearer token requests must carry (GATEWAY_TOKEN); undefined leaves the gateway open. */
  readonly token?: string | undefined;
  /** Refuse every mutation (GATEWAY_READ_ONLY). */
  readonly readOnly?: boolean;
}

/** Whether `host` names this machine only: 127.0.0.0/8, ::1 or localhost. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (bare.startsWith('::ffff:') && isIP(bare.slice(7)) === 4) return bare.slice(7).startsWith('127.');
  return bare === '::1' || bare === '0:0:0:0:0:0:0:1';
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
  return timingSafeEqual(digest(presented ?? ''), digest(expected)) && presented !== undefined;
}

/** The token of an `Authorization: Bearer <token>` header; undefined for any other header. */
export function bearerToken(header: string | null): string | undefined {
  const match = header === null ? null : /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match?.[1];
}

function refusal(message: string, code: string, status: number): GraphQLError {
  // yoga turns extensions.http into the response status and strips it from the body.
  return new GraphQLError(message, { extensions: { code, http: { status } } });
}

/**
 * Who may do what, checked before execution (so a refused operation calls nothing):
 * - with a token configured, every operation must carry it as `Authorization: Bearer
 *   <token>` (UNAUTHENTICATED, 401);
 * - read-only refuses every mutation (MUTATIONS_DISABLED, 403);
 * - without a token, mutations are served only to a gateway listening on loopback,
 *   where only this machine can reach it (MUTATIONS_DISABLED, 403).
 * No message, log line or extension ever holds the token or the header.
 */
export function useWriteSafety({
  host = '127.0.0.1',
  token,
  readOnly = false,
}: WriteSafetyOptions = {}): Plugin<{ request?: Request }> {
  const loopback = isLoopbackHost(host);
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const errors = (error: GraphQLError) => setResultAndStopExecution({ errors: [error] });
      if (token !== undefined) {
        const presented = bearerToken(args.contextValue.request?.headers.get('authorization') ?? null);
        if (!tokenMatches(presented, token)) {
          errors(
            refusal(
              presented === undefined
                ? 'This gateway requires a token: send it as "Authorization: Bearer <GATEWAY_TOKEN>".'
                : 'The bearer token is not the gateway token.',
              'UNAUTHENTICATED',
              401,
            ),
          );
          return;
        }
      }
      const operation = getOperationAST(args.document, args.operationName);
      if (operation?.operation !== 'mutation') return;
      if (readOnly) {
        errors(
          refusal(
            'Mutations are disabled: the gateway is read-only (GATEWAY_READ_ONLY).',
            'MUTATIONS_DISABLED',
            403,
          ),
        );
      } else if (!loopback && token === undefined) {
        errors(
          refusal(
            `Mutations are disabled: the gateway listens on ${host}, which other machines can reach, and no GATEWAY_TOKEN is configured. Configure a token, or listen on 127.0.0.1.`,
            'MUTATIONS_DISABLED',
            403,
          ),
        );
      }
    },
  };
}
