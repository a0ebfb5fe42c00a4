/**
 * Typed scalars from wire text, one definition for both XML decoders (the generic
 * one in decode.ts and the shape-driven one in xml-reader.ts), so they cannot
 * disagree on what counts as a number or a boolean.
 */

/** Text that holds no value: empty or spaces only. A blank scalar is left out, never zero. */
export function isBlankText(text: string): boolean {
  return text.trim() === '';
}

const INTEGER = /^[-+]?\d+$/;
const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * Decimal text only: `0x10`, `Infinity` or `1_000` are not numbers ECS sends.
 * undefined for blank text; NaN when the text is not a number of that kind.
 */
export function numberFromText(kind: 'int' | 'float', text: string): number | undefined {
  if (isBlankText(text)) return undefined;
  if (!(kind === 'int' ? INTEGER : DECIMAL).test(text.trim())) return Number.NaN;
  const value = Number(text);
  return (kind === 'int' ? Number.isInteger(value) : Number.isFinite(value)) ? value : Number.NaN;
}

/** `true`/`false` in any case; undefined for blank text; null for any other word. */
export function boolFromText(text: string): boolean | undefined | null {
  if (isBlankText(text)) return undefined;
  const word = text.trim().toLowerCase();
  if (word === 'true') return true;
  if (word === 'false') return false;
  return null;
}
