/**
 * Signature nonces already used, per AccessKeyId. A nonce only needs remembering for
 * as long as its request's timestamp would still be accepted: after that a replay is
 * refused as IllegalTimestamp anyway. So each record carries an expiry and expired
 * records are swept, which keeps memory bounded by the request rate times the window.
 */
export class NonceRegistry {
  readonly #expiries = new Map<string, number>();
  #nextSweep = 0;

  constructor(private readonly now: () => Date) {}

  /**
   * Records a nonce until `expiresAt` (epoch ms). Returns false, recording nothing,
   * when the same AccessKeyId already used it and the record has not expired.
   */
  claim(accessKeyId: string, nonce: string, expiresAt: number): boolean {
    const now = this.now().getTime();
    this.#sweep(now);
    // A newline cannot appear in an HTTP header or in a decoded id worth keeping apart.
    const key = `${accessKeyId}\n${nonce}`;
    const recorded = this.#expiries.get(key);
    if (recorded !== undefined && recorded > now) return false;
    this.#expiries.set(key, expiresAt);
    return true;
  }

  /** How many nonces are remembered (for tests and the stats endpoint). */
  get size(): number {
    return this.#expiries.size;
  }

  clear(): void {
    this.#expiries.clear();
  }

  // A full scan at most once a second of (injected) clock time: O(records) per second.
  #sweep(now: number) {
    if (now < this.#nextSweep) return;
    this.#nextSweep = now + 1000;
    for (const [key, expiresAt] of this.#expiries) if (expiresAt <= now) this.#expiries.delete(key);
  }
}
