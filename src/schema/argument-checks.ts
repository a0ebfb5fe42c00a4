import type { GraphQLError } from 'graphql';
import type { ApiLimits } from '../spec/limits.js';

/**
 * A field's own argument rules that depend on the gateway's settings (id-filter limits),
 * declared on the field as `extensions: argumentCheck(...)` and run before execution,
 * so a bad argument anywhere fails the operation before any ECS call. `path` names the
 * field in the operation (`region.instances`).
 */
export type ArgumentCheck = (
  args: Readonly<Record<string, unknown>>,
  env: { readonly limits: ApiLimits },
  path: string,
) => readonly GraphQLError[];

const EXTENSION = 'argumentCheck';

export function argumentCheck(check: ArgumentCheck): { readonly [EXTENSION]: ArgumentCheck } {
  return { [EXTENSION]: check };
}

export function readArgumentCheck(
  extensions: Readonly<Record<string, unknown>> | null | undefined,
): ArgumentCheck | undefined {
  return extensions?.[EXTENSION] as ArgumentCheck | undefined;
}
