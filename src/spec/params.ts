import type { LimitName } from './limits.js';

/**
 * Request parameters, declared once per action. The declaration types the client's
 * input, encodes it to the flat `Name=value` pairs the API takes, and lets the
 * simulator parse and validate those pairs back with the same rules and error codes.
 */

/** A bound is a number or the name of an API limit resolved at call time. */
export type Bound = number | LimitName;

export interface ParamCommon {
  readonly required?: boolean;
  /** What the reference says of the parameter; surfaces in GraphQL descriptions. */
  readonly doc?: string;
  /** The error code the API answers when the value breaks a rule (InvalidParameter by default). */
  readonly code?: string;
  /** The HTTP status that goes with `code` (400 by default). */
  readonly httpStatus?: number;
  /**
   * Other wire spellings the simulator accepts for this parameter, where the reference
   * and today's API disagree (`RegionId` for today's `regionId`). The client sends only
   * the declared name.
   */
  readonly aliases?: readonly string[];
  /**
   * Why the parameter is no longer needed, when the SDK models mark it deprecated: the
   * GraphQL input field derived from it carries `@deprecated(reason:)`. It is still sent.
   */
  readonly deprecated?: string;
}

/**
 * A rule that min/max/values cannot express: returns the broken rule in words
 * (`must start with a letter`), or undefined when the value keeps it.
 */
export type StringRule = (value: string) => string | undefined;

export interface StringParam extends ParamCommon {
  readonly kind: 'string';
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly values?: readonly string[];
  /** Compare with `values` ignoring case: ECS accepts `standard` for `Standard`. */
  readonly ignoreCase?: boolean;
  /** Checked after the length and values rules; see rules.ts for the named ones. */
  readonly check?: StringRule;
}
/** An integer rule beyond min/max (`-1 or 1 to 65536`): the broken rule in words, or undefined. */
export type IntRule = (value: number) => string | undefined;

export interface IntParam extends ParamCommon {
  readonly kind: 'int';
  readonly min?: Bound;
  readonly max?: Bound;
  /** Checked after min and max. */
  readonly check?: IntRule;
}
export interface BoolParam extends ParamCommon {
  readonly kind: 'bool';
}
/** A JSON-array filter such as `DiskIds=["d-1","d-2"]`. `[]` is a filter that matches nothing. */
export interface IdListParam extends ParamCommon {
  readonly kind: 'idList';
  readonly max: Bound;
}
/** A repeated structure on the wire as `Tag.1.Key`, `Tag.1.Value`, `Tag.2.Key`, ... */
export interface RepeatedParam<F extends Params = Params> extends ParamCommon {
  readonly kind: 'repeated';
  readonly max: number;
  readonly fields: F;
  /**
   * A field whose value no two entries may share (`Key` of tags), with the code ECS
   * answers for a repeat. Checked on typed input, so the client refuses it unsent.
   */
  readonly unique?: { readonly field: keyof F & string; readonly code: string; readonly httpStatus?: number };
}
/**
 * A repeated scalar on the wire as `Name.1=…&Name.2=…` (`AddAccount.N`): typed as a list
 * of strings, each kept to `of`'s rules. The client refuses more than `max` entries; the
 * simulator, as ECS, reads N from 1 to `max` and ignores a larger N.
 */
export interface ListParam extends ParamCommon {
  readonly kind: 'list';
  readonly max: number;
  readonly of: StringParam;
}
export type ScalarParam = StringParam | IntParam | BoolParam;
export type Param = ScalarParam | IdListParam | ListParam | RepeatedParam;
export type Params = { readonly [name: string]: Param };

type Simplify<T> = { [K in keyof T]: T[K] } & {};

export type ParamValue<P extends Param> = P extends IntParam
  ? number
  : P extends BoolParam
    ? boolean
    : P extends IdListParam | ListParam
      ? readonly string[]
      : P extends RepeatedParam<infer F>
        ? ReadonlyArray<InputOf<F>>
        : string;

type RequiredKeys<P extends Params> = {
  [K in keyof P]: P[K] extends { readonly required: true } ? K : never;
}[keyof P];

/** The typed input of a parameter declaration; `undefined` values are left off the wire. */
export type InputOf<P extends Params> = Simplify<
  { [K in RequiredKeys<P>]: ParamValue<P[K]> } & {
    [K in Exclude<keyof P, RequiredKeys<P>>]?: ParamValue<P[K]> | undefined;
  }
>;

type Opts<T> = Omit<T, 'kind'>;

/** Why PageNumber/PageSize are on their way out where today's API pages by NextToken. */
export const PAGED_BY_TOKENS =
  'Today’s API is removing it from this action: page by MaxResults and NextToken.';

export const p = {
  string<const O extends Opts<StringParam>>(options?: O): { readonly kind: 'string' } & O {
    return { kind: 'string', ...(options as O) };
  },
  /** A resource id: a string of at least one character (an empty one names nothing, and would reach ECS). */
  id<const O extends Opts<StringParam>>(options?: O): { readonly kind: 'string'; readonly minLength: 1 } & O {
    return { kind: 'string', minLength: 1, ...(options as O) };
  },
  int<const O extends Opts<IntParam>>(options?: O): { readonly kind: 'int' } & O {
    return { kind: 'int', ...(options as O) };
  },
  bool<const O extends Opts<BoolParam>>(options?: O): { readonly kind: 'bool' } & O {
    return { kind: 'bool', ...(options as O) };
  },
  idList<const O extends Opts<IdListParam>>(options: O): { readonly kind: 'idList' } & O {
    return { kind: 'idList', ...options };
  },
  /** `Name.1`, `Name.2`, ...: a list of strings, each checked with `of`'s rules. */
  list<const O extends Opts<ListParam>>(options: O): { readonly kind: 'list' } & O {
    return { kind: 'list', ...options };
  },
  repeated<F extends Params, const O extends Opts<RepeatedParam<F>>>(
    options: O & { fields: F },
  ): { readonly kind: 'repeated' } & O {
    return { kind: 'repeated', ...options };
  },
  /** PageNumber: from 1. */
  pageNumber(options: { readonly deprecated?: string } = {}) {
    return p.int({ min: 1, doc: 'The page to return, from 1. Default 1.', ...options });
  },
  /** PageSize: 1..the API's page limit. */
  pageSize(options: { readonly deprecated?: string } = {}) {
    return p.int({
      min: 1,
      max: 'pageSize',
      doc: 'Items per page, 1 to the API page limit. Default 10.',
      ...options,
    });
  },
  /** MaxResults of a token-paged listing (today's API): items a call; ECS takes more than `max` as `max`. */
  maxResults(max: number) {
    return p.int({
      doc: `Today's API: items per call when paging by NextToken, up to ${max} (a larger value is taken as ${max}).`,
    });
  },
  /** NextToken: where a token-paged listing goes on (today's API); absent for the first call. */
  nextToken() {
    return p.string({ doc: "Today's API: the NextToken of the previous answer; absent for the first page." });
  },
} as const;
