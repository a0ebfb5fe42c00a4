/**
 * A concurrency limit in the manner of p-limit: at most `limit` tasks run at once,
 * the rest wait in order. It is how a careful script bounds a Promise.all fan-out,
 * as the gateway's client bounds its own calls.
 */
export function createLimit(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`limit must be a positive integer; got ${limit}`);
  let running = 0;
  const waiting: Array<() => void> = [];
  const release = () => {
    running -= 1;
    waiting.shift()?.();
  };
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
    try {
      return await task();
    } finally {
      release();
    }
  };
}
