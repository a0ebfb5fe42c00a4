import { type IntRule, p, type StringRule } from './params.js';

/**
 * The named value rules of the reference that plain length, range and enum checks
 * cannot express, and the parameter declarations built on them. Each rule returns the
 * broken rule in words, so a ParamProblem names the field and the rule.
 */

const HTTP_PREFIX = /^https?:\/\//i;
const LETTER_START = /^\p{L}/u;
const NAME_CHARACTERS = /^[\p{L}\p{N}._:-]*$/u;

function length(value: string): number {
  return [...value].length;
}

function lengthRule(value: string, min: number, max: number): string | undefined {
  const count = length(value);
  if (count < min) return `at least ${min} characters`;
  if (count > max) return `at most ${max} characters`;
  return undefined;
}

/**
 * Instance, disk, image and policy names: 2 to 128 characters, starting with a letter
 * (Latin or Chinese), then letters, digits, `.`, `_`, `-` and `:`; never a URL.
 */
export const resourceName: StringRule = (value) => {
  if (HTTP_PREFIX.test(value)) return 'must not start with http:// or https://';
  const broken = lengthRule(value, 2, 128);
  if (broken) return broken;
  if (!LETTER_START.test(value)) return 'must start with a letter or a Chinese character';
  if (!NAME_CHARACTERS.test(value)) return 'may contain only letters, digits, ".", "_", "-" and ":"';
  return undefined;
};

/** A snapshot name: a resource name that does not start with `auto`, which marks automatic snapshots. */
export const snapshotName: StringRule = (value) => {
  const broken = resourceName(value);
  if (broken) return broken;
  return value.startsWith('auto')
    ? 'must not start with "auto", which is kept for automatic snapshots'
    : undefined;
};

/** A description: 2 to 256 characters, not starting with http:// or https://. */
export const description: StringRule = (value) => {
  if (HTTP_PREFIX.test(value)) return 'must not start with http:// or https://';
  return lengthRule(value, 2, 256);
};

/**
 * An instance host name: 2 to 64 characters of letters, digits, `.` and `-`, neither
 * starting nor ending with `.` or `-`, without two of them in a row. Windows images
 * allow 15 characters and no dots; that depends on the image, so it is ECS's to check.
 */
export const hostName: StringRule = (value) => {
  const broken = lengthRule(value, 2, 64);
  if (broken) return broken;
  if (!/^[A-Za-z0-9.-]+$/.test(value)) return 'may contain only letters, digits, "." and "-"';
  if (/^[.-]|[.-]$/.test(value)) return 'must not start or end with "." or "-"';
  if (/[.-]{2}/.test(value)) return 'must not contain "." or "-" twice in a row';
  return undefined;
};

const PASSWORD_SPECIALS = "()`~!@#$%^&*-_+=|{}[]:;'<>,.?/";
const PASSWORD_CLASSES: readonly RegExp[] = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/];

/**
 * An instance password: 8 to 30 characters from letters, digits and
 * ()`~!@#$%^&*-_+=|{}[]:;'<>,.?/, with at least three of upper case, lower case,
 * digits and special characters (the 2014 rule of letters and digits is one case of it).
 */
export const password: StringRule = (value) => {
  const broken = lengthRule(value, 8, 30);
  if (broken) return broken;
  if ([...value].some((char) => !/[A-Za-z0-9]/.test(char) && !PASSWORD_SPECIALS.includes(char)))
    return `may contain only letters, digits and ${PASSWORD_SPECIALS}`;
  const classes = PASSWORD_CLASSES.filter((pattern) => pattern.test(value)).length;
  return classes < 3 ? 'needs three of: upper case, lower case, digits, special characters' : undefined;
};

/** A tag key: 1 to 128 characters, not starting with `aliyun` or `acs:`, without a URL. */
const tagKey: StringRule = (value) => {
  const broken = lengthRule(value, 1, 128);
  if (broken) return broken;
  if (/^(aliyun|acs:)/i.test(value)) return 'must not start with "aliyun" or "acs:"';
  return /https?:\/\//i.test(value) ? 'must not contain http:// or https://' : undefined;
};

/** A tag value: up to 128 characters, not starting with `acs:`, without a URL. */
const tagValue: StringRule = (value) => {
  const broken = lengthRule(value, 0, 128);
  if (broken) return broken;
  if (/^acs:/i.test(value)) return 'must not start with "acs:"';
  return /https?:\/\//i.test(value) ? 'must not contain http:// or https://' : undefined;
};

/** A JSON array of distinct whole numbers from `min` to `max`, written as strings: `["0", "12"]`. */
function numberListRule(min: number, max: number, what: string): StringRule {
  const rule = `a JSON array of up to ${max - min + 1} distinct ${what} from "${min}" to "${max}"`;
  return (value) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      return rule;
    }
    if (!Array.isArray(parsed) || parsed.length === 0) return rule;
    const numbers = parsed.map((item) =>
      typeof item === 'string' && /^\d{1,2}$/.test(item) ? Number(item) : NaN,
    );
    const valid = numbers.every((n) => n >= min && n <= max) && new Set(numbers).size === numbers.length;
    return valid ? undefined : rule;
  };
}

/** Auto-snapshot hours of the day (UTC+8): `["0", "1", ... "23"]`. */
export const hourList = numberListRule(0, 23, 'hours');
/** Auto-snapshot days of the week, 1 for Monday: `["1", ... "7"]`. */
export const weekdayList = numberListRule(1, 7, 'weekdays');

/** A retention period in days: -1 keeps forever, otherwise 1 to 65536. */
export const retentionDays: IntRule = (value) =>
  value === -1 || (value >= 1 && value <= 65536) ? undefined : '-1 (forever) or 1 to 65536';

/** A name parameter with the resource-name rule and the action's documented code. */
export function nameParam<const C extends string>(options: { code: C; doc: string; httpStatus?: number }) {
  return p.string({ minLength: 2, maxLength: 128, check: resourceName, httpStatus: 400, ...options });
}

/** A description parameter with the description rule and the action's documented code. */
export function descriptionParam<const C extends string>(options: {
  code: C;
  doc: string;
  httpStatus?: number;
}) {
  return p.string({ minLength: 2, maxLength: 256, check: description, httpStatus: 400, ...options });
}

/**
 * `Tag.N.Key` / `Tag.N.Value`, N from 1 to 20: the tags to set on a new resource, or on
 * a Describe* call the tags a resource must carry to be listed.
 */
export function tagsParam(doc: string) {
  return p.repeated({
    max: 20,
    doc,
    code: 'InvalidTagCount',
    unique: { field: 'Key', code: 'Duplicate.TagKey' },
    fields: {
      Key: p.string({
        required: true,
        maxLength: 128,
        check: tagKey,
        code: 'InvalidTagKey.Malformed',
        doc: 'The tag key: 1 to 128 characters, not starting with aliyun or acs:, without http:// or https://.',
      }),
      Value: p.string({
        maxLength: 128,
        check: tagValue,
        code: 'InvalidTagValue.Malformed',
        doc: 'The tag value: up to 128 characters, not starting with acs:, without http:// or https://.',
      }),
    },
  });
}
