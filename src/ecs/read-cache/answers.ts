import type { AnyAction } from '../../spec/action.js';

/** What the read cache does to the answers it shares: which are short-lived, freezing them, racing them against a caller's signal. */

/** Whether an answer holds an item in a state its resource leaves by itself within seconds. */
export function isTransitional(action: AnyAction, value: unknown): boolean {
  const status = action.reads?.status;
  if (!status || value === null || typeof value !== 'object') return false;
  const listed =
    action.reads?.list === undefined ? value : (value as Record<string, unknown>)[action.reads.list];
  const items = Array.isArray(listed) ? listed : [listed];
  return items.some((item) => {
    const state =
      item !== null && typeof item === 'object' ? (item as Record<string, unknown>)[status.field] : undefined;
    return typeof state === 'string' && status.transitional.includes(state);
  });
}

/** Settles with `promise`, or rejects as soon as `signal` aborts (the promise runs on). */
export function raceSignal<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Answers shared between requests are frozen: no request can change another's. */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  for (const item of Object.values(value)) deepFreeze(item);
  return Object.freeze(value);
}
