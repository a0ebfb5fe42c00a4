import type { CallEvent } from '../ecs/caller.js';
import { CONNECTION_FAILURE_CODES } from '../ecs/errors.js';

export interface ReadinessOptions {
  /** The default region (ALIBABA_CLOUD_REGION_ID): the endpoint the gateway cannot do without. */
  readonly regionId: string;
  /** Connection failures in a row that open the client's breaker (ECS_BREAKER_FAILURES). */
  readonly failureThreshold: number;
  /** A cheap call to the default region (DescribeRegions); its event comes back through `observe`. */
  readonly probe: () => Promise<unknown>;
  /** How long what a call told stays known, ms. Default 30 s. */
  readonly freshMs?: number;
  /** Fewest ms between two probes, however often /readyz is asked. Default 10 s. */
  readonly probeIntervalMs?: number;
  /** Epoch ms. */
  readonly now?: () => number;
}

export type ReadinessAnswer = { readonly ready: true } | { readonly ready: false; readonly reason: string };

/**
 * Whether the upstream can serve, from what the client's calls tell (its CallHook,
 * `observe`), mirroring its circuit breaker: unready once `failureThreshold`
 * connection failures in a row, or a breaker refusal, came from the default region's
 * endpoint; ready again at its next answer, whatever the status (an answer shows the
 * endpoint reachable). Calls to other regions say nothing: a client's made-up region
 * must not take the gateway out of service.
 *
 * Asking never waits on ECS. When nothing was heard for `freshMs`, or the endpoint is
 * down, asking starts a probe in the background, at most one at a time and one per
 * `probeIntervalMs`, so probes cost ECS at most a call every ten seconds.
 */
export class UpstreamReadiness {
  private readonly freshMs: number;
  private readonly probeIntervalMs: number;
  private readonly now: () => number;
  private failures = 0;
  private lastFailure = '';
  private open = false;
  private heardAt: number | undefined;
  private probedAt: number | undefined;
  private probing = false;

  constructor(private readonly options: ReadinessOptions) {
    this.freshMs = options.freshMs ?? 30_000;
    this.probeIntervalMs = options.probeIntervalMs ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** The client's CallHook. */
  readonly observe = (event: CallEvent): void => {
    if (event.regionId !== this.options.regionId) return;
    if (event.httpStatus !== undefined) {
      this.failures = 0;
      this.open = false;
    } else if (event.errorCode === 'UpstreamUnavailable') {
      this.open = true;
    } else if (event.errorCode !== undefined && CONNECTION_FAILURE_CODES.has(event.errorCode as never)) {
      // Each attempt of the call failed to connect, as far as the breaker counts.
      this.failures += Math.max(1, event.attempts);
      this.lastFailure = event.errorCode;
      if (this.failures >= this.options.failureThreshold) this.open = true;
    } else return; // refused before sending, aborted, out of time: nothing about the endpoint
    this.heardAt = this.now();
  };

  check(): ReadinessAnswer {
    const now = this.now();
    const stale = this.heardAt === undefined || now - this.heardAt >= this.freshMs;
    if (
      (stale || this.open) &&
      !this.probing &&
      (this.probedAt === undefined || now - this.probedAt >= this.probeIntervalMs)
    ) {
      this.probing = true;
      this.probedAt = now;
      this.options
        .probe()
        .catch(() => {
          // Its outcome arrives through `observe`, like any other call's.
        })
        .finally(() => {
          this.probing = false;
        });
    }
    if (!this.open) return { ready: true };
    const last = this.lastFailure === '' ? '' : ` (last: ${this.lastFailure})`;
    return {
      ready: false,
      reason: `ECS unreachable: ${this.failures} connection failures in a row${last}; calls are refused until it answers again`,
    };
  }
}
