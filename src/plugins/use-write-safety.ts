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

function refusal(message: string): GraphQLError {
  // yoga turns extensions.http into the response status and strips it from the body.
  return new GraphQLError(message, { extensions: { code: 'MUTATIONS_DISABLED', http: { status: 403 } } });
}

/**
 * Which operations may write, checked before execution (so a refused mutation calls
 * nothing). The token itself is checked earlier, before parsing (useAuthentication);
 * this needs the parsed operation:
 * - read-only refuses every mutation (MUTATIONS_DISABLED, 403);
 * - without a token, mutations are served only to a gateway listening on loopback,
 *   where only this machine can reach it (MUTATIONS_DISABLED, 403).
 */
export function useWriteSafety({
  host = '127.0.0.1',
  token,
  readOnly = false,
}: WriteSafetyOptions = {}): Plugin {
  const loopback = isLoopbackHost(host);
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (operation?.operation !== 'mutation') return;
      if (readOnly)
        setResultAndStopExecution({
          errors: [refusal('Mutations are disabled: the gateway is read-only (GATEWAY_READ_ONLY).')],
        });
      else if (!loopback && token === undefined)
        setResultAndStopExecution({
          errors: [
            refusal(
              `Mutations are disabled: the gateway listens on ${host}, which other machines can reach, and no GATEWAY_TOKEN is configured. Configure a token, or listen on 127.0.0.1.`,
            ),
          ],
        });
    },
  };
}
