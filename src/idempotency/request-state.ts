import type { Idempotency } from '../spec/action.js';
import { derivedClientToken } from './key.js';

/** How a write of the request ended, as far as ECS is concerned. */
export type WriteOutcome = 'done' | 'refused' | 'unknown';

interface WriteRecord {
  readonly idempotency: Idempotency;
  readonly outcome: WriteOutcome;
}

/**
 * The Idempotency-Key of one request and the writes it made: the plugin attaches it to
 * the request's context, mutations derive their ClientToken from it and note how each
 * write ended, and the plugin decides from that whether the result is kept.
 */
export class RequestIdempotency {
  readonly #writes: WriteRecord[] = [];

  constructor(
    private readonly scope: string,
    private readonly key: string,
  ) {}

  /** The ClientToken of the mutation field at `fieldPath` (its response key). */
  clientToken(fieldPath: string): string {
    return derivedClientToken(this.scope, this.key, fieldPath);
  }

  /** A write reached ECS (or may have): it did it, refused it, or may have done it. */
  noteWrite(idempotency: Idempotency, outcome: WriteOutcome): void {
    this.#writes.push({ idempotency, outcome });
  }

  /**
   * Whether the result is kept for the key. Not when no write reached ECS (invalid
   * input, a call never sent): nothing happened, repeating is harmless. Not either when
   * an outcome is unknown and every write takes a ClientToken: a retry with the key
   * sends the same tokens, so ECS acts at most once and tells what it did. Otherwise
   * it is kept, so that the key never makes ECS act twice.
   */
  shouldKeep(): boolean {
    if (this.#writes.length === 0) return false;
    const unknown = this.#writes.some((write) => write.outcome === 'unknown');
    return !(unknown && this.#writes.every((write) => write.idempotency === 'clientToken'));
  }
}

const byContext = new WeakMap<object, RequestIdempotency>();

export function attachIdempotency(context: object, state: RequestIdempotency): void {
  byContext.set(context, state);
}

/** The request's Idempotency-Key state; undefined when it sent no key. */
export function idempotencyOf(context: object): RequestIdempotency | undefined {
  return byContext.get(context);
}
