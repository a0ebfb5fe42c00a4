/**
 * Open-loop clients: each sends on a fixed beat whether or not its last query has been
 * answered, as a dashboard's timer does, so a slow answer does not hide the waits of
 * the queries behind it (a client that waits for its answer sends less as the gateway
 * slows, and measures less than it costs).
 */

export interface OpenLoopPlan {
  readonly clients: number;
  /** Time between two queries of one client. */
  readonly periodMs: number;
  /** Sends before the window, not measured: the gateway and its cache reach their steady state. */
  readonly warmupMs: number;
  /** The measured span, after the warm-up. */
  readonly windowMs: number;
  /**
   * Every client on the same beat. By default client i starts i/clients of a period
   * after client 0, so the clients are spread evenly over each period, as independent
   * timers are.
   */
  readonly aligned?: boolean;
}

export interface Send {
  readonly client: number;
  /** From the start of the warm-up. */
  readonly atMs: number;
  /** Sent within the window (its answer counts); false during the warm-up. */
  readonly measured: boolean;
}

/** Every query of the plan in the order it is sent (by time, then by client). */
export function openLoopSchedule(plan: OpenLoopPlan): Send[] {
  const { clients, periodMs, warmupMs, windowMs } = plan;
  if (!Number.isInteger(clients) || clients < 1)
    throw new RangeError(`clients must be a positive integer; got ${clients}`);
  if (!(periodMs > 0) || !Number.isFinite(periodMs))
    throw new RangeError(`periodMs must be a positive number; got ${periodMs}`);
  if (!(warmupMs >= 0) || !Number.isFinite(warmupMs))
    throw new RangeError(`warmupMs must be 0 or more; got ${warmupMs}`);
  if (!(windowMs > 0) || !Number.isFinite(windowMs))
    throw new RangeError(`windowMs must be a positive number; got ${windowMs}`);
  const end = warmupMs + windowMs;
  const sends: Send[] = [];
  for (let client = 0; client < clients; client++) {
    const offset = plan.aligned ? 0 : (client * periodMs) / clients;
    for (let beat = 0; ; beat++) {
      const atMs = offset + beat * periodMs;
      if (atMs >= end) break;
      sends.push({ client, atMs, measured: atMs >= warmupMs });
    }
  }
  return sends.sort((a, b) => a.atMs - b.atMs || a.client - b.client);
}

/**
 * The most upstream calls a second that a shared cache lets through when every query
 * costs `callsPerQuery` on a miss: the query's calls once per TTL, whatever the number
 * of clients.
 */
export function callsPerTtlBound(callsPerQuery: number, ttlMs: number): number {
  if (!Number.isFinite(callsPerQuery) || callsPerQuery < 0)
    throw new RangeError(`callsPerQuery must be 0 or more; got ${callsPerQuery}`);
  if (!Number.isFinite(ttlMs) || ttlMs <= 0)
    throw new RangeError(`the TTL must be positive (0 turns the cache off); got ${ttlMs}`);
  return callsPerQuery / (ttlMs / 1000);
}
