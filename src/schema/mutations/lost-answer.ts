import type { EcsCallError } from '../../ecs/errors.js';
import { mayHaveActed } from '../../ecs/retry.js';
import type { AnyAction } from '../../spec/action.js';
import type { MutationDone } from './mutation-done.js';

/**
 * The code of a failure after which ECS may have acted: no usable answer arrived to a
 * request that may have been sent (a connection broken after sending, a timeout, the
 * deadline, an abort, a garbled answer), or ECS answered 5xx, which it may do after
 * acting (and `LastTokenProcessing`: an attempt with the same token is still running).
 * Undefined for a failure that proves nothing was done: a request never sent
 * (`unsent`), a client already closed, throttling (a refusal before acting), or any
 * other answer of ECS.
 */
export function lostAnswerCode(error: unknown): string | undefined {
  return mayHaveActed(error) ? (error as EcsCallError).code : undefined;
}

/**
 * How a mutation tells, after a lost answer, whether its action took effect: it reads
 * the affected resources afresh and answers its payload when their state shows it.
 */
export interface Evidence<A extends AnyAction, P> {
  /** What in the state shows it, in words: `the instance is Stopping or Stopped`. */
  readonly shows: string;
  /**
   * Reads the resources afresh (the request's caches are dropped before) and returns
   * the payload when their state shows the action took effect, else undefined.
   * `done.result` is undefined: the answer was lost.
   */
  readonly check: (done: MutationDone<A>) => Promise<P | undefined>;
}

/** A mutation whose effect cannot be read back; a lost answer is always OutcomeUnknownError. */
export interface NoEvidence {
  /** Why, in words: `the new snapshot's id was in the lost answer`. */
  readonly unknowable: string;
}

export function noEvidence(unknowable: string): NoEvidence {
  return { unknowable };
}
