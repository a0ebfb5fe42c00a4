import { type InputOf, type Params, p, type StringParam } from './params.js';
import { type Fields, type InferObject, type ObjectShape, type StringShape, t } from './shape.js';

/**
 * How a call may be repeated after a failure that may have reached the server:
 * - `read`: it changes nothing, repeat freely;
 * - `clientToken`: a write that accepts ClientToken; the client sends one token per
 *   logical call and reuses it on every attempt, so ECS acts at most once;
 * - `none`: a write with no idempotency key; never repeated once it may have arrived.
 */
export type Idempotency = 'read' | 'clientToken' | 'none';

type WithClientToken<P extends Params, I extends Idempotency> = I extends 'clientToken'
  ? P & { readonly ClientToken: StringParam }
  : P;

type WithRequestId<F extends Fields> = F & { readonly RequestId: StringShape };

/**
 * The kinds of resource the reads answer about. A cache of reads tags each answer with
 * its kind and region, and a write names the kinds it can change, so the cache can drop
 * exactly those answers. `catalog` (regions, zones, instance types) no write changes.
 */
export type ResourceKind =
  | 'instance'
  | 'disk'
  | 'snapshot'
  | 'image'
  | 'securityGroup'
  | 'autoSnapshotPolicy'
  | 'eip'
  | 'vpc'
  | 'catalog';

/**
 * How a Describe* action pages. Every paged action takes PageNumber/PageSize; `tokens`
 * marks one that today's API also pages by NextToken: MaxResults items a call, at most
 * `tokens.maxResults` (more is taken as that many), the next call carrying the
 * NextToken of the answer until it comes back empty. The 2014 API has no tokens.
 */
export interface PageSpec {
  readonly list: string;
  readonly tokens?: {
    readonly maxResults: number;
    /** The smallest MaxResults honoured; a smaller one (or none) is taken as 10. Default 1. */
    readonly minResults?: number;
  };
}

/** What a read action answers about. */
export interface ReadsSpec {
  readonly kind: ResourceKind;
  /** The response list holding the items; absent when the response is the one item itself. */
  readonly list?: string;
  /** The parameter that restricts the answer to given ids: with no other filter, the call is a lookup by id. */
  readonly ids?: string;
  /**
   * The item field holding its state, and the states a resource leaves by itself within
   * seconds (Starting, Attaching, a snapshot in progress): answers holding one go stale sooner.
   */
  readonly status?: { readonly field: string; readonly transitional: readonly string[] };
  /**
   * Each answer is a one-time value (a VNC URL good for one connection): a cache of
   * reads neither stores nor shares it, and every read is a call of its own.
   */
  readonly oneTime?: true;
}

/**
 * What a write can change, for caches of reads to drop: the resources of `kind` named
 * by the input parameter `ids` (a string id or a JSON id list), and every listing of that
 * kind in the call's region; without `ids`, everything of that kind in the region.
 */
export interface ChangeSpec {
  readonly kind: Exclude<ResourceKind, 'catalog'>;
  readonly ids?: string;
}

/**
 * One row of an action's documented error table: what the simulator answers in that
 * situation and what the schema offers as a typed error. A code may stand in several
 * rows (`OperationDenied` for different causes, sometimes with different statuses).
 */
export interface ErrorSpec<C extends string = string> {
  readonly code: C;
  readonly httpStatus: number;
  /** The message ECS sends with the code. */
  readonly message: string;
  /** When ECS answers so, in words; surfaces in GraphQL descriptions. */
  readonly doc: string;
}

export interface ActionSpec<
  N extends string = string,
  P extends Params = Params,
  F extends Fields = Fields,
  C extends string = string,
> {
  readonly name: N;
  /** One line from the reference: what the action does. */
  readonly summary: string;
  readonly idempotency: Idempotency;
  readonly params: P;
  /** The response body, RequestId included. */
  readonly response: ObjectShape<F>;
  /** For paged Describe* actions: the response list that holds the page's items. */
  readonly page?: PageSpec;
  /**
   * The documented errors of the action beyond parameter checks (those come from the
   * parameter declarations: MissingParameter, InvalidParameter and each param's `code`).
   */
  readonly errors: readonly ErrorSpec<C>[];
  /**
   * The wire name of the parameter that names the call's region: `RegionId`, or
   * `regionId` for the actions today's API spells in camelCase. Absent when the action
   * takes no region (the call then goes to the configured default region).
   */
  readonly regionParam?: string;
  /** Reads only: what the answer is about. */
  readonly reads?: ReadsSpec;
  /** Writes only: what the action can change (empty: nothing any read answers). */
  readonly changes?: readonly ChangeSpec[];
}

export type AnyAction = ActionSpec<string, Params, Fields>;
export type ActionInput<A extends AnyAction> = InputOf<A['params']>;
export type ActionResult<A extends AnyAction> = InferObject<A['response']['fields']>;
/** The documented error codes of an action, as a union of string literals. */
export type ActionErrorCode<A extends AnyAction> = A['errors'][number]['code'];

const clientToken = p.string({
  maxLength: 64,
  doc: 'Idempotency key of at most 64 ASCII characters: repeating a call with the same token acts once.',
});

const REGION_PARAMS = ['RegionId', 'regionId'] as const;

export function defineAction<
  const N extends string,
  P extends Params,
  F extends Fields,
  const I extends Idempotency,
  C extends string = never,
>(spec: {
  name: N;
  summary: string;
  idempotency: I;
  params: P;
  response: F;
  page?: PageSpec & { list: keyof F & string };
  errors?: readonly ErrorSpec<C>[];
  reads?: ReadsSpec & { readonly list?: keyof F & string; readonly ids?: keyof P & string };
  changes?: readonly (ChangeSpec & { readonly ids?: keyof P & string })[];
}): ActionSpec<N, WithClientToken<P, I>, WithRequestId<F>, C> {
  const params = (
    spec.idempotency === 'clientToken' ? { ...spec.params, ClientToken: clientToken } : spec.params
  ) as WithClientToken<P, I>;
  const response = t.object({ ...spec.response, RequestId: t.string }) as ObjectShape<WithRequestId<F>>;
  const regionParam = REGION_PARAMS.find((name) => name in spec.params);
  if (spec.reads && spec.idempotency !== 'read')
    throw new Error(`${spec.name} is a write and cannot declare what it reads.`);
  if (spec.changes && spec.idempotency === 'read')
    throw new Error(`${spec.name} is a read and cannot declare changes.`);
  return {
    name: spec.name,
    summary: spec.summary,
    idempotency: spec.idempotency,
    params,
    response,
    errors: spec.errors ?? [],
    ...(spec.page ? { page: spec.page } : {}),
    ...(regionParam ? { regionParam } : {}),
    ...(spec.reads ? { reads: spec.reads } : {}),
    ...(spec.changes ? { changes: spec.changes } : {}),
  };
}

/**
 * The documented row for `code` (and, when a code has several rows, the one whose
 * message starts with `messageStart`). Throws for an undocumented code, so the
 * simulator can only answer with errors the reference lists for the action.
 */
export function documentedError<A extends AnyAction>(
  action: A,
  code: ActionErrorCode<A>,
  messageStart = '',
): ErrorSpec<ActionErrorCode<A>> {
  const found = action.errors.find((row) => row.code === code && row.message.startsWith(messageStart));
  if (!found)
    throw new Error(`${action.name} documents no error ${code} with a message starting "${messageStart}"`);
  return found;
}
