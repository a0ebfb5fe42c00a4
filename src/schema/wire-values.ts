/**
 * ECS writes an absent value as an absent node or as an empty string (`<InstanceId/>`
 * of a disk on no instance, `<AttachedTime/>` of a detached disk): both read as null.
 */
export function optionalText(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}

const PERCENT = /^(\d{1,3})(?:\.\d+)?%?$/;

/**
 * A progress as ECS writes it (`42%`; images sometimes write `100`) to a whole percent.
 * Null when absent; anything else is not a progress and fails the field.
 */
export function percent(value: string | undefined): number | null {
  if (value === undefined || value === '') return null;
  const match = PERCENT.exec(value.trim());
  if (!match) throw new Error(`ECS returned a progress that is not a percentage: ${JSON.stringify(value)}.`);
  return Math.min(100, Number(match[1]));
}

/** The same as optionalText, for readers that take undefined for absent (open enums). */
export function nonEmpty(value: string | undefined): string | undefined {
  return value === '' ? undefined : value;
}

/** A count ECS writes as text, such as a DiskDeviceMapping's Size (`20`); null when absent. */
export function integerOf(text: string | undefined, what: string): number | null {
  if (text === undefined || text === '') return null;
  if (!/^-?\d+$/.test(text.trim())) throw new Error(`ECS returned a ${what} that is not an integer.`);
  return Number(text);
}

/** A list ECS writes as a JSON array in a string, such as TimePoints (`["0","12"]`); null when absent. */
export function jsonListOf(text: string | undefined, what: string): string[] | null {
  if (text === undefined || text === '') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed)) throw new Error(`ECS returned a ${what} that is not a JSON array.`);
  return parsed.map(String);
}
