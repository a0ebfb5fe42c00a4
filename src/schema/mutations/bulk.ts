import type { InputObjectRef, ObjectRef } from '@pothos/core';
import { errorTypeMap, wrapErrorIfMatches } from '@pothos/plugin-errors';
import type { GraphQLError } from 'graphql';
import type { GatewayContext } from '../../context.js';
import { EcsError } from '../../ecs/errors.js';
import type { Listing } from '../../loaders/listing.js';
import { type AnyAction, documentedError } from '../../spec/action.js';
import { checkParams, type ParamProblem } from '../../spec/param-checks.js';
import type { Params } from '../../spec/params.js';
import { builder, type GatewayTypes } from '../builder.js';
import { type BulkCost, bulkItemBound, selectorLength, upstreamCost } from '../cost.js';
import { type FilterMapping, filterProblems } from '../filters.js';
import type { DefinedMutation } from './define-mutation.js';
import {
  classifyEcsError,
  type EcsActionError,
  EcsBusinessError,
  type InputProblem,
  MutationError,
  ValidationError,
} from './errors.js';
import { inputFields, inputProblem, toActionInput } from './input-fields.js';
import { pairProblems } from './pair-rules.js';

/** Writes of one bulk mutation in flight at once; each still queues in the client's limiter. */
export const BULK_CONCURRENCY = 4;

/** The ValidationError code of a selection past the bound: the gateway's rule, not one of ECS. */
export const TOO_MANY_ITEMS = 'TooManyItems';

/** What a dry run answers for an item the documented rules let through. */
export class DryRunPassed {
  constructor(
    /** The ECS action the real call would make: `CreateSnapshot`. */
    readonly action: string,
  ) {}
}

builder.objectType(DryRunPassed, {
  name: 'DryRunPassed',
  description:
    'A dry run found nothing in the state, as ECS describes it, that the documented rules refuse: the real call would be made. Nothing was done. ECS may still refuse for what no Describe shows (a balance, a disk on an instance never started since its creation).',
  fields: (t) => ({
    action: t.exposeString('action', { description: 'The ECS action the real call would make.' }),
  }),
});

/** One item of a bulk mutation: its id, and what the single mutation answered for it. */
interface BulkItem {
  readonly id: string;
  /** The payload, a member error, DryRunPassed; or a GraphQL error (nothing done), thrown at `result`. */
  readonly result: unknown;
  readonly failed?: boolean;
}

interface BulkPayload {
  readonly dryRun: boolean;
  readonly items: readonly BulkItem[];
}

/** Where a bulk mutation's items come from, besides the ids it names. */
export interface Expansion<Item> {
  /** The input list: `instanceIds`. */
  readonly field: string;
  readonly description: string;
  /** The wire parameter whose rules check each id (DescribeDisks' InstanceId). */
  readonly params: Params;
  readonly param: string;
  /** The most items one id lists (an instance's disks), for the cost estimate. */
  readonly most: number;
  /** The items one id lists, in listing order (one call). */
  readonly list: (context: GatewayContext, regionId: string, id: string) => Promise<readonly Item[]>;
}

export interface BulkSpec<A extends AnyAction, L extends AnyAction, Item, Filter extends object> {
  /** The bulk mutation field: `createSnapshots`. */
  readonly name: string;
  readonly description: string;
  /** The single mutation done for each item. */
  readonly single: DefinedMutation<A>;
  /** The single mutation's parameter the item id goes to: `DiskId`. */
  readonly idParam: string;
  /** The input list of ids (`diskIds`) and the item's id field (`diskId`). */
  readonly idsField: string;
  readonly itemIdField: string;
  /** What an item is, in words: `disk`. */
  readonly noun: string;
  /** The listing of the items: the filter pages, and a dry run's Describe of the named ids. */
  readonly listing: Listing<L, Item>;
  readonly filter: {
    readonly type: InputObjectRef<GatewayTypes, Filter>;
    readonly mapping: FilterMapping<L, Filter>;
  };
  readonly expansion?: Expansion<Item>;
  /**
   * A dry run's verdict on each item, from Describe data (null: no such item): the
   * refusal the real call would meet by the documented rules (a code of the single
   * action's error table), or undefined when it would be made.
   */
  readonly check: (
    context: GatewayContext,
    regionId: string,
    items: readonly { readonly id: string; readonly item: Item | null }[],
  ) => Promise<readonly (string | undefined)[]>;
  /** A dry run's calls, for the estimate (see BulkCost). */
  readonly dryRunCost: BulkCost['dryRun'];
}

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** The refusal the single mutation answers for a documented code, as the real call would. */
export function refusalOf(single: DefinedMutation<AnyAction>, code: string): EcsActionError {
  const row = documentedError(single.action, code);
  const error = new EcsError({ code: row.code, message: row.message }, row.httpStatus);
  const type = classifyEcsError(row.code, row.httpStatus, row.message);
  return new (single.errorTypes.includes(type) ? type : EcsBusinessError)(error);
}

function problem(field: string, rule: string, code: string): InputProblem {
  return { field, rule, code, message: `${field} ${rule}.` };
}

/** A problem of one id of an input list, named by its place: `input.diskIds[2]`. */
function listedIdProblem(field: string, params: Params, found: ParamProblem): InputProblem {
  const spec = params[found.param];
  return spec ? inputProblem([{ field, param: found.param, spec }], found) : inputProblem([], found);
}

/** A filter's BAD_USER_INPUT errors as problems of the mutation's input. */
function asProblems(errors: readonly GraphQLError[]): InputProblem[] {
  return errors.map((error) => {
    const field = String(error.extensions.argument ?? 'input.filter');
    const rule = String(error.extensions.rule ?? 'is not valid');
    return { field, rule, code: 'InvalidParameter', message: error.message };
  });
}

/** Runs `work` over `items` with at most `limit` at once, results in item order. */
async function boundedMap<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Declares a bulk mutation over a single one: its input is the single mutation's input
 * (the same bindings, so the same fields and rules) without the item id, plus the
 * selectors (named ids, an expansion such as an instance's disks, a filter), `maxItems`
 * and `dryRun`; it answers one item per selected id, each with the single mutation's
 * answer for it. Resolving it:
 * 1. checks the selectors, the bound and every input rule, and answers ValidationError
 *    before any call;
 * 2. lists the expansion and the filter (the filter's first page tells its total, so a
 *    filter past the bound is refused after one call), and refuses a union past the
 *    bound before any write;
 * 3. in a dry run, describes the items and answers each one's verdict; otherwise does
 *    the single mutation for each, BULK_CONCURRENCY at a time, each with its own
 *    ClientToken under an Idempotency-Key (the field's response key and the item id).
 */
export function defineBulkMutation<A extends AnyAction, L extends AnyAction, Item, Filter extends object>(
  spec: BulkSpec<A, L, Item, Filter>,
) {
  const { single } = spec;
  const typeName = pascal(spec.name);
  const action = single.action;
  const regionParam = action.regionParam;
  const common = single.bindings.filter(
    (binding) => binding.param !== spec.idParam && binding.param !== 'ClientToken',
  );
  const commonParams = Object.fromEntries(
    Object.entries(action.params).filter(([param]) => param !== spec.idParam && param !== 'ClientToken'),
  ) as Params;
  const idRules = { [spec.idParam]: action.params[spec.idParam] } as Params;
  const idField = single.bindings.find((binding) => binding.param === spec.idParam)?.field;
  if (idField === undefined) throw new Error(`${single.name} has no input field for ${spec.idParam}.`);
  const expansion = spec.expansion;

  const InputRef = builder.inputRef<Readonly<Record<string, unknown>>>(`${typeName}Input`).implement({
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
        description: `Answer the plan without acting: for each ${spec.noun}, DryRunPassed or the refusal the documented rules give from the state ECS describes. No write is sent.`,
      }),
      ...inputFields(t, common, `${typeName}Input`, regionParam ? [regionParam] : []),
    }),
  });

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

  const ItemRef = builder.objectRef<BulkItem>(`${typeName}Item`).implement({
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

  const PayloadRef = builder.objectRef<BulkPayload>(`${typeName}Payload`).implement({
    description: `The items of ${spec.name}, in selection order.`,
    fields: (t) => ({
      dryRun: t.exposeBoolean('dryRun', {
        description: 'True when nothing was done: the items are the plan.',
      }),
      items: t.field({
        type: [ItemRef],
        description: `One per ${spec.noun} selected, named ids first, then ${expansion ? `those of ${expansion.field}, then ` : ''}the filter’s; each once.`,
        resolve: (payload) => payload.items,
      }),
    }),
  });

  builder.mutationField(spec.name, (t) =>
    t.field({
      type: PayloadRef,
      description: spec.description,
      args: {
        input: t.arg({ type: InputRef, required: true, description: `What to ${spec.name}.` }),
      },
      errors: {
        types: [ValidationError],
        directResult: true,
        union: {
          name: `${typeName}Result`,
          description: `What ${spec.name} answers: its items, or a ValidationError when the input breaks a rule (nothing was done).`,
        },
      },
      extensions: upstreamCost({
        calls: 'bulk',
        bulk: {
          ids: spec.idsField,
          ...(expansion ? { expands: { field: expansion.field, items: expansion.most } } : {}),
          filter: 'filter',
          reads: single.reads.fixed,
          dryRun: spec.dryRunCost,
        },
      }),
      resolve: async (_root, { input }, context, info) => {
        const regionId = (input.regionId as string | null | undefined) ?? context.defaultRegionId;
        const most = bulkItemBound(input, context.maxBulkItems);
        const selectors = selectorsOf(input);
        const [first, ...rest] = problemsOf(input, selectors, regionId, most, context);
        if (first) throw new ValidationError([first, ...rest]);
        const { selected, described } = await select(selectors, regionId, most, context);
        if (input.dryRun === true) return plan(selected, described, regionId, context);
        const key = String(info.path.key);
        const items = await boundedMap(selected, BULK_CONCURRENCY, async (id) => {
          try {
            const result = await single.perform(
              { ...input, [idField]: id, regionId },
              context,
              `${key}/${id}`,
            );
            return { id, result };
          } catch (error) {
            if (error instanceof MutationError) return { id, result: error };
            return { id, result: error, failed: true };
          }
        });
        return { dryRun: false, items } satisfies BulkPayload;
      },
    }),
  );

  interface Selectors {
    /** The ids named, in input order. */
    readonly named: readonly string[] | undefined;
    readonly expanding: readonly string[] | undefined;
    readonly filter: Filter | undefined;
  }

  function selectorsOf(input: Readonly<Record<string, unknown>>): Selectors {
    const list = (field: string | undefined) =>
      field === undefined ? undefined : ((input[field] as readonly string[] | null | undefined) ?? undefined);
    return {
      named: list(spec.idsField),
      expanding: list(expansion?.field),
      filter: (input.filter as Filter | null | undefined) ?? undefined,
    };
  }

  function tooMany(field: string, most: number, count: number): InputProblem {
    return problem(
      field,
      `selects at most ${most} ${spec.noun}s (maxItems, GATEWAY_MAX_BULK_ITEMS); got ${count}`,
      TOO_MANY_ITEMS,
    );
  }

  /** Every rule the input breaks, found without a call. */
  function problemsOf(
    input: Readonly<Record<string, unknown>>,
    { named, expanding, filter }: Selectors,
    regionId: string,
    most: number,
    context: GatewayContext,
  ): InputProblem[] {
    const problems: InputProblem[] = [];
    // An empty list selects nothing: it is no selector. An empty filter selects everything (bounded).
    if (selectorLength(named) === 0 && selectorLength(expanding) === 0 && filter === undefined) {
      const selectors = [spec.idsField, ...(expansion ? [expansion.field] : []), 'filter'];
      problems.push(
        problem(
          'input',
          `needs at least one of ${selectors.map((field) => `input.${field}`).join(', ')} (a list not empty)`,
          'MissingParameter',
        ),
      );
    }
    const asked = input.maxItems;
    if (typeof asked === 'number' && (asked < 1 || asked > context.maxBulkItems))
      problems.push(
        problem(
          'input.maxItems',
          `must be from 1 to ${context.maxBulkItems} (GATEWAY_MAX_BULK_ITEMS)`,
          TOO_MANY_ITEMS,
        ),
      );
    const lists: [string, readonly string[] | undefined, Params, string][] = [
      [spec.idsField, named, idRules, spec.idParam],
      ...(expansion
        ? [
            [expansion.field, expanding, expansion.params, expansion.param] as [
              string,
              readonly string[] | undefined,
              Params,
              string,
            ],
          ]
        : []),
    ];
    for (const [field, ids, rules, param] of lists) {
      // Every entry counts, repeats too: the call estimate counts the same (selectorLength).
      const listed = selectorLength(ids);
      if (listed > most)
        problems.push(
          problem(
            `input.${field}`,
            `lists at most ${most} ids, repeats included (maxItems, GATEWAY_MAX_BULK_ITEMS); got ${listed}`,
            TOO_MANY_ITEMS,
          ),
        );
      (ids ?? []).forEach((id, index) => {
        for (const found of checkParams(rules, { [param]: id }, context.limits))
          problems.push(listedIdProblem(`${field}[${index}]`, rules, found));
      });
    }
    const wire = toActionInput(common, input);
    if (regionParam) wire[regionParam] = regionId;
    for (const found of checkParams(commonParams, wire, context.limits))
      problems.push(inputProblem(common, found));
    problems.push(...pairProblems(common, single.pairRules, wire));
    problems.push(...asProblems(filterProblems(spec.filter.mapping, filter, context.limits, 'input.filter')));
    return problems;
  }

  /**
   * The selection, whole, before any write: the named ids, then what the expansion and
   * the filter list (each id once), and the items those listings described. Past the
   * bound, a ValidationError naming the selector that went past it.
   */
  async function select(
    { named, expanding, filter }: Selectors,
    regionId: string,
    most: number,
    context: GatewayContext,
  ): Promise<{ readonly selected: readonly string[]; readonly described: Map<string, Item> }> {
    const selected = new Set(named ?? []);
    const described = new Map<string, Item>();
    const add = (items: readonly Item[]) => {
      for (const item of items) {
        const id = spec.listing.idOf(item);
        described.set(id, item);
        selected.add(id);
      }
    };
    if (expansion && expanding) {
      const lists = await Promise.all(
        [...new Set(expanding)].map((id) => expansion.list(context, regionId, id)),
      );
      for (const items of lists) add(items);
      if (selected.size > most)
        throw new ValidationError([tooMany(`input.${expansion.field}`, most, selected.size)]);
    }
    if (filter !== undefined) {
      const listed = await listFiltered(context, spec, regionId, filter, most);
      add(listed.items);
      const count = Math.max(selected.size, listed.total);
      if (count > most) throw new ValidationError([tooMany('input.filter', most, count)]);
    }
    return { selected: [...selected], described };
  }

  /** A dry run: the named items not yet described are, then each gets its verdict. */
  async function plan(
    selected: readonly string[],
    described: Map<string, Item>,
    regionId: string,
    context: GatewayContext,
  ): Promise<BulkPayload> {
    const missing = selected.filter((id) => !described.has(id));
    const found = await context.loaders.byId(spec.listing).loadMany(missing.map((id) => ({ regionId, id })));
    missing.forEach((id, index) => {
      const item = found[index];
      if (item instanceof Error) throw item;
      if (item) described.set(id, item as Item);
    });
    const entries = selected.map((id) => ({ id, item: described.get(id) ?? null }));
    const verdicts = await spec.check(context, regionId, entries);
    return {
      dryRun: true,
      items: entries.map(({ id }, index) => {
        const code = verdicts[index];
        return { id, result: code === undefined ? new DryRunPassed(action.name) : refusalOf(single, code) };
      }),
    };
  }
}

/**
 * Every item the filter lists, a page at a time, and the total the first page tells:
 * a total past the bound stops there (the caller refuses it, after that one call).
 */
async function listFiltered<A extends AnyAction, L extends AnyAction, Item, Filter extends object>(
  context: GatewayContext,
  spec: BulkSpec<A, L, Item, Filter>,
  regionId: string,
  filter: Filter,
  most: number,
): Promise<{ readonly items: readonly Item[]; readonly total: number }> {
  const query = { regionId, filter: spec.filter.mapping.toInput(filter) };
  const size = context.limits.pageSize;
  const first = await context.loaders.page(spec.listing, query, { kind: 'page', number: 1, size });
  if (first.totalCount > most) return { items: first.nodes, total: first.totalCount };
  const pages = Math.ceil(first.totalCount / size);
  const rest = await Promise.all(
    Array.from({ length: Math.max(0, pages - 1) }, (_, index) =>
      context.loaders.page(spec.listing, query, { kind: 'page', number: index + 2, size }),
    ),
  );
  return { items: [first, ...rest].flatMap((page) => page.nodes), total: first.totalCount };
}
