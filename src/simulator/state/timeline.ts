/**
 * A resource's status over time: a list of phases, each starting at an instant.
 * Actions replace the timeline with the phases of a transition (`Starting` now,
 * `Running` 3 s later); reads compute the status at the clock's time. Nothing runs
 * in the background, so a manual clock fully controls every transition.
 */
export interface Phase<S extends string> {
  readonly status: S;
  /** When this phase begins (ms since the epoch). */
  readonly at: number;
}

export type Timeline<S extends string> = readonly Phase<S>[];

/** A status that holds from `at` on. */
export function steady<S extends string>(status: S, at: number): Timeline<S> {
  return [{ status, at }];
}

/**
 * A transition that starts at `now`: each step holds for its duration, the last
 * status holds after them. `transition(t, [['Starting', 3000]], 'Running')`.
 */
export function transition<S extends string>(
  now: number,
  steps: readonly (readonly [S, number])[],
  final: S,
): Timeline<S> {
  const phases: Phase<S>[] = [];
  let at = now;
  for (const [status, duration] of steps) {
    phases.push({ status, at });
    at += duration;
  }
  phases.push({ status: final, at });
  return phases;
}

/** The status at `now`: the last phase that has begun. */
export function statusAt<S extends string>(timeline: Timeline<S>, now: number): S {
  let current = timeline[0] as Phase<S>;
  for (const phase of timeline) {
    if (phase.at <= now) current = phase;
    else break;
  }
  return current.status;
}

/** When the timeline reaches its final status. */
export function settlesAt<S extends string>(timeline: Timeline<S>): number {
  return (timeline[timeline.length - 1] as Phase<S>).at;
}

/** Whether the final status has been reached at `now`. */
export function isSettled<S extends string>(timeline: Timeline<S>, now: number): boolean {
  return settlesAt(timeline) <= now;
}
