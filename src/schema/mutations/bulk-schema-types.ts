import type { ObjectRef } from '@pothos/core';
import { errorTypeMap, wrapErrorIfMatches } from '@pothos/plugin-errors';
import type { AnyAction } from '../../spec/action.js';
import { acceptsDryRun } from '../../spec/dry-run.js';
import { builder, type GatewayTypes } from '../builder.js';
import { TOO_MANY_ITEMS } from './bulk-input-checks.js';
import {
  type BulkInputShape,
  type BulkItem,
  type BulkPayload,
  type BulkSpec,
  bulkTypeName,
} from './bulk-spec.js';
import { DryRunPassed } from './dry-run-passed.js';
import type { MutationError } from './errors.js';
import { inputFields } from './input-fields.js';

/**
 * The GraphQL types of a bulk mutation: `CreateSnapshotsInput`, and the payload
 * `CreateSnapshotsPayload` of `CreateSnapshotsItem`s, each with its `CreateSnapshotsItemResult`.
 */
export function defineBulkTypes<A extends AnyAction, L extends AnyAction, Item, Filter extends object>(
  spec: BulkSpec<A, L, Item, Filter>,
  shape: BulkInputShape,
) {
  const InputRef = defineBulkInput(spec, shape);
  const ItemRef = defineBulkItem(spec);
  const PayloadRef = builder.objectRef<BulkPayload>(`${bulkTypeName(spec)}Payload`).implement({
    description: `The items of ${spec.name}, in selection order.`,
    fields: (t) => ({
      dryRun: t.exposeBoolean('dryRun', {
        description: 'True when nothing was done: the items are the plan.',
      }),
      items: t.field({
        type: [ItemRef],
        description: `One per ${spec.noun} selected, named ids first, then ${spec.expansion ? `those of ${spec.expansion.field}, then ` : ''}the filter’s; each once.`,
        resolve: (payload) => payload.items,
      }),
    }),
  });
  return { InputRef, PayloadRef };
}

/** The input: the selectors, maxItems, dryRun, and the single mutation's input but the item id. */
function defineBulkInput<A extends AnyAction, L extends AnyAction, Item, Filter extends object>(
  spec: BulkSpec<A, L, Item, Filter>,
  { common }: BulkInputShape,
) {
  const { single, expansion } = spec;
  const typeName = bulkTypeName(spec);
  const { regionParam } = single.action;
  return builder.inputRef<Readonly<Record<string, unknown>>>(`${typeName}Input`).implement({
    description: `The input of ${spec.name}: the ${spec.noun}s to act on, and the input of ${single.name} that applies to each (the same fields and rules).`,
    fields: (t) => ({
      ...(regionParam
        ? {}
        : {
            regionId: t.id({
              description:
                'The region of the resources; the gateway’s configured region (ALIBABA_CLOUD_REGION_ID) when absent.',
            }),
          }),
      [spec.idsField]: t.idList({
        description: `These ${spec.noun}s, one item each, in this order.`,
      }),
      ...(expansion ? { [expansion.field]: t.idList({ description: expansion.description }) } : {}),
      filter: t.field({
        type: spec.filter.type,
        description: `Every ${spec.noun} this filter lists (in listing order).`,
      }),
      maxItems: t.int({
        description: `The most ${spec.noun}s to act on: a selection of more is refused (ValidationError, code ${TOO_MANY_ITEMS}) before any write. At most, and by default, GATEWAY_MAX_BULK_ITEMS; a lower one also lowers the call estimate.`,
      }),
      dryRun: t.boolean({
        description: acceptsDryRun(single.action)
          ? `Answer the plan without acting: for each ${spec.noun}, DryRunPassed or the refusal ${single.action.name} would meet. Under today's API, ECS's own dry run (one ${single.action.name} with DryRun=true each); under the 2014 API, the documented rules over the state ECS describes, and no write is sent.`
          : `Answer the plan without acting: for each ${spec.noun}, DryRunPassed or the refusal the documented rules give from the state ECS describes (${single.action.name} takes no DryRun). No write is sent.`,
      }),
      ...inputFields(t, common, `${typeName}Input`, regionParam ? [regionParam] : []),
    }),
  });
}

/** One item: its id, and what the single mutation answered for it (or DryRunPassed). */
function defineBulkItem<A extends AnyAction, L extends AnyAction, Item, Filter extends object>(
  spec: BulkSpec<A, L, Item, Filter>,
) {
  const { single } = spec;
  const typeName = bulkTypeName(spec);
  const ItemResult = builder.unionType(`${typeName}ItemResult`, {
    description: `What ${single.name} answered for one ${spec.noun} (a member of ${single.typeName}Result), or DryRunPassed in a dry run.`,
    types: [single.payload, DryRunPassed, ...single.errorTypes] as unknown as ObjectRef<
      GatewayTypes,
      object
    >[],
    resolveType: (value) => {
      if (value instanceof DryRunPassed) return 'DryRunPassed';
      if (errorTypeMap.has(value)) return (value as MutationError).name;
      return `${single.typeName}Payload`;
    },
  });

  return builder.objectRef<BulkItem>(`${typeName}Item`).implement({
    description: `One ${spec.noun} of ${spec.name} and its own result: one refusal does not hide the others.`,
    fields: (t) => ({
      [spec.itemIdField]: t.id({
        description: `The ${spec.noun}.`,
        resolve: (item) => item.id,
      }),
      result: t.field({
        type: ItemResult,
        nullable: true,
        description: `What ${single.name} answered for it; null, with an error at this path, when its call failed before reaching ECS (throttled, not sent, the request’s call budget): nothing was done for it.`,
        resolve: (item) => {
          if (item.failed) throw item.result;
          // graphql-js takes a returned Error for a thrown one: wrapped, as the errors plugin answers its members.
          return wrapErrorIfMatches(
            item.result,
            single.errorTypes as (new (
              ...args: never[]
            ) => Error)[],
          ) as object;
        },
      }),
    }),
  });
}
