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

export interface ActionSpec<N extends string = string, P extends Params = Params, F extends Fields = Fields> {
  readonly name: N;
  /** One line from the reference: what the action does. */
  readonly summary: string;
  readonly idempotency: Idempotency;
  readonly params: P;
  /** The response body, RequestId included. */
  readonly response: ObjectShape<F>;
  /** For paged Describe* actions: the response list that holds the page's items. */
  readonly page?: { readonly list: string };
}

export type AnyAction = ActionSpec<string, Params, Fields>;
export type ActionInput<A extends AnyAction> = InputOf<A['params']>;
export type ActionResult<A extends AnyAction> = InferObject<A['response']['fields']>;

const clientToken = p.string({
  maxLength: 64,
  doc: 'Idempotency key of at most 64 ASCII characters: repeating a call with the same token acts once.',
});

export function defineAction<
  const N extends string,
  P extends Params,
  F extends Fields,
  const I extends Idempotency,
>(spec: {
  name: N;
  summary: string;
  idempotency: I;
  params: P;
  response: F;
  page?: { list: keyof F & string };
}): ActionSpec<N, WithClientToken<P, I>, WithRequestId<F>> {
  const params = (
    spec.idempotency === 'clientToken' ? { ...spec.params, ClientToken: clientToken } : spec.params
  ) as WithClientToken<P, I>;
  const response = t.object({ ...spec.response, RequestId: t.string }) as ObjectShape<WithRequestId<F>>;
  return {
    name: spec.name,
    summary: spec.summary,
    idempotency: spec.idempotency,
    params,
    response,
    ...(spec.page ? { page: spec.page } : {}),
  };
}
