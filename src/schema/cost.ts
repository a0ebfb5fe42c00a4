import type { ApiLimits } from '../ecs/limits.js';
import { DEFAULT_PAGE_SIZE } from '../ecs/limits.js';

/**
 * What a field costs upstream, declared on the field as `extensions: upstreamCost(...)`
 * and read before execution to estimate an operation's calls. It states the field's
 * loader behaviour, not a guess per query:
 * - `calls`: `none` (no call), `once` (one call for the whole operation, like the
 *   cached region list), `perParent` (one call per parent object), `byId` (parents
 *   batched by a by-id loader, as many per call as the id limit allows), `page` (one
 *   call per parent, or the page cap for `page: { all: true }`), `relation` (a relation
 *   loader: one call to choose its plan, then at most one per parent);
 * - `items`: how many objects one evaluation returns at most, multiplying the cost of
 *   the selections below it: a number, or `page` to read the page argument;
 * - `groupedBy` (relations): a field, as `Type.field`, whose one evaluation yields
 *   parents that share one call (the disks of one instance share the call listing
 *   their snapshots by InstanceId). When the parents come from that field, the
 *   relation costs one call per evaluation of it, not one per parent.
 */
export interface UpstreamCost {
  readonly calls: 'none' | 'once' | 'perParent' | 'byId' | 'page' | 'relation';
  readonly items?: number | 'page';
  readonly groupedBy?: string;
}

/** A field enclosing the one being estimated: `Type.field` and how often it is evaluated. */
export interface Enclosing {
  readonly coordinate: string;
  readonly cost: UpstreamCost | undefined;
  readonly parents: number;
}

export interface CostEnv {
  readonly limits: ApiLimits;
  readonly allPagesCap: number;
  /** False when the loaders behave like naive resolvers: one call per id and per parent. */
  readonly batching?: boolean;
}

const EXTENSION = 'upstreamCost';

export function upstreamCost(cost: UpstreamCost): { readonly [EXTENSION]: UpstreamCost } {
  return { [EXTENSION]: cost };
}

export function readUpstreamCost(
  extensions: Readonly<Record<string, unknown>> | null | undefined,
): UpstreamCost | undefined {
  return extensions?.[EXTENSION] as UpstreamCost | undefined;
}

interface PageArgs {
  readonly page?: { readonly size?: number | null; readonly all?: boolean | null } | null;
}

function pageItems(args: PageArgs, env: CostEnv): number {
  if (args.page?.all) return env.allPagesCap * env.limits.pageSize;
  return Math.max(1, args.page?.size ?? DEFAULT_PAGE_SIZE);
}

/** The calls `parents` evaluations of a field make at most. */
export function callsOf(
  cost: UpstreamCost,
  parents: number,
  args: PageArgs,
  env: CostEnv,
  ancestors: readonly Enclosing[] = [],
): number {
  switch (cost.calls) {
    case 'none':
      return 0;
    case 'once':
      return parents > 0 ? 1 : 0;
    case 'perParent':
      return parents;
    case 'byId':
      if (env.batching === false) return parents;
      return Math.ceil(parents / Math.min(env.limits.ids, env.limits.pageSize));
    case 'page':
      return parents * (args.page?.all ? env.allPagesCap : 1);
    case 'relation': {
      if (env.batching === false) return parents;
      const groups = Math.min(parents, groupsOf(cost, ancestors) ?? parents);
      // A single group is fetched directly; more cost a first page to choose the plan.
      return groups > 1 ? 1 + groups : groups;
    }
  }
}

/**
 * How many shared calls a grouped relation's parents fall into: the evaluations of the
 * field that produced them, when that is the field the relation is grouped by. The
 * producing field is the nearest enclosing one that calls ECS (page wrappers such as
 * `DiskPage.nodes` cost nothing and are passed over).
 */
function groupsOf(cost: UpstreamCost, ancestors: readonly Enclosing[]): number | undefined {
  if (cost.groupedBy === undefined) return undefined;
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const ancestor = ancestors[i] as Enclosing;
    if (ancestor.cost === undefined || ancestor.cost.calls === 'none') continue;
    return ancestor.coordinate === cost.groupedBy ? ancestor.parents : undefined;
  }
  return undefined;
}

/** The objects one evaluation of a field returns at most. */
export function itemsOf(cost: UpstreamCost | undefined, args: PageArgs, env: CostEnv): number {
  const items = cost?.items ?? 1;
  return items === 'page' ? pageItems(args, env) : items;
}
