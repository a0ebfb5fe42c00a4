/**
 * Readers of ECS values that travel as text but mean something typed. Each returns
 * null when ECS sent nothing (an absent or empty element), and throws on a value that
 * breaks the documented form: that is an API change, not user data.
 */

/** A time: ECS sends an empty element for a time that has not happened. */
export function timeOf(text: string | undefined): string | null {
  return text ? text : null;
}

/** A count written as text, such as a DiskDeviceMapping's Size (`20`). */
export function integerOf(text: string | undefined, what: string): number | null {
  if (!text) return null;
  if (!/^-?\d+$/.test(text.trim())) throw new Error(`ECS returned a ${what} that is not an integer.`);
  return Number(text);
}

/** A progress as ECS writes it: `100%`, or `100` in the 2014 examples. */
export function percentOf(text: string | undefined, what: string): number | null {
  return integerOf(text?.trim().replace(/%$/, ''), what);
}

/** A list ECS writes as a JSON array in a string, such as TimePoints: `["0","12"]`. */
export function jsonListOf(text: string | undefined, what: string): string[] | null {
  if (!text) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`ECS returned a ${what} that is not a JSON array.`);
  }
  if (!Array.isArray(parsed)) throw new Error(`ECS returned a ${what} that is not a JSON array.`);
  return parsed.map(String);
}
