import type { InputObjectRef } from '@pothos/core';
import type { GatewayContext } from '../../context.js';
import type { Listing } from '../../loaders/listing.js';
import type { AnyAction } from '../../spec/action.js';
import { DRY_RUN_PARAM } from '../../spec/dry-run.js';
import type { Params } from '../../spec/params.js';
import type { GatewayTypes } from '../builder.js';
import type { BulkCost } from '../cost.js';
import type { FilterMapping } from '../filters.js';
import type { DefinedMutation } from './define-mutation.js';
import type { FieldBinding } from './input-fields.js';

/** One item of a bulk mutation: its id, and what the single mutation answered for it. */
export interface BulkItem {
  readonly id: string;
  /** The payload, a member error, DryRunPassed; or a GraphQL error (nothing done), thrown at `result`. */
  readonly result: unknown;
  readonly failed?: boolean;
}

export interface BulkPayload {
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

/**
 * What the bulk input takes from the single mutation's: everything but the item id,
 * ClientToken and DryRun (the bulk input's own dryRun plans the items, see bulk.ts).
 */
export interface BulkInputShape {
  /** The single mutation's input fields that apply to every item. */
  readonly common: readonly FieldBinding[];
  /** The action's parameters behind them, whose rules the input is checked by. */
  readonly commonParams: Params;
  /** The rules of the item id parameter, checked on each id listed. */
  readonly idRules: Params;
  /** The single mutation's input field each item's id goes to. */
  readonly idField: string;
}

export function bulkInputShape(single: DefinedMutation<AnyAction>, idParam: string): BulkInputShape {
  const { action } = single;
  const own = (param: string) => param !== idParam && param !== 'ClientToken' && param !== DRY_RUN_PARAM;
  const common = single.bindings.filter((binding) => own(binding.param));
  const commonParams = Object.fromEntries(
    Object.entries(action.params).filter(([param]) => own(param)),
  ) as Params;
  const idRules = { [idParam]: action.params[idParam] } as Params;
  const idField = single.bindings.find((binding) => binding.param === idParam)?.field;
  if (idField === undefined) throw new Error(`${single.name} has no input field for ${idParam}.`);
  return { common, commonParams, idRules, idField };
}

/** The prefix of a bulk mutation's type names: `CreateSnapshots`. */
export function bulkTypeName(spec: { readonly name: string }): string {
  return spec.name.charAt(0).toUpperCase() + spec.name.slice(1);
}
