/** A Redis command that takes longer than this is treated as failed (Redis stalled, not down). */
export class RedisTimeout extends Error {
  override readonly name = 'RedisTimeout';
  constructor(ms: number) {
    super(`Redis did not answer within ${ms} ms.`);
  }
}

/**
 * Settles with `promise`, or rejects with RedisTimeout after `ms`: a connection that is
 * up but stalled must cost a request at most that long before local state answers.
 */
export function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RedisTimeout(ms)), ms);
    timer.unref?.();
  });
  // The late answer (or failure) of a command given up on is dropped, not left unhandled.
  promise.catch(() => {});
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
