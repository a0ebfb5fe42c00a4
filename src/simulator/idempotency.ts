import { ServiceError } from './backend.js';

/**
 * ClientToken idempotency ("How to Ensure Idempotence"): a write repeated with the
 * same token and the same parameters returns the first result without acting again;
 * the same token with other parameters is refused. Records are kept per account, for
 * a limited time and in a limited number, so memory stays bounded.
 */

export interface IdempotencyOptions {
  /** How long a token is remembered. Default: one hour. */
  readonly ttlMs?: number;
  /** Most tokens remembered over all accounts; the oldest go first. Default: 10,000. */
  readonly maxRecords?: number;
}

interface TokenRecord {
  readonly fingerprint: string;
  readonly result: Record<string, unknown>;
  readonly expiresAt: number;
}

/** The answer when an action documents no row of its own (CreateSnapshot documents 403). */
const MISMATCH = { message: 'The specified clientToken is used with different parameters.', httpStatus: 400 };

export class IdempotencyRecords {
  readonly #records = new Map<string, TokenRecord>();
  readonly #ttlMs: number;
  readonly #maxRecords: number;
  readonly #now: () => number;

  constructor(now: () => number, options: IdempotencyOptions = {}) {
    this.#now = now;
    this.#ttlMs = options.ttlMs ?? 3_600_000;
    this.#maxRecords = options.maxRecords ?? 10_000;
  }

  /**
   * Runs `act` unless the account already used `token`: then returns the first result
   * when `action` and `params` are the same, or throws IdempotentParameterMismatch.
   * A failed `act` records nothing, so the call can be repeated once its cause is fixed.
   */
  run(
    accountId: string,
    token: string,
    action: string,
    params: Readonly<Record<string, unknown>>,
    act: () => Record<string, unknown>,
    mismatch: { readonly code?: string; readonly message: string; readonly httpStatus: number } = MISMATCH,
  ): Record<string, unknown> {
    const now = this.#now();
    this.#expire(now);
    const key = `${accountId}\u0000${token}`;
    const fingerprint = `${action}\u0000${canonicalJson(params)}`;
    const known = this.#records.get(key);
    if (known) {
      if (known.fingerprint !== fingerprint)
        throw new ServiceError(
          mismatch.code ?? 'IdempotentParameterMismatch',
          mismatch.message,
          mismatch.httpStatus,
        );
      return structuredClone(known.result);
    }
    const result = act();
    this.#records.set(key, { fingerprint, result: structuredClone(result), expiresAt: now + this.#ttlMs });
    while (this.#records.size > this.#maxRecords) {
      const oldest = this.#records.keys().next().value as string;
      this.#records.delete(oldest);
    }
    return result;
  }

  get size(): number {
    return this.#records.size;
  }

  clear(): void {
    this.#records.clear();
  }

  /** Records are kept in insertion order with one TTL, so the expired ones are at the front. */
  #expire(now: number): void {
    for (const [key, record] of this.#records) {
      if (record.expiresAt > now) break;
      this.#records.delete(key);
    }
  }
}

/** JSON with object keys sorted, so equal parameters give equal text whatever their order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
