import { randomUUID } from 'node:crypto';
import type { EcsCaller } from '../../src/ecs/caller.js';
import { decodeResponse, type ResponseFormat } from '../../src/ecs/decode.js';
import { encodeParams } from '../../src/ecs/encode-params.js';
import type { SimulatorDomain } from '../../src/simulator/domain.js';
import { parseParams } from '../../src/simulator/parse-params.js';
import { serializeResult } from '../../src/simulator/serialize.js';
import type { ActionInput, ActionResult, AnyAction } from '../../src/spec/action.js';
import type { ApiLimits } from '../../src/spec/limits.js';
import { BENCH_ACCOUNT } from './estate.js';

/**
 * The body the simulator would send for a call: the client's parameter encoding, the
 * simulator's parsing, its handler and serializer, without signing or a socket.
 */
export async function answerBody<A extends AnyAction>(
  domain: SimulatorDomain,
  action: A,
  input: ActionInput<A>,
  options: { readonly format: ResponseFormat; readonly limits: ApiLimits },
): Promise<string> {
  const wire = encodeParams(action.params, input as Readonly<Record<string, unknown>>, options.limits);
  const parsed = parseParams(action.params, wire, options.limits);
  const requestId = randomUUID().toUpperCase();
  const result = await domain.handle(action, parsed, { accessKeyId: BENCH_ACCOUNT.accessKeyId, requestId });
  return serializeResult(action, result, requestId, options.format);
}

/**
 * An EcsCaller over the simulator's domain in process: every call is encoded, parsed,
 * handled, serialized and decoded as over the wire, minus HTTP and signatures. For
 * runs of thousands of queries where the socket is not what is measured.
 */
export function inProcessCaller(
  domain: SimulatorDomain,
  options: {
    readonly format: ResponseFormat;
    readonly limits: ApiLimits;
    /**
     * Answers a repeated call with the body of its first answer (the same RequestId
     * included), so that a long run measures the gateway, not the simulator; every
     * answer is still decoded afresh. Only for reads of an estate that does not change.
     */
    readonly reuseAnswers?: boolean;
  },
): EcsCaller {
  const answers = new Map<string, Promise<string>>();
  const bodyOf = <A extends AnyAction>(action: A, input: ActionInput<A>): Promise<string> => {
    if (!options.reuseAnswers) return answerBody(domain, action, input, options);
    const key = JSON.stringify([action.name, input]);
    let body = answers.get(key);
    if (!body) {
      body = answerBody(domain, action, input, options);
      answers.set(key, body);
    }
    return body;
  };
  return {
    async call<A extends AnyAction>(action: A, input: ActionInput<A>): Promise<ActionResult<A>> {
      return decodeResponse(action, await bodyOf(action, input), options.format);
    },
  };
}
