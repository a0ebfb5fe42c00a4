import type { ObjectRef } from '@pothos/core';
import type { GatewayContext } from '../../context.js';
import { EcsError, ParamError } from '../../ecs/errors.js';
import { idempotencyOf, type RequestIdempotency } from '../../idempotency/request-state.js';
import type { ActionInput, ActionResult, AnyAction } from '../../spec/action.js';
import { acceptsDryRun, isDryRun } from '../../spec/dry-run.js';
import { checkParams, type ParamProblem } from '../../spec/param-checks.js';
import { builder, type GatewayTypes } from '../builder.js';
import { upstreamCost } from '../cost.js';
import { dryRunUnder2014, sendDryRun } from './dry-run-call.js';
import { DryRunPassed } from './dry-run-passed.js';
import {
  classifyEcsError,
  EcsBusinessError,
  type EcsErrorClass,
  EcsIdempotencyError,
  errorTypesFor,
  type InputProblem,
  isActionRefusal,
  OutcomeUnknownError,
  ValidationError,
} from './errors.js';
import { bindParams, type FieldBinding, inputFields, inputProblem, toActionInput } from './input-fields.js';
import { type Evidence, lostAnswerCode, type NoEvidence } from './lost-answer.js';
import type { MutationDone } from './mutation-done.js';
import { type PairRule, pairProblems } from './pair-rules.js';
import { failingWithRead, READ_FAILED } from './read-failed.js';

export type { MutationDone };

builder.mutationType({
  description:
    'Actions on the ECS account. Each takes one `input` and answers a union: its payload (the affected resources as ECS describes them after the action, and the RequestId), a ValidationError (nothing was sent), an EcsActionError type with the exact ECS code, or an OutcomeUnknownError (the answer was lost and the state does not show whether ECS acted). Send an Idempotency-Key header to make a retry safe.',
});

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
  /**
   * The most ECS calls `read` (or the evidence after a lost answer) makes, for the
   * pre-execution estimate: `fixed`, plus the chunks of the ids in the input list
   * `idsOf`. Default one call: the affected resource, described by id.
   */
  readonly reads?: { readonly fixed: number; readonly idsOf?: string };
  /**
   * After a lost answer (the call may have reached ECS, no answer came back): what in
   * the state shows that the action took effect, or why nothing can show it.
   */
  readonly afterLostAnswer: Evidence<A, P> | NoEvidence;
}

const REGION_FIELD_DOC =
  'The region of the resources; the gateway’s configured region (ALIBABA_CLOUD_REGION_ID) when absent.';

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function describeMutation(
  action: AnyAction,
  errorTypes: readonly { readonly name: string }[],
  lost: Evidence<AnyAction, unknown> | NoEvidence,
): string {
  const idempotency =
    action.idempotency === 'clientToken'
      ? ' Idempotent: a retry with the same clientToken (or Idempotency-Key header) acts once; without either, the gateway makes a token per call and reuses it on its own retries.'
      : '';
  const afterLoss =
    'shows' in lost
      ? ` When the answer is lost, it answers the payload if ${lost.shows}, else OutcomeUnknownError.`
      : ` When the answer is lost, it answers OutcomeUnknownError (${lost.unknowable}).`;
  const dryRun = acceptsDryRun(action)
    ? ' With dryRun: true, one call with DryRun=true: ECS makes every check of the real call and acts on nothing; it answers DryRunPassed or the refusal the real call would meet.'
    : '';
  return `${action.summary} (ECS action ${action.name}.)${idempotency}${afterLoss}${dryRun} Answers the payload or one of: ${[...errorTypes.map((type) => type.name), ...(dryRun ? ['DryRunPassed'] : [])].join(', ')}.`;
}

// RegionId and ZoneId name places, not resources.
const RESOURCE_ID = /^(?!RegionId$|regionId$|ZoneId$)\w*Ids?$/;

/** The ids the input names, in parameter order: what OutcomeUnknownError tells the client to read. */
function resourceIdsOf(bindings: readonly FieldBinding[], wire: Readonly<Record<string, unknown>>): string[] {
  return bindings
    .filter((binding) => RESOURCE_ID.test(binding.param))
    .flatMap((binding) => {
      const value = wire[binding.param];
      if (typeof value === 'string') return [value];
      return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
    });
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
 * 4. drops the request's cached reads and describes the affected resources afresh;
 * 5. when the answer was lost (a transport failure after the request may have been
 *    sent, an ECS 5xx), reads the resources afresh and answers the payload when the
 *    declared evidence shows the action took effect, else OutcomeUnknownError. A call
 *    that was certainly not sent (or was throttled) stays a GraphQL error: nothing was
 *    done, and repeating it is safe.
 * With an Idempotency-Key, a token-taking action's ClientToken (unless the input gives
 * one) is derived from the key and the field's response key, and each write's outcome
 * is noted for the plugin that keeps the result.
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
      ...spec.payload.fields(failingWithRead(t)),
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
      description: describeMutation(
        action,
        errorTypes,
        spec.afterLostAnswer as Evidence<AnyAction, unknown> | NoEvidence,
      ),
      args: {
        input: t.arg({
          type: InputRef,
          required: true,
          description: `What to ${spec.name}: the parameters of ${action.name}, checked before the call.`,
        }),
      },
      errors: {
        // DryRunPassed is thrown like a member error: the errors plugin answers a union member by the class thrown.
        types: (acceptsDryRun(action)
          ? [...errorTypes, DryRunPassed]
          : errorTypes) as unknown as (typeof errorTypes)[number][],
        directResult: true,
        union: {
          name: `${typeName}Result`,
          description: `What ${spec.name} answers: its payload when ECS acted, the error that says why it did not (a ValidationError means nothing was sent), or OutcomeUnknownError when its answer was lost and the state read afterwards does not tell.`,
        },
      },
      extensions: upstreamCost({ calls: 'write', reads: spec.reads ?? { fixed: 1 } }),
      resolve: (_root, { input }, context, info) => perform(input, context, String(info.path.key)),
    }),
  );

  /**
   * Does the mutation for one input, as its field resolves: answers the payload, or
   * throws a member of its union (or a GraphQL error). `tokenPath` names the write
   * within the request, for the ClientToken an Idempotency-Key derives.
   */
  async function perform(
    input: Readonly<Record<string, unknown>>,
    context: GatewayContext,
    tokenPath: string,
  ): Promise<Payload> {
    const regionId = (input.regionId as string | null | undefined) ?? context.defaultRegionId;
    const wire = toActionInput(bindings, input);
    if (regionParam) wire[regionParam] = regionId;
    const dryRun = isDryRun(action, wire);
    const invalid = validationError(bindings, checkParams(action.params, wire, context.limits), [
      ...pairProblems(bindings, spec.pairRules ?? [], wire),
      ...(dryRun && context.limits.name === '2014' ? [dryRunUnder2014(bindings)] : []),
    ]);
    if (invalid) throw invalid;

    const { ClientToken: given, ...sent } = wire;
    if (dryRun) {
      const options = { regionId, ...(typeof given === 'string' ? { clientToken: given } : {}) };
      try {
        // Returns only when the endpoint ignored DryRun and acted: the write it was, below.
        const acted = await sendDryRun(context, action, sent as ActionInput<A>, options);
        return done(acted, context, regionId, sent as ActionInput<A>, idempotencyOf(context));
      } catch (error) {
        if (error instanceof DryRunPassed) throw error;
        throw asMutationError(error, bindings, errorTypes, undefined, action);
      }
    }
    const idempotency = idempotencyOf(context);
    const clientToken =
      typeof given === 'string'
        ? given
        : action.idempotency === 'clientToken'
          ? idempotency?.clientToken(tokenPath)
          : undefined;
    let result: ActionResult<A>;
    try {
      result = await context.ecs.call(action, sent as ActionInput<A>, {
        regionId,
        ...(clientToken === undefined ? {} : { clientToken }),
      });
    } catch (error) {
      const lost = lostAnswerCode(error);
      if (lost === undefined) throw asMutationError(error, bindings, errorTypes, idempotency, action);
      return afterLostAnswer(spec, {
        context,
        regionId,
        input: sent as ActionInput<A>,
        code: lost,
        resourceIds: resourceIdsOf(bindings, wire),
        idempotency,
      });
    }
    return done(result, context, regionId, sent as ActionInput<A>, idempotency);
  }

  /** ECS acted: the outcome noted, the request's reads dropped, the affected resources described afresh. */
  async function done(
    result: ActionResult<A>,
    context: GatewayContext,
    regionId: string,
    input: ActionInput<A>,
    idempotency: RequestIdempotency | undefined,
  ): Promise<Payload> {
    idempotency?.noteWrite(action.idempotency, 'done');
    context.loaders.forget();
    const { RequestId: requestId } = result as { readonly RequestId?: string };
    try {
      const payload = await spec.read({ context, regionId, input, result });
      return { ...payload, requestId } satisfies Payload;
    } catch (error) {
      // ECS acted: the answer is the payload, and the read that failed is an error at each resource field.
      return { requestId, [READ_FAILED]: error } as unknown as Payload;
    }
  }

  return {
    name: spec.name,
    typeName,
    action,
    bindings,
    pairRules: spec.pairRules ?? [],
    reads: spec.reads ?? { fixed: 1 },
    payload: PayloadRef as unknown as ObjectRef<GatewayTypes, object>,
    errorTypes,
    perform,
  } satisfies DefinedMutation<A>;
}

/** A mutation as defineMutation declared it: what a bulk mutation over the same action reuses. */
export interface DefinedMutation<A extends AnyAction> {
  readonly name: string;
  /** `CreateSnapshot`: the prefix of the mutation's type names. */
  readonly typeName: string;
  readonly action: A;
  /** Its input fields, bound to the action's parameters. */
  readonly bindings: readonly FieldBinding[];
  readonly pairRules: readonly PairRule[];
  /** The reads after its write, as its cost declares them. */
  readonly reads: { readonly fixed: number; readonly idsOf?: string };
  /** Its payload type (`CreateSnapshotPayload`). */
  readonly payload: ObjectRef<GatewayTypes, object>;
  /** The error members of its result union. */
  readonly errorTypes: readonly (abstract new (
    ...args: never[]
  ) => Error)[];
  /** Resolves it for one input: the payload, or throws a member of its union. */
  readonly perform: (
    input: Readonly<Record<string, unknown>>,
    context: GatewayContext,
    tokenPath: string,
  ) => Promise<object>;
}

/**
 * The answer after a lost one: the payload, read afresh, when the state shows the
 * action took effect; else OutcomeUnknownError. A read that fails too leaves it unknown.
 */
async function afterLostAnswer<A extends AnyAction, P extends object>(
  spec: MutationSpec<A, P>,
  lost: {
    readonly context: GatewayContext;
    readonly regionId: string;
    readonly input: ActionInput<A>;
    readonly code: string;
    readonly resourceIds: readonly string[];
    readonly idempotency: RequestIdempotency | undefined;
  },
): Promise<P & { readonly requestId: undefined }> {
  const { action, afterLostAnswer: evidence } = spec;
  const sentence = `${action.name} was sent but its answer was lost (${lost.code})`;
  const ids = lost.resourceIds.length > 0 ? lost.resourceIds.join(', ') : 'the resources';
  const retry =
    action.idempotency === 'clientToken'
      ? ' A retry with the same Idempotency-Key or clientToken makes ECS act at most once.'
      : '';
  let why: string;
  if ('shows' in evidence) {
    lost.context.loaders.forget();
    try {
      const payload = await evidence.check({ ...lost, result: undefined });
      if (payload !== undefined) {
        lost.idempotency?.noteWrite(action.idempotency, 'done');
        return { ...payload, requestId: undefined };
      }
      why = `the state read afterwards does not show that it took effect (it would if ${evidence.shows})`;
    } catch {
      why = 'reading the state afterwards failed as well';
    }
  } else {
    why = `its effect cannot be read back: ${evidence.unknowable}`;
  }
  lost.idempotency?.noteWrite(action.idempotency, 'unknown');
  throw new OutcomeUnknownError(
    lost.code,
    action.name,
    lost.resourceIds,
    `${sentence}, and ${why}. ECS may or may not have acted: read ${ids} before acting again.${retry}`,
  );
}

/** A failure of the call as the result union answers it; anything else is rethrown as it is. */
function asMutationError(
  error: unknown,
  bindings: readonly FieldBinding[],
  errorTypes: readonly (abstract new (...args: never[]) => Error)[],
  idempotency: RequestIdempotency | undefined,
  action: AnyAction,
): unknown {
  if (error instanceof ParamError) return validationError(bindings, error.problems) ?? error;
  if (!(error instanceof EcsError) || !isActionRefusal(error)) return error;
  // ECS received the action and refused it: a finished write, kept for an Idempotency-Key.
  idempotency?.noteWrite(action.idempotency, 'refused');
  const type = classifyEcsError(error.code, error.httpStatus, error.message);
  // An undocumented refusal of a kind the union does not list still answers as data.
  return new (errorTypes.includes(type) ? type : EcsBusinessError)(error);
}
