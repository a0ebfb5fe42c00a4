import type { EcsCaller } from '../../../src/ecs/caller.js';
import { EcsError } from '../../../src/ecs/errors.js';
import type { ActionInput, ActionResult, AnyAction } from '../../../src/spec/action.js';
import { DescribeRegions, DescribeZones } from '../../../src/spec/actions/regions.js';
import { API_LIMITS, type ApiLimits, DEFAULT_PAGE_SIZE } from '../../../src/spec/limits.js';
import { checkParams } from '../../../src/spec/param-checks.js';

/** An error as the client throws it when ECS answers with an error body. */
export class FakeEcsError extends EcsError {
  constructor(code: string, message: string, httpStatus = 400, requestId = 'FAKE-REQUEST-ID') {
    super({ code, message, requestId }, httpStatus);
  }
}

export interface RecordedCall {
  readonly action: string;
  readonly input: Readonly<Record<string, unknown>>;
}

export type Handler = (input: Readonly<Record<string, unknown>>) => Record<string, unknown>;

/**
 * An in-memory EcsCaller: records every call (action and input), checks the input
 * against the action's declaration as ECS would (a chunk over the id limit fails),
 * and answers from small fixtures. An action without a handler fails the test.
 */
export class FakeEcs implements EcsCaller {
  readonly calls: RecordedCall[] = [];
  readonly #handlers = new Map<string, Handler>();
  readonly #failures: {
    readonly action: string;
    readonly when: (input: Readonly<Record<string, unknown>>) => boolean;
    readonly error: Error;
  }[] = [];

  constructor(readonly limits: ApiLimits = API_LIMITS['2014']) {}

  on<A extends AnyAction>(
    action: A,
    handler: (input: ActionInput<A>) => Omit<ActionResult<A>, 'RequestId'>,
  ): this {
    this.#handlers.set(action.name, handler as unknown as Handler);
    return this;
  }

  /** An untyped answer, for generic fixtures such as listingAnswer. */
  answer(action: AnyAction, handler: Handler): this {
    this.#handlers.set(action.name, handler);
    return this;
  }

  /** Makes matching calls of an action fail with `error` (recorded all the same). */
  failWhen(
    action: AnyAction,
    when: (input: Readonly<Record<string, unknown>>) => boolean,
    error: Error,
  ): this {
    this.#failures.push({ action: action.name, when, error });
    return this;
  }

  async call<A extends AnyAction>(action: A, input: ActionInput<A>): Promise<ActionResult<A>> {
    const values = input as Readonly<Record<string, unknown>>;
    this.calls.push({ action: action.name, input: { ...values } });
    const problem = checkParams(action.params, values, this.limits)[0];
    if (problem) throw new FakeEcsError(problem.code, problem.message, problem.httpStatus);
    const failure = this.#failures.find((entry) => entry.action === action.name && entry.when(values));
    if (failure) throw failure.error;
    const handler = this.#handlers.get(action.name);
    if (!handler) throw new Error(`FakeEcs has no answer for ${action.name}`);
    return { ...handler(values), RequestId: `FAKE-${this.calls.length}` } as unknown as ActionResult<A>;
  }

  /** The recorded calls' action names, in order. */
  actions(): string[] {
    return this.calls.map((call) => call.action);
  }

  reset(): void {
    this.calls.length = 0;
  }
}

/**
 * A paged listing with ECS's semantics: RegionId and scalar filters must match, an id
 * list filter keeps only its ids (`[]` matches nothing), PageNumber/PageSize default
 * to 1/10, TotalCount counts every match.
 */
export function listingAnswer<Item>(
  items: readonly Item[],
  options: {
    readonly list: string;
    readonly idsParam: string;
    readonly idOf: (item: Item) => string;
    /** Each scalar filter parameter and how to read it from an item (RegionId included). */
    readonly filters: Readonly<Record<string, (item: Item) => string | undefined>>;
  },
): Handler {
  return (input) => {
    const ids = input[options.idsParam] as readonly string[] | undefined;
    const matches = items.filter(
      (item) =>
        (ids === undefined || ids.includes(options.idOf(item))) &&
        Object.entries(options.filters).every(
          ([param, read]) => input[param] === undefined || read(item) === input[param],
        ),
    );
    const pageNumber = (input.PageNumber as number | undefined) ?? 1;
    const pageSize = (input.PageSize as number | undefined) ?? DEFAULT_PAGE_SIZE;
    const start = (pageNumber - 1) * pageSize;
    return {
      TotalCount: matches.length,
      PageNumber: pageNumber,
      PageSize: pageSize,
      [options.list]: matches.slice(start, start + pageSize),
    };
  };
}

/** Two regions, three zones; DescribeZones of any other region fails as ECS does. */
export function withRegions(ecs: FakeEcs): FakeEcs {
  const zones: Record<string, ActionResult<typeof DescribeZones>['Zones']> = {
    'cn-hangzhou': [
      {
        ZoneId: 'cn-hangzhou-b',
        LocalName: '杭州可用区B',
        AvailableResourceCreation: ['Instance', 'Disk'],
        AvailableDiskCategories: ['cloud', 'ephemeral'],
        AvailableInstanceTypes: [],
      },
      {
        ZoneId: 'cn-hangzhou-d',
        LocalName: '杭州可用区D',
        AvailableResourceCreation: ['Instance'],
        AvailableDiskCategories: ['cloud'],
        AvailableInstanceTypes: [],
      },
    ],
    'cn-qingdao': [
      {
        ZoneId: 'cn-qingdao-b',
        LocalName: '青岛可用区B',
        AvailableResourceCreation: ['Disk'],
        AvailableDiskCategories: ['ephemeral_ssd'],
        AvailableInstanceTypes: [],
      },
    ],
  };
  return ecs
    .on(DescribeRegions, () => ({
      Regions: [
        { RegionId: 'cn-hangzhou', LocalName: '华东 1' },
        { RegionId: 'cn-qingdao', LocalName: '华北 1' },
      ],
    }))
    .on(DescribeZones, ({ RegionId }) => {
      const found = zones[RegionId];
      if (!found)
        throw new FakeEcsError('InvalidRegionId.NotFound', 'The specified RegionId does not exist.', 404);
      return { Zones: found };
    });
}
