import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { AnyAction } from '../spec/action.js';
import type { ApiLimits } from '../spec/limits.js';
import type { Params } from '../spec/params.js';
import { ServiceError } from './backend.js';

/**
 * NextToken of today's ECS, as the simulator issues it. A token names the last item
 * handed out by its place in the list's stable order (creation time, then id), not a
 * page number: items created or deleted between calls move no other item, so a walk
 * neither skips nor repeats an item that existed throughout. It is sealed with
 * AES-256-GCM under a key of this simulator: opaque to clients, and a token altered,
 * truncated or made up fails to open. Inside, it says which action, region and filters
 * it continues, and a token used for another is refused.
 */

/** Where a token-paged walk stands: after this item of the stable order. */
export interface TokenCursor {
  readonly creationTime: number;
  readonly id: string;
}

/** What a token continues: the call it was issued for. */
export interface TokenScope {
  readonly action: string;
  readonly regionId: string;
  /** The filters given, in a canonical form (see filterKey). */
  readonly filters: string;
}

/** What a token seals, as a compact array: version, scope, cursor. */
type Sealed = readonly [
  1,
  action: string,
  regionId: string,
  filters: string,
  creationTime: number,
  id: string,
];

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The code and words ECS uses for NextToken on its token-paged actions (400). */
export function invalidNextToken(rule: string): ServiceError {
  return new ServiceError(
    'InvalidParameter.NextToken',
    `The specified parameter "NextToken" is not valid: ${rule}.`,
    400,
  );
}

export class PageTokens {
  readonly #key: Buffer;

  /** A key of 32 bytes; a fresh random one by default, so tokens do not outlive the simulator. */
  constructor(key: Buffer = randomBytes(32)) {
    if (key.length !== 32) throw new RangeError('A page-token key is 32 bytes.');
    this.#key = key;
  }

  issue(scope: TokenScope, after: TokenCursor): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    // Compact, so a token stays well under the 256 characters clients may allow for one.
    const sealed: Sealed = [1, scope.action, scope.regionId, scope.filters, after.creationTime, after.id];
    const body = Buffer.concat([cipher.update(JSON.stringify(sealed), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  /** The cursor a token carries for this scope; throws InvalidParameter.NextToken naming the rule broken. */
  open(token: string, scope: TokenScope): TokenCursor {
    const [, action, regionId, filters, creationTime, id] = this.#unseal(token);
    if (action !== scope.action) throw invalidNextToken(`it was issued by ${action}`);
    if (regionId !== scope.regionId) throw invalidNextToken(`it was issued for region ${regionId}`);
    if (filters !== scope.filters)
      throw invalidNextToken('it was issued for other filters; send the filters of the first call');
    return { creationTime, id };
  }

  #unseal(token: string): Sealed {
    const raw = /^[A-Za-z0-9_-]+$/.test(token) ? Buffer.from(token, 'base64url') : Buffer.alloc(0);
    if (raw.length <= IV_BYTES + TAG_BYTES) throw malformed();
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, raw.subarray(0, IV_BYTES));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      const text = Buffer.concat([
        decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
      const sealed = JSON.parse(text) as Sealed;
      if (!Array.isArray(sealed) || sealed[0] !== 1 || sealed.length !== 6) throw malformed();
      return sealed;
    } catch {
      throw malformed();
    }
  }
}

function malformed(): ServiceError {
  return invalidNextToken('it is not a NextToken this API issued');
}

/**
 * The filters of a call in one canonical string: every parameter but the region and
 * the paging ones, keys sorted at every level. Two calls with the same filters in any
 * order give the same key; any other filter value gives another.
 */
export function filterKey(input: Readonly<Record<string, unknown>>, ignore: readonly string[]): string {
  const kept = Object.fromEntries(
    Object.entries(input).filter(([name, value]) => value !== undefined && !ignore.includes(name)),
  );
  // 128 bits of SHA-256: enough that two filter sets never share a key by chance.
  return createHash('sha256').update(canonical(kept)).digest().subarray(0, 16).toString('base64url');
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/**
 * An action's parameters as the API generation knows them: under the 2014 limits
 * MaxResults and NextToken did not exist, so they are left out and a call carrying
 * them is parsed as ECS parsed unknown parameters then: ignored, whatever their value.
 */
export function paramsUnder(action: AnyAction, limits: ApiLimits): Params {
  if (limits.name !== '2014' || !action.page?.tokens) return action.params;
  const { MaxResults: _max, NextToken: _next, ...known } = action.params;
  return known;
}
