import type { ActionInput, ActionResult, AnyAction } from './action.js';

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
