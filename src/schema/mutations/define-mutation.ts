import type { ObjectRef } from '@pothos/core';
import type { GatewayContext } from '../../context.js';
import type { ActionInput, ActionResult, AnyAction } from '../../ecs/action.js';
import { EcsError } from '../../ecs/errors.js';
import { checkParams, ParamError, type ParamProblem } from '../../ecs/params.js';
import { builder, type GatewayTypes } from '../builder.js';
import { upstreamCost } from '../cost.js';
import {
  classifyEcsError,
  EcsBusinessError,
  type EcsErrorClass,
  EcsIdempotencyError,
  errorTypesFor,
  type InputProblem,
  isActionRefusal,
  ValidationError,
} from './errors.js';
import { bindParams, type FieldBinding, inputFields, inputProblem, toActionInput } from './input-fields.js';
import { type PairRule, pairProblems } from './pair-rules.js';

builder.mutationType({
  description:
    'Actions on the ECS account. Each takes one `input` and answers a union: its payload (the affected resources as ECS describes them after the action, and the RequestId), a ValidationError (nothing was sent), or an EcsActionError type with the exact ECS code.',
});

/** What a mutation's read step gets once the action has succeeded. */
export interface MutationDone<A extends AnyAction> {
  readonly context: GatewayContext;
  /** The region the action was addressed to. */
  readonly regionId: string;
  /** The action's input as sent (without ClientToken). */
  readonly input: ActionInput<A>;
  readonly result: ActionResult<A>;
}

/** The field builder of a payload type whose own part is P. */
export type PayloadFieldBuilder<P> = PothosSchemaTypes.ObjectFieldBuilder<
  GatewayTypes,
  P & { readonly requestId: string | undefined }
>;

type PayloadFields<P> = (
  t: PayloadFieldBuilder<P>,
) => Record<string, PothosSchemaTypes.FieldRef<GatewayTypes, unknown, 'Object'>>;

export interface MutationSpec<A extends AnyAction, P extends object> {
  /** The mutation field: `createSnapshot`. Its types are named after it (`CreateSnapshotInput`, ...). */
  readonly name: string;
  readonly action: A;
  /** Wire parameters not offered as input fields. */
  readonly omit?: readonly string[];
  /** String parameters holding a JSON array of numbers, offered as `[Int!]`. */
  readonly numberLists?: readonly string[];
  /** Documented rules over two parameters, checked with the others before the call. */
  readonly pairRules?: readonly PairRule[];
  readonly payload: {
    readonly description: string;
    /** The payload's fields besides requestId: the affected resources. */
    readonly fields: PayloadFields<P>;
  };
  /**
   * Describes the affected resources after the action. The request's caches are dropped
   * before it runs, so every read asks ECS afresh.
   */
  readonly read: (done: MutationDone<A>) => Promise<P>;
}

const REGION_FIELD_DOC =
  'The region of the resources; the gateway’s configured region (ALIBABA_CLOUD_REGION_ID) when absent.';

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function describeMutation(action: AnyAction, errorTypes: readonly { readonly name: string }[]): string {
  const idempotency =
    action.idempotency === 'clientToken'
      ? ' Idempotent: a retry with the same clientToken acts once; without one, the gateway makes one per call and reuses it on its own retries.'
      : '';
  return `${action.summary} (ECS action ${action.name}.)${idempotency} Answers the payload or one of: ${errorTypes.map((type) => type.name).join(', ')}.`;
}

function validationError(
  bindings: readonly FieldBinding[],
  problems: readonly ParamProblem[],
  more: readonly InputProblem[] = [],
) {
  const [first, ...rest] = [...problems.map((problem) => inputProblem(bindings, problem)), ...more];
  return first ? new ValidationError([first, ...rest]) : undefined;
}

/**
 * Declares one mutation over one ECS action: its input (derived from the action's
 * parameters, plus `regionId`), its payload, and its result union. Resolving it:
 * 1. checks the input with the declaration's own rules (checkParams) and the spec's
 *    pair rules, and answers ValidationError, naming the input path and the rule,
 *    without calling ECS;
 * 2. calls the action once (the client retries only what is safe; a clientToken given
 *    is passed as the call's token, else the client makes one per call);
 * 3. answers a documented refusal as its typed error;
 * 4. drops the request's cached reads and describes the affected resources afresh.
 */
export function defineMutation<A extends AnyAction, P extends object>(spec: MutationSpec<A, P>) {
  const { action } = spec;
  const typeName = pascal(spec.name);
  const bindings = bindParams(action.params, { omit: spec.omit, numberLists: spec.numberLists });
  const regionParam = action.regionParam;
  const extraTypes: EcsErrorClass[] = action.idempotency === 'clientToken' ? [EcsIdempotencyError] : [];
  const errorTypes = errorTypesFor(action.errors, extraTypes);

  const InputRef = builder.inputRef<Readonly<Record<string, unknown>>>(`${typeName}Input`).implement({
    description: `The input of ${spec.name} (ECS action ${action.name}).`,
    fields: (t) => ({
      ...(regionParam ? {} : { regionId: t.id({ description: REGION_FIELD_DOC }) }),
      ...inputFields(t, bindings, `${typeName}Input`, regionParam ? [regionParam] : []),
    }),
  });

  type Payload = P & { readonly requestId: string | undefined };
  const PayloadRef = builder.objectRef<Payload>(`${typeName}Payload`).implement({
    description: spec.payload.description,
    fields: (t) => ({
      // Nullable like EcsActionError.requestId: one selection of both in a union must agree on the type.
      requestId: t.string({
        nullable: true,
        description: 'The RequestId of the ECS action, for Alibaba Cloud support.',
        resolve: (payload) => payload.requestId ?? null,
      }),
      ...spec.payload.fields(t),
    }),
  });

  // Pothos cannot resolve its result-type conditionals over the generic P: the field sees the payload's common part.
  const FieldType = PayloadRef as unknown as ObjectRef<
    GatewayTypes,
    { readonly requestId: string | undefined }
  >;

  builder.mutationField(spec.name, (t) =>
    t.field({
      type: FieldType,
      description: describeMutation(action, errorTypes),
      args: {
        input: t.arg({
          type: InputRef,
          required: true,
          description: `What to ${spec.name}: the parameters of ${action.name}, checked before the call.`,
        }),
      },
      errors: {
        types: errorTypes,
        directResult: true,
        union: {
          name: `${typeName}Result`,
          description: `What ${spec.name} answers: its payload when ECS acted, or the error that says why it did not (a ValidationError means nothing was sent).`,
        },
      },
      extensions: upstreamCost({ calls: 'once' }),
      resolve: async (_root, { input }, context) => {
        const regionId = (input.regionId as string | null | undefined) ?? context.defaultRegionId;
        const wire = toActionInput(bindings, input);
        if (regionParam) wire[regionParam] = regionId;
        const invalid = validationError(
          bindings,
          checkParams(action.params, wire, context.limits),
          pairProblems(bindings, spec.pairRules ?? [], wire),
        );
        if (invalid) throw invalid;

        const { ClientToken: clientToken, ...sent } = wire;
        let result: ActionResult<A>;
        try {
          result = await context.ecs.call(action, sent as ActionInput<A>, {
            regionId,
            ...(typeof clientToken === 'string' ? { clientToken } : {}),
          });
        } catch (error) {
          throw asMutationError(error, bindings, errorTypes);
        }
        context.loaders.forget();
        const payload = await spec.read({ context, regionId, input: sent as ActionInput<A>, result });
        const { RequestId: requestId } = result as { readonly RequestId?: string };
        return { ...payload, requestId } satisfies Payload;
      },
    }),
  );
}

/** A failure of the call as the result union answers it; anything else is rethrown as it is. */
function asMutationError(
  error: unknown,
  bindings: readonly FieldBinding[],
  errorTypes: readonly (abstract new (...args: never[]) => Error)[],
): unknown {
  if (error instanceof ParamError) return validationError(bindings, error.problems) ?? error;
  if (!(error instanceof EcsError) || !isActionRefusal(error)) return error;
  const type = classifyEcsError(error.code, error.httpStatus, error.message);
  // An undocumented refusal of a kind the union does not list still answers as data.
  return new (errorTypes.includes(type) ? type : EcsBusinessError)(error);
}
