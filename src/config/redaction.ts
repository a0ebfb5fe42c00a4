import { inspect } from 'node:util';

/**
 * Keeping secrets out of logs: the configuration's secrets are replaced by
 * `[redacted]` wherever it is shown, by `describeConfig`, `JSON.stringify` or
 * `console.log`.
 */

const REDACTED = '[redacted]';
/** Property names whose values are secrets wherever they appear in the config. */
const SECRET_KEYS = new Set(['accessKeySecret', 'securityToken', 'token']);

export function redact(value: unknown, key?: string): unknown {
  if (value === undefined || value === null) return value;
  if (key !== undefined && SECRET_KEYS.has(key)) return REDACTED;
  if (key === 'accessKeyId' && typeof value === 'string') return maskId(value);
  if (key === 'redisUrl' && typeof value === 'string') return withoutPassword(value);
  // JSON has no Infinity (it would print null): say what it means.
  if (value === Number.POSITIVE_INFINITY) return 'unlimited';
  if (Array.isArray(value)) return value.map((item) => redact(item));
  if (typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, redact(item, name)]));
  return value;
}

/** A Redis URL as it may be shown: its password (and user) replaced. */
export function withoutPassword(url: string): string {
  if (!URL.canParse(url)) return REDACTED;
  const parsed = new URL(url);
  if (!parsed.password && !parsed.username) return url;
  parsed.username = '';
  parsed.password = '';
  return `${parsed.protocol}//${REDACTED}@${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
}

function maskId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 4)}…${id.slice(-4)}` : id;
}

/** JSON.stringify and console.log of the config (or any part of it) show the redacted form. */
export function withRedaction<T extends object>(target: T): T {
  // A frozen part was prepared already (a loaded Config inside a larger one).
  for (const value of Object.values(target))
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && !Object.isFrozen(value))
      withRedaction(value);
  Object.defineProperties(target, {
    toJSON: { value: () => redact(target), enumerable: false },
    [inspect.custom]: {
      value: (_depth: number, options: object) => inspect(redact(target), options),
      enumerable: false,
    },
  });
  return target;
}

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}
