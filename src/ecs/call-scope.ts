/**
 * The lifetime of one logical call: it ends when the caller aborts or the total
 * deadline passes, whichever comes first, and it remembers which, so that the
 * failure can be named `Aborted` or `DeadlineExceeded` whatever undici threw.
 */
export class CallScope {
  private readonly controller = new AbortController();
  private readonly startedAt: number;
  private readonly timer: ReturnType<typeof setTimeout>;
  private cause: 'Aborted' | 'DeadlineExceeded' | undefined;
  private readonly onCallerAbort = () => this.stop('Aborted');

  constructor(
    private readonly deadlineMs: number,
    private readonly callerSignal: AbortSignal | undefined,
    /** Monotonic ms; injected by tests that move time by hand (the deadline timer stays real). */
    private readonly now: () => number = () => performance.now(),
  ) {
    this.startedAt = now();
    this.timer = setTimeout(() => this.stop('DeadlineExceeded'), deadlineMs);
    if (callerSignal?.aborted) this.stop('Aborted');
    else callerSignal?.addEventListener('abort', this.onCallerAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Why the call was stopped; undefined while it may go on. */
  get stoppedBy(): 'Aborted' | 'DeadlineExceeded' | undefined {
    return this.cause;
  }

  remainingMs(): number {
    return this.deadlineMs - (this.now() - this.startedAt);
  }

  /** Settles with `promise`, or rejects as soon as the call is stopped. */
  race<T>(promise: Promise<T>): Promise<T> {
    const signal = this.signal;
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.callerSignal?.removeEventListener('abort', this.onCallerAbort);
  }

  private stop(cause: 'Aborted' | 'DeadlineExceeded'): void {
    if (this.cause) return;
    this.cause = cause;
    this.controller.abort();
  }
}

/** One attempt's own time limit, inside the call's. */
export class AttemptTimer {
  private readonly controller = new AbortController();
  private readonly timer: ReturnType<typeof setTimeout>;
  private readonly onCallAbort = () => this.controller.abort();
  timedOut = false;

  constructor(
    private readonly callSignal: AbortSignal,
    timeoutMs: number,
  ) {
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort();
    }, timeoutMs);
    if (callSignal.aborted) this.controller.abort();
    else callSignal.addEventListener('abort', this.onCallAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.callSignal.removeEventListener('abort', this.onCallAbort);
  }
}
