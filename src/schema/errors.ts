import { GraphQLError } from 'graphql';
import { EcsCallError } from '../ecs/errors.js';

/** Client codes of the gateway's own upstream conditions, in GraphQL's usual style. */
const PUBLIC_CODES: Readonly<Record<string, string>> = { UpstreamUnavailable: 'UPSTREAM_UNAVAILABLE' };

/** The code a client sees for an ECS or transport code: the code itself, or the gateway's name for its own conditions. */
export function publicEcsCode(code: string): string {
  return PUBLIC_CODES[code] ?? code;
}

/** What a client needs of a failed ECS call. */
export interface EcsErrorDetails {
  readonly code: string;
  readonly message: string;
  readonly requestId: string | undefined;
  readonly httpStatus: number | undefined;
}

/**
 * The details of a failed ECS call: an error ECS answered (EcsError: `Throttling`,
 * `InvalidDiskId.NotFound`) or a transport failure (`Timeout`, `ConnectionReset`).
 * Undefined for anything else, which is a bug to be masked.
 */
export function ecsErrorDetails(error: unknown): EcsErrorDetails | undefined {
  if (!(error instanceof EcsCallError)) return undefined;
  return {
    code: publicEcsCode(error.code),
    message: redactSecrets(error.message),
    requestId: error.requestId,
    httpStatus: error.httpStatus,
  };
}

// ECS's SignatureDoesNotMatch message quotes its string to sign, which holds every
// parameter, SecurityToken included; the rest catches secrets in URLs and objects.
const STRING_TO_SIGN = /\s*(?:server )?string to sign is:.*$/is;
const SECRET_VALUE =
  /((?:Signature|SecurityToken|AccessKeySecret|accessKeySecret|securityToken)(?:=|%3D|"?\s*[:=]\s*"?))[^&\s"',}]+/gi;
// A gateway token travels in the Authorization header: everything after the name goes.
const AUTHORIZATION = /(authorization"?\s*[:=]\s*"?)[^\n"',}]+/gi;

/** Removes secrets from a text bound for a client or a log line. */
export function redactSecrets(text: string): string {
  return text
    .replace(STRING_TO_SIGN, '')
    .replace(SECRET_VALUE, '$1[redacted]')
    .replace(AUTHORIZATION, '$1[redacted]');
}

// Inside a JSON line a quoted string to sign ends where its JSON string does (an escaped
// quote or newline is part of it); the fields after it, and the line's end, stay.
const STRING_TO_SIGN_IN_JSON = /\s*(?:server )?string to sign is:(?:[^"\\\n]|\\.)*/gi;

/**
 * redactSecrets for one serialized JSON line: a string to sign is cut to the end of
 * the JSON string holding it, never to the end of the line, so text a client sends
 * cannot cut a log line short and glue the next one onto it.
 */
export function redactSecretsInJsonLine(line: string): string {
  return redactSecrets(line.replace(STRING_TO_SIGN_IN_JSON, ''));
}

/** How much of a refused value an error quotes: enough to recognise it, never the client's whole input. */
const QUOTED_CHARACTERS = 120;

/** A GraphQL error for bad input: names the argument and the rule, and quotes the value, cut short. */
export function badUserInput(argument: string, rule: string, got: unknown): GraphQLError {
  const text = JSON.stringify(got) ?? String(got);
  const quoted =
    text.length <= QUOTED_CHARACTERS
      ? text
      : `${text.slice(0, QUOTED_CHARACTERS)}… (${text.length} characters)`;
  return new GraphQLError(`Argument ${argument} ${rule}; got ${quoted}.`, {
    extensions: { code: 'BAD_USER_INPUT', argument, rule },
  });
}

/** A value ECS should always return; its absence is a bug or an API change, not user data. */
export function present<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`ECS returned no ${what}.`);
  return value;
}
