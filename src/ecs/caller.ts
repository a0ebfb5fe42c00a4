import type { ActionInput, ActionResult, AnyAction } from '../spec/action.js';

/** Per-call options of an ECS call. */
export interface CallOptions {
  /**
   * The region whose endpoint serves the call, for actions whose input names none
   * (StartInstance, AttachDisk, ... take only resource ids). The input's own region
   * parameter wins when present.
   */
  readonly regionId?: string;
  /**
   * Idempotency key for an action that accepts ClientToken. When absent the client
   * generates one per logical call and reuses it on every retry.
   */
  readonly clientToken?: string;
  /** Aborts the call and any retry still to come. */
  readonly signal?: AbortSignal;
  /**
   * Whose call this is, as an opaque key (one per GraphQL request): the client's
   * limiter serves waiting calls in turn between flows. Calls without one share a flow.
   */
  readonly flow?: string;
  /**
   * Told how this call ended, after the client's own hook: e.g. to count only the calls
   * that reached ECS (`attempts > 0`; a parameter refused before sending, a breaker's
   * refusal, a client already closed have none).
   */
  readonly onEnd?: CallHook;
}

/**
 * What the rest of the gateway needs of the wire: one typed call per action. The
 * region of a call (and so its regional endpoint) is the input's region parameter,
 * else `options.regionId`, else the configured default region.
 */
export interface EcsCaller {
  call<A extends AnyAction>(
    action: A,
    input: ActionInput<A>,
    options?: CallOptions,
  ): Promise<ActionResult<A>>;
}

/** What the client reports of every call, successful or not, once it is over. */
export interface CallEvent {
  readonly action: string;
  readonly regionId: string;
  readonly attempts: number;
  readonly durationMs: number;
  /** The last attempt's HTTP status; undefined when no response arrived. */
  readonly httpStatus: number | undefined;
  readonly requestId: string | undefined;
  /** The ECS error code, or a transport code such as `Timeout` or `ConnectionReset`. */
  readonly errorCode: string | undefined;
  /** Attempts ECS refused with a throttling code, retried ones included. */
  readonly throttled: number;
}

export type CallHook = (event: CallEvent) => void;

/** One hook that calls each of `hooks` in turn; one observer's failure does not stop the others. */
export function callHooks(...hooks: readonly (CallHook | undefined)[]): CallHook {
  const present = hooks.filter((hook): hook is CallHook => hook !== undefined);
  return (event) => {
    for (const hook of present) {
      try {
        hook(event);
      } catch {
        // An observer's failure must not change the outcome of the call, nor hide it from the others.
      }
    }
  };
}
