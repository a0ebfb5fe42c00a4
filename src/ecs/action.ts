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
  readonly page?: { readonly list: string };
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
  page?: { list: keyof F & string };
  errors?: readonly ErrorSpec<C>[];
}): ActionSpec<N, WithClientToken<P, I>, WithRequestId<F>, C> {
  const params = (
    spec.idempotency === 'clientToken' ? { ...spec.params, ClientToken: clientToken } : spec.params
  ) as WithClientToken<P, I>;
  const response = t.object({ ...spec.response, RequestId: t.string }) as ObjectShape<WithRequestId<F>>;
  const regionParam = REGION_PARAMS.find((name) => name in spec.params);
  return {
    name: spec.name,
    summary: spec.summary,
    idempotency: spec.idempotency,
    params,
    response,
    errors: spec.errors ?? [],
    ...(spec.page ? { page: spec.page } : {}),
    ...(regionParam ? { regionParam } : {}),
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
