import { GraphQLError } from 'graphql';

/** What a client needs of a failed ECS call; EcsError of the client carries these. */
export interface EcsErrorDetails {
  readonly code: string;
  readonly message: string;
  readonly requestId: string | undefined;
  readonly httpStatus: number | undefined;
}

/**
 * Reads an ECS error by its properties rather than its class, so that errors of any
 * EcsCaller (the client, a test double) are recognized: a `code` string beside a
 * `requestId` or `httpStatus` property.
 */
export function ecsErrorDetails(error: unknown): EcsErrorDetails | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, requestId, httpStatus } = error as Error & Record<string, unknown>;
  if (typeof code !== 'string' || !('requestId' in error || 'httpStatus' in error)) return undefined;
  return {
    code,
    message: redactSecrets(error.message),
    requestId: typeof requestId === 'string' ? requestId : undefined,
    httpStatus: typeof httpStatus === 'number' ? httpStatus : undefined,
  };
}

// ECS's SignatureDoesNotMatch message quotes its string to sign, which holds every
// parameter, SecurityToken included; the rest catches secrets in URLs and objects.
const STRING_TO_SIGN = /\s*(?:server )?string to sign is:.*$/is;
const SECRET_VALUE =
  /((?:Signature|SecurityToken|AccessKeySecret|accessKeySecret|securityToken|authorization)(?:=|%3D|"?\s*[:=]\s*"?))[^&\s"',}]+/gi;

/** Removes secrets from a text bound for a client or a log line. */
export function redactSecrets(text: string): string {
  return text.replace(STRING_TO_SIGN, '').replace(SECRET_VALUE, '$1[redacted]');
}

/** A GraphQL error for bad input: names the argument and the rule. */
export function badUserInput(argument: string, rule: string, got: unknown): GraphQLError {
  return new GraphQLError(`Argument ${argument} ${rule}; got ${JSON.stringify(got)}.`, {
    extensions: { code: 'BAD_USER_INPUT', argument, rule },
  });
}

/** A value ECS should always return; its absence is a bug or an API change, not user data. */
export function present<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`ECS returned no ${what}.`);
  return value;
}
