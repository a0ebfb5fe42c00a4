import type { AnyAction } from '../spec/action.js';
import { ParamError } from './errors.js';

/**
 * The input of an action that takes a ClientToken, with one: the input's, else the
 * call option's, else a new one. One token per logical call, sent unchanged by every
 * attempt, so ECS acts at most once. Two different tokens are refused before sending.
 */
export function withClientToken(
  action: AnyAction,
  input: Readonly<Record<string, unknown>>,
  optionToken: string | undefined,
  newToken: () => string,
): Readonly<Record<string, unknown>> {
  if (action.idempotency !== 'clientToken') return input;
  const given = input.ClientToken;
  if (given !== undefined && optionToken !== undefined && given !== optionToken) {
    const rule = 'the same in the input and in options.clientToken';
    const message = `The specified parameter "ClientToken" is not valid: ${rule}.`;
    throw new ParamError([
      { param: 'ClientToken', rule, code: 'InvalidParameter', httpStatus: 400, message },
    ]);
  }
  return { ...input, ClientToken: given ?? optionToken ?? newToken() };
}
