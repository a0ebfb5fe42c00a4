import { z } from 'zod';
import { ROLE_NAME } from '../ecs/aliyun-cli-profile.js';

/**
 * The rules of environment variables: each parses the trimmed text of a set variable
 * into its value, or fails with the rule in words, which ConfigError shows next to
 * the variable's name.
 */

export function rule<T>(description: string, parse: (raw: string) => T | undefined) {
  return z.string().transform((raw, ctx): T => {
    const value = parse(raw);
    if (value === undefined) {
      ctx.issues.push({ code: 'custom', message: description, input: raw });
      return z.NEVER;
    }
    return value;
  });
}

export const integer = (min: number, max: number) =>
  rule(`must be an integer from ${min} to ${max}`, (raw) => {
    const value = /^-?\d+$/.test(raw) ? Number(raw) : Number.NaN;
    return value >= min && value <= max ? value : undefined;
  });

export const decimal = (min: number, max: number) =>
  rule(`must be a number from ${min} to ${max}`, (raw) => {
    const value = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : Number.NaN;
    return value >= min && value <= max ? value : undefined;
  });

export const flag = rule('must be true, false, 1 or 0', (raw) => {
  const lower = raw.toLowerCase();
  return lower === 'true' || lower === '1' ? true : lower === 'false' || lower === '0' ? false : undefined;
});

/** Matched without regard to case; the value is the canonical spelling. */
export const oneOf = <const V extends readonly string[]>(values: V) =>
  rule<V[number]>(`must be one of ${values.join(', ')}`, (raw) =>
    values.find((value) => value.toLowerCase() === raw.toLowerCase()),
  );

export const httpUrl = rule('must be an http:// or https:// URL without query or fragment', (raw) => {
  if (!URL.canParse(raw)) return undefined;
  const url = new URL(raw);
  if (
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.search ||
    url.hash ||
    url.username ||
    url.password
  )
    return undefined;
  return raw.replace(/\/+$/, '');
});

export const redisUrl = rule('must be a redis:// or rediss:// URL with a host', (raw) => {
  if (!URL.canParse(raw)) return undefined;
  const url = new URL(raw);
  if ((url.protocol !== 'redis:' && url.protocol !== 'rediss:') || !url.hostname || url.hash)
    return undefined;
  return raw;
});

const REGION_ID = /^[a-z]{2,}(-[a-z0-9]+)+$/;
export const regionId = rule('must be a region id such as cn-hangzhou', (raw) =>
  REGION_ID.test(raw) ? raw : undefined,
);
export const regionList = rule(
  'must be a comma-separated list of region ids such as cn-hangzhou,cn-shanghai',
  (raw) => {
    const ids = raw.split(',').map((id) => id.trim());
    return ids.every((id) => REGION_ID.test(id)) && new Set(ids).size === ids.length ? ids : undefined;
  },
);
export const roleName = rule('must be a RAM role name: 1 to 64 letters, digits, "." or "-"', (raw) =>
  ROLE_NAME.test(raw) ? raw : undefined,
);
export const text = (description = 'must not be empty') => rule(description, (raw) => raw);
export const bearerToken = rule('must be at least 16 characters with no whitespace', (raw) =>
  raw.length >= 16 && !/\s/.test(raw) ? raw : undefined,
);
export const accessKeyPart = rule('must be printable ASCII with no whitespace', (raw) =>
  /^[\x21-\x7e]+$/.test(raw) ? raw : undefined,
);

/**
 * Browser origins: scheme, host and port only, as a browser sends them in `Origin`.
 * `*` and `null` are refused: an allowed origin is always named.
 */
export const originList = rule(
  'must be a comma-separated list of origins such as https://app.example.com,http://localhost:3000 (scheme, host and optional port; no *, path, query or credentials)',
  (raw) => {
    const origins = raw.split(',').map((origin) => origin.trim().replace(/\/+$/, ''));
    const valid = origins.every((origin) => {
      if (!URL.canParse(origin)) return false;
      const url = new URL(origin);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === origin.toLowerCase();
    });
    return valid ? [...new Set(origins.map((origin) => origin.toLowerCase()))] : undefined;
  },
);
