import { DEFAULT_RELATION_PAGING, type RelationPaging } from '../loaders/relation-paging.js';
import { pagesByToken } from '../loaders/token-pages.js';
import type { ApiLimits } from '../spec/limits.js';
import { DEFAULT_PAGE_SIZE } from '../spec/limits.js';

/**
 * What a field costs upstream, declared on the field as `extensions: upstreamCost(...)`
 * and read before execution to bound an operation's calls. It states the field's loader
 * behaviour, so that the estimate is an upper bound whatever the data:
 * - `calls`: `none` (no call), `once` (at most one call for the whole operation, like
 *   the region list), `perRegion` (one call per region, cached for the request: the
 *   zones), `byId` (a by-id loader: ids chunked to the id limit), `lookup` (a by-id
 *   loader whose filter takes one id: one call per id, plus one first page for a
 *   batch of several), `each` (a loader calling once per distinct id and nothing
 *   else: a security group's rules), `page` (one call per parent, the page cap for `page: { all:
 *   true }`), `relation` (a relation loader: every page of each parent's children, plus
 *   one first page per batch of several parents to choose the plan);
 * - `items`: how many objects one evaluation returns at most, multiplying the cost of
 *   the selections below it: a number, `page` to read the page argument, or `regions`;
 * - `loader`: the loader a `relation` or `lookup` field's keys go to; fields naming the
 *   same loader can share a batch, so their plan-choosing first pages are bounded together;
 * - `idsPerParent` (`byId`, `lookup`): the most ids one evaluation asks for (an
 *   instance's security groups), 1 by default;
 * - `maxChildren` (`relation`): the most children a parent can have, as ECS's model
 *   bounds them (the disks of an instance); unbounded children count at the page cap;
 * - `scanLoads` (`relation`): the loader's scan also loads another relation of the
 *   same parents (Instance.snapshots maps snapshots to instances through their disks);
 * - `reads` (`write`): a mutation makes its action's one call, then describes what it
 *   affected (after the action, or after a lost answer to tell whether it acted; never
 *   both): `fixed` calls, plus one per chunk of the id limit of the ids in its input
 *   list `idsOf` (the disks a policy is applied to);
 * - `groupedBy` (`relation`): a field, as `Type.field`, whose one evaluation yields
 *   parents that share one fetch (the disks of one instance share the call listing
 *   their snapshots by InstanceId). When the parents come from that field, the
 *   relation fetches once per evaluation of it, not once per parent.
 * - `perEvaluation` (`calls: 'perEvaluation'`): calls one evaluation makes, from the
 *   field's arguments and the limits, for fields no loader can batch across parents (a
 *   monitoring series: one call per window of each resource, as ECS has no batch form).
 */
export interface UpstreamCost {
  readonly calls:
    | 'none'
    | 'once'
    | 'perRegion'
    | 'byId'
    | 'lookup'
    | 'each'
    | 'page'
    | 'relation'
    | 'write'
    | 'bulk'
    | 'perEvaluation';
  readonly items?: number | 'page' | 'regions';
  readonly loader?: string;
  readonly idsPerParent?: number;
  readonly maxChildren?: number;
  readonly scanLoads?: { readonly maxChildren?: number };
  /**
   * A page field whose action pages by NextToken under ECS_API_LIMITS=current: the most
   * items one such call takes (MaxResults), which `all` walks by, so a page of `all`
   * holds up to the page cap times that many.
   */
  readonly tokenItems?: number;
  readonly groupedBy?: string;
  readonly reads?: { readonly fixed: number; readonly idsOf?: string };
  readonly bulk?: BulkCost;
  readonly perEvaluation?: (args: Readonly<Record<string, unknown>>, limits: ApiLimits) => number;
}

/**
 * A bulk mutation (`calls: 'bulk'`): it resolves its input to items, at most the
 * input's `maxItems` (GATEWAY_MAX_BULK_ITEMS at most), refusing more before any write;
 * then, for each item, one write and `reads` reads, or in a dry run its checks. Each
 * item's result is an object of its own, so the fields below count once per item.
 */
export interface BulkCost {
  /** The input list naming items one by one (`diskIds`): described in chunks by a dry run. */
  readonly ids: string;
  /** An input list whose every id lists up to `items` items at one call (an instance's disks). */
  readonly expands?: { readonly field: string; readonly items: number };
  /** The input filter: listed a page at a time, until the most items. */
  readonly filter: string;
  /** The reads after each item's write (its payload's resource, or the evidence after a lost answer). */
  readonly reads: number;
  /** A dry run's calls: `perItem` for each item, and one read per id-limit chunk of the items, `chunksOfItems` times. */
  readonly dryRun: { readonly perItem: number; readonly chunksOfItems: number };
}

/** The most items one bulk mutation acts on unless configured (GATEWAY_MAX_BULK_ITEMS). */
export const DEFAULT_MAX_BULK_ITEMS = 50;

/** The most items a bulk mutation's input allows: its `maxItems` within the configured bound. */
export function bulkItemBound(
  input: Readonly<Record<string, unknown>> | null | undefined,
  configured: number,
) {
  const asked = input?.maxItems;
  return typeof asked === 'number' && asked >= 0 ? Math.min(asked, configured) : configured;
}

/**
 * How many entries a bulk selector list holds, repeats included: the number both the
 * resolver (which refuses a list past the bound before any call) and the estimate
 * count, so the two cannot disagree on whether a request acts.
 */
export function selectorLength(value: unknown): number {
  if (Array.isArray(value)) return value.length;
  return value == null ? 0 : 1;
}

export interface CostEnv {
  readonly limits: ApiLimits;
  readonly allPagesCap: number;
  /** False when the loaders behave like naive resolvers: one call per id and per parent. */
  readonly batching?: boolean;
  /** The account's region count, when the cached region list tells it. */
  readonly regions?: number | undefined;
  /**
   * The request's one read of the region list failed: its `regions` field fails with
   * it and yields nothing, so nothing below it is counted.
   */
  readonly regionListFailed?: boolean;
  /** The most items of a bulk mutation (GATEWAY_MAX_BULK_ITEMS); DEFAULT_MAX_BULK_ITEMS when absent. */
  readonly maxBulkItems?: number;
  /** How relations read their pages (RelationPaging); DEFAULT_RELATION_PAGING when absent. */
  readonly relationPaging?: RelationPaging;
}

/**
 * The region count assumed while the region list is not known: ECS has about 30. The
 * call-cap plugin reads the real list instead whenever an operation's count rests on it.
 */
export const REGIONS_ASSUMED = 30;

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
  /** A mutation's one argument. */
  readonly input?: Readonly<Record<string, unknown>> | null;
}

/** One selected field as the estimate sees it; `producer` is the nearest enclosing field that calls ECS. */
export interface CostedField {
  readonly index: number;
  readonly cost: UpstreamCost | undefined;
  readonly args: PageArgs;
  /** How many times the field may be evaluated. */
  readonly parents: number;
  readonly producer?: { readonly index: number; readonly coordinate: string; readonly parents: number };
}

/**
 * The upper bound on the ECS calls of one operation, built field by field in document
 * order (each field after the fields enclosing it).
 *
 * Besides each field's own count it tracks, per field, how many *groups* its results
 * can arrive in: a group is one region's part of one loader batch. A DataLoader batch
 * takes every key asked for before it runs, and the fields below one evaluation are
 * asked for synchronously when it completes, so the keys a field asks for fall into at
 * most as many batches per region as the groups of the field that produced its parents
 * (a listing page is a group of its own; a batch's cached keys complete before it, so a
 * loader's results can arrive in twice the groups its keys came in). Chunking by the id
 * limit and the plan-choosing first pages are bounded per group.
 */
export class CallEstimate {
  readonly #env: CostEnv;
  #calls = 0;
  /** Per field index: the groups its results arrive in. */
  readonly #groups: number[] = [];
  /** Per loader: the groups and units of the batches that may pay a plan-choosing first page. */
  readonly #batches = new Map<string, { groups: number; units: number }>();
  /** Whether some field's count rests on the region count. */
  #usesRegions = false;

  constructor(env: CostEnv) {
    this.#env = env;
  }

  /** Adds a field's calls; returns how many objects one evaluation of it yields at most. */
  add(field: CostedField): number {
    const { cost, parents } = field;
    if (cost === undefined) return 1;
    const env = this.#env;
    const batching = env.batching !== false;
    const incoming = field.producer ? (this.#groups[field.producer.index] ?? parents) : 1;
    const items = this.#itemsOf(cost, field.args);
    let calls = 0;
    let groups = Math.min(parents, 2 * incoming);
    switch (cost.calls) {
      case 'none':
        groups = incoming;
        break;
      case 'once':
        calls = parents > 0 ? 1 : 0;
        groups = parents * items;
        break;
      case 'perRegion':
        // Cached by region for the request: at most one call per region the parents are in.
        calls = Math.min(parents, incoming, env.regions ?? Number.POSITIVE_INFINITY);
        break;
      case 'page':
        calls = parents * (field.args.page?.all ? env.allPagesCap : 1);
        groups = parents;
        break;
      case 'byId': {
        const ids = parents * (cost.idsPerParent ?? 1);
        const perCall = Math.min(env.limits.ids, env.limits.pageSize);
        // Chunks of one group: Σ⌈kᵍ/c⌉ ≤ ⌈K/c⌉ + groups − 1, and never more than one per id.
        calls = batching ? Math.min(ids, Math.ceil(ids / perCall) + Math.min(incoming, ids) - 1) : ids;
        break;
      }
      case 'lookup': {
        const ids = parents * (cost.idsPerParent ?? 1);
        calls = ids;
        this.#batch(cost.loader ?? 'lookup', Math.min(incoming, ids), ids);
        break;
      }
      case 'each':
        calls = parents * (cost.idsPerParent ?? 1);
        break;
      case 'write': {
        // Each evaluation is a mutation of its own (they run one after another), so its
        // reads share no batch with another's.
        const listed = cost.reads?.idsOf === undefined ? undefined : field.args.input?.[cost.reads.idsOf];
        const ids = Array.isArray(listed) ? listed.length : 0;
        const perCall = Math.min(env.limits.ids, env.limits.pageSize);
        const reads = (cost.reads?.fixed ?? 0) + (batching ? Math.ceil(ids / perCall) : ids);
        calls = parents * (1 + reads);
        break;
      }
      case 'bulk': {
        const bulk = this.#bulk(cost, field.args.input);
        calls = parents * bulk.calls;
        groups = parents * bulk.items;
        return this.#settle(field.index, groups, calls, bulk.items);
      }
      case 'perEvaluation':
        calls =
          parents * (cost.perEvaluation?.(field.args as Readonly<Record<string, unknown>>, env.limits) ?? 0);
        break;
      case 'relation': {
        const units = batching ? Math.min(parents, this.#sharedFetches(cost, field) ?? parents) : parents;
        calls = units * this.#pagesPerUnit(cost, batching);
        if (batching) this.#batch(cost.loader ?? 'relation', Math.min(incoming, units), units);
        break;
      }
    }
    if (cost.items === 'regions')
      this.#usesRegions ||= parents > 0 && env.regions === undefined && !env.regionListFailed;
    return this.#settle(field.index, groups, calls, items);
  }

  #settle(index: number, groups: number, calls: number, items: number): number {
    this.#groups[index] = groups;
    this.#calls += calls;
    return items;
  }

  /**
   * One evaluation of a bulk mutation: its items at most (each a group of its own: they
   * finish one by one) and its calls at most. Named ids past the bound are refused
   * before any call: nothing is called then.
   */
  #bulk(cost: UpstreamCost, input: PageArgs['input']): { items: number; calls: number } {
    const bulk = cost.bulk;
    if (bulk === undefined) return { items: 0, calls: 0 };
    const { limits } = this.#env;
    const most = bulkItemBound(input, this.#env.maxBulkItems ?? DEFAULT_MAX_BULK_ITEMS);
    const count = (name: string | undefined) =>
      selectorLength(name === undefined ? undefined : input?.[name]);
    const named = count(bulk.ids);
    const expanding = count(bulk.expands?.field);
    if (named > most || expanding > most) return { items: 0, calls: 0 };
    const filtered = input?.[bulk.filter] != null;
    const items = Math.min(most, named + expanding * (bulk.expands?.items ?? 0) + (filtered ? most : 0));
    // The filter's pages until the bound (the first tells the total), and one listing per expanding id.
    const listing = expanding + (filtered ? Math.max(1, Math.ceil(most / limits.pageSize)) : 0);
    const perCall = Math.min(limits.ids, limits.pageSize);
    const batching = this.#env.batching !== false;
    const chunks = (ids: number) => (batching ? Math.ceil(ids / perCall) : ids);
    if (input?.dryRun === true)
      return {
        items,
        calls:
          listing + chunks(named) + items * bulk.dryRun.perItem + bulk.dryRun.chunksOfItems * chunks(items),
      };
    return { items, calls: listing + items * (1 + bulk.reads) };
  }

  /**
   * The bound: every field's calls, plus at most one first page per batch of two or more
   * units. A deciding page a page of parents starts early (Loaders.speculate) is one of
   * these: it is started only below a page asking for two parents or more, so the
   * relation's units here are two or more (every field yields at least one object), at
   * most once per request, listing and region (each region's page is a group of its own),
   * and whether the plan then uses it does not matter to the count.
   */
  get total(): number {
    let deciding = 0;
    for (const { groups, units } of this.#batches.values())
      deciding += Math.min(groups, Math.floor(units / 2));
    return this.#calls + deciding;
  }

  /** True when the count assumed REGIONS_ASSUMED for a region list that was not known. */
  get assumedRegions(): boolean {
    return this.#usesRegions;
  }

  #batch(loader: string, groups: number, units: number) {
    const batch = this.#batches.get(loader) ?? { groups: 0, units: 0 };
    batch.groups += groups;
    batch.units += units;
    this.#batches.set(loader, batch);
  }

  /** Pages of one parent's children: the cap, or fewer when ECS bounds the children. */
  #pages(maxChildren: number | undefined): number {
    const { allPagesCap, limits } = this.#env;
    if (maxChildren === undefined) return allPagesCap;
    return Math.max(1, Math.min(allPagesCap, Math.ceil(maxChildren / limits.pageSize)));
  }

  #pagesPerUnit(cost: UpstreamCost, batching: boolean): number {
    const own = this.#pages(cost.maxChildren);
    // A walk by NextToken learns no count: it may take up to one call per parent before
    // handing over to per parent (scanCalls), so each parent may cost one call more.
    const walk = batching && this.#walksByToken() ? 1 : 0;
    // A scan costs fewer pages than one per parent, plus the other relation's pages.
    if (batching && cost.scanLoads) return walk + Math.max(own, 1 + this.#pages(cost.scanLoads.maxChildren));
    return walk + own;
  }

  #walksByToken(): boolean {
    const paging = this.#env.relationPaging ?? DEFAULT_RELATION_PAGING;
    return paging === 'nextToken' && pagesByToken(this.#env.limits);
  }

  /**
   * How many shared fetches a grouped relation's parents fall into: the evaluations of
   * the field that produced them, when that is the field the relation is grouped by.
   */
  #sharedFetches(cost: UpstreamCost, field: CostedField): number | undefined {
    if (cost.groupedBy === undefined || field.producer === undefined) return undefined;
    return field.producer.coordinate === cost.groupedBy ? field.producer.parents : undefined;
  }

  #itemsOf(cost: UpstreamCost, args: PageArgs): number {
    const items = cost.items ?? 1;
    if (items === 'regions') return this.#env.regionListFailed ? 0 : (this.#env.regions ?? REGIONS_ASSUMED);
    if (items !== 'page') return items;
    const { limits } = this.#env;
    const perCall =
      pagesByToken(limits) && cost.tokenItems !== undefined
        ? Math.max(limits.pageSize, cost.tokenItems)
        : limits.pageSize;
    const page = args.page?.all
      ? this.#env.allPagesCap * perCall
      : Math.max(1, args.page?.size ?? DEFAULT_PAGE_SIZE);
    return cost.maxChildren === undefined ? page : Math.min(page, cost.maxChildren);
  }
}
