// autocannon ships no types; this declares the part of its programmatic API the throughput scenario uses.
declare module 'autocannon' {
  interface RequestSpec {
    readonly method?: string;
    readonly path?: string;
    readonly headers?: Readonly<Record<string, string>>;
    readonly body?: string;
  }

  interface Options {
    readonly url: string;
    readonly connections?: number;
    /** Seconds. */
    readonly duration?: number;
    readonly method?: string;
    readonly headers?: Readonly<Record<string, string>>;
    readonly body?: string;
    /** Counts an answer with another body as a mismatch. */
    readonly expectBody?: string;
    readonly requests?: ReadonlyArray<RequestSpec & { setupRequest?: (request: RequestSpec) => RequestSpec }>;
  }

  interface Histogram {
    readonly average: number;
    readonly p50: number;
    readonly p99: number;
    readonly max: number;
    /** Of the requests histogram: every completed request. */
    readonly total: number;
  }

  interface Result {
    readonly requests: Histogram;
    readonly latency: Histogram;
    readonly errors: number;
    readonly timeouts: number;
    readonly mismatches: number;
    readonly non2xx: number;
    /** Seconds. */
    readonly duration: number;
  }

  export type { Result };

  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
