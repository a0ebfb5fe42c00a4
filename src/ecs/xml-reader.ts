import type { ListShape, ObjectShape, Shape } from '../spec/shape.js';
import { boolFromText, numberFromText } from './scalar-text.js';

/**
 * A one-pass XML reader that decodes an ECS response straight into its declared
 * shape, for the XML ECS sends: elements without attributes holding text or child
 * elements, the five XML entities and numeric character references, an optional
 * `<?xml …?>` declaration, whitespace between elements.
 *
 * It answers only when sure: anything else (CDATA, comments, DOCTYPE, other
 * processing instructions, attributes, mixed content, a repeated field, a value
 * that does not fit its shape, a body that is not well formed) makes it return
 * undefined, and the caller decodes the body with fast-xml-parser, the reference
 * whose result this one matches.
 */
export function readXmlDocument(
  body: string,
  rootName: string,
  shape: ObjectShape,
): Record<string, unknown> | undefined {
  try {
    return new ShapeReader(body).document(rootName, shape);
  } catch {
    // OutsideSubset, or any surprise: the reference parser decides.
    return undefined;
  }
}

class OutsideSubset extends Error {}
/** Thrown, never built per call: leaving the fast path should cost no stack trace. */
const OUTSIDE = new OutsideSubset('outside the subset the shape reader handles');

function giveUp(): never {
  throw OUTSIDE;
}

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const HASH = 0x23;
const LOWER_X = 0x78;

/** fast-xml-parser nests at most 100 deep; ECS shapes are under ten. */
const MAX_DEPTH = 64;

/** ASCII names only (a subset of XML names); anything else goes to the reference parser. */
const NAME_START = new Uint8Array(128);
const NAME_CHAR = new Uint8Array(128);
for (let code = 0; code < 128; code++) {
  const char = String.fromCharCode(code);
  const start = /[A-Za-z_]/.test(char);
  NAME_START[code] = start ? 1 : 0;
  NAME_CHAR[code] = start || /[0-9.-]/.test(char) ? 1 : 0;
}

/** Names fast-xml-parser refuses or renames to protect prototypes. */
const RESERVED_NAMES = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

function isXmlSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0d;
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
};

/** `&lt;`, `&#169;`, `&#x1F600;` without the `&` and `;`; characters XML 1.0 forbids give up. */
function referenceValue(token: string): string {
  if (token.charCodeAt(0) !== HASH)
    return Object.hasOwn(NAMED_ENTITIES, token) ? NAMED_ENTITIES[token]! : giveUp();
  const hex = token.charCodeAt(1) === LOWER_X;
  const digits = token.slice(hex ? 2 : 1);
  if (digits.length === 0 || digits.length > (hex ? 6 : 7)) giveUp();
  for (let i = 0; i < digits.length; i++) {
    const code = digits.charCodeAt(i);
    const decimal = code >= 0x30 && code <= 0x39;
    const letter = (code | 0x20) >= 0x61 && (code | 0x20) <= 0x66;
    if (!decimal && !(hex && letter)) giveUp();
  }
  const point = Number.parseInt(digits, hex ? 16 : 10);
  const allowed =
    point === 0x09 ||
    point === 0x0a ||
    point === 0x0d ||
    (point >= 0x20 && point < 0xd800) ||
    (point > 0xdfff && point <= 0x10ffff);
  return allowed ? String.fromCodePoint(point) : giveUp();
}

function decodeReferences(text: string): string {
  let decoded = '';
  let last = 0;
  for (let amp = text.indexOf('&'); amp !== -1; amp = text.indexOf('&', last)) {
    const semi = text.indexOf(';', amp + 1);
    if (semi === -1) giveUp();
    decoded += text.slice(last, amp) + referenceValue(text.slice(amp + 1, semi));
    last = semi + 1;
  }
  return decoded + text.slice(last);
}

/** An object shape's fields, indexed by element name, computed once per shape. */
interface ObjectPlan {
  readonly names: readonly string[];
  readonly shapes: readonly Shape[];
  readonly index: ReadonlyMap<string, number>;
}

const plans = new WeakMap<ObjectShape, ObjectPlan>();

function planOf(shape: ObjectShape): ObjectPlan {
  let plan = plans.get(shape);
  if (plan === undefined) {
    const entries = Object.entries(shape.fields as Record<string, Shape>);
    plan = {
      names: entries.map(([name]) => name),
      shapes: entries.map(([, field]) => field),
      index: new Map(entries.map(([name], i) => [name, i])),
    };
    plans.set(shape, plan);
  }
  return plan;
}

const ABSENT = Symbol('absent');

/** Fields in declaration order, as the generic decoder builds them; absent lists are empty. */
function buildObject(plan: ObjectPlan, values: readonly unknown[] | undefined): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (let i = 0; i < plan.names.length; i++) {
    const value = values === undefined ? ABSENT : values[i];
    if (value === ABSENT) {
      if (plan.shapes[i]!.kind === 'list') result[plan.names[i]!] = [];
    } else if (value !== undefined) result[plan.names[i]!] = value;
  }
  return result;
}

/** What `<Name/>` and `<Name></Name>` decode to: an empty string, object or list; no number. */
function emptyValue(shape: Shape): unknown {
  switch (shape.kind) {
    case 'string':
      return '';
    case 'object':
      return buildObject(planOf(shape), undefined);
    case 'list':
      return [];
    default:
      return undefined;
  }
}

function scalarValue(kind: 'string' | 'int' | 'float' | 'bool', text: string): unknown {
  if (kind === 'string') return text;
  if (kind === 'bool') {
    const value = boolFromText(text);
    return value === null ? giveUp() : value;
  }
  const value = numberFromText(kind, text);
  return Number.isNaN(value) ? giveUp() : value;
}

const END = 0;
const OPEN = 1;
const EMPTY = 2;
type TagKind = typeof END | typeof OPEN | typeof EMPTY;

class ShapeReader {
  private pos = 0;
  /** The name of the start tag nextTag last read. */
  private name = '';
  /** The next `&` and CR at or after some earlier position; found again only once passed. */
  private nextAmp = -1;
  private nextCr = -1;

  constructor(private readonly src: string) {}

  document(rootName: string, shape: ObjectShape): Record<string, unknown> {
    const src = this.src;
    if (src.startsWith('<?xml', 0)) this.declaration();
    // Whitespace may lead; an end tag first is `</>` or refused inside nextTag.
    const kind = this.nextTag('', false);
    if (kind === END || this.name !== rootName) giveUp();
    const result = kind === EMPTY ? buildObject(planOf(shape), undefined) : this.object(shape, rootName, 1);
    if (!this.spaceOnly(this.pos, src.length)) giveUp();
    return result;
  }

  /** `<?xml version="1.0" encoding="UTF-8"?>`, at the very start only, as XML requires. */
  private declaration(): void {
    const src = this.src;
    if (!isXmlSpace(src.charCodeAt(5))) giveUp();
    const end = src.indexOf('?>', 6);
    if (end === -1) giveUp();
    for (let i = 6; i < end; i++) {
      const code = src.charCodeAt(i);
      if (code === LT || code === GT || code === 0x3f) giveUp();
    }
    this.pos = end + 2;
  }

  private spaceOnly(from: number, to: number): boolean {
    for (let i = from; i < to; i++) if (!isXmlSpace(this.src.charCodeAt(i))) return false;
    return true;
  }

  private ampAt(from: number): number {
    if (this.nextAmp < from) {
      const at = this.src.indexOf('&', from);
      this.nextAmp = at === -1 ? this.src.length : at;
    }
    return this.nextAmp;
  }

  private crAt(from: number): number {
    if (this.nextCr < from) {
      const at = this.src.indexOf('\r', from);
      this.nextCr = at === -1 ? this.src.length : at;
    }
    return this.nextCr;
  }

  /**
   * Moves past the text before the next tag and past that tag. An end tag must be
   * `</endName>`; a start tag leaves its name in `this.name`. Text there must be
   * whitespace, unless it is `ignored` (inside an undeclared element), when only
   * its references are checked.
   */
  private nextTag(endName: string, ignored: boolean): TagKind {
    const src = this.src;
    const lt = src.indexOf('<', this.pos);
    if (lt === -1) giveUp();
    if (ignored) this.checkReferences(this.pos, lt);
    else if (!this.spaceOnly(this.pos, lt)) giveUp();
    const first = src.charCodeAt(lt + 1);
    if (first === SLASH) {
      const after = lt + 2 + endName.length;
      if (!src.startsWith(endName, lt + 2) || src.charCodeAt(after) !== GT) giveUp();
      this.pos = after + 1;
      return END;
    }
    if (!(first < 128 && NAME_START[first] === 1)) giveUp();
    let i = lt + 2;
    for (let code = src.charCodeAt(i); code < 128 && NAME_CHAR[code] === 1; code = src.charCodeAt(++i));
    const name = src.slice(lt + 1, i);
    if (RESERVED_NAMES.has(name)) giveUp();
    this.name = name;
    const close = src.charCodeAt(i);
    if (close === GT) {
      this.pos = i + 1;
      return OPEN;
    }
    if (close !== SLASH || src.charCodeAt(i + 1) !== GT) giveUp();
    this.pos = i + 2;
    return EMPTY;
  }

  private checkReferences(from: number, to: number): void {
    for (let amp = this.ampAt(from); amp < to; amp = this.ampAt(from)) {
      const semi = this.src.indexOf(';', amp + 1);
      if (semi === -1 || semi > to) giveUp();
      referenceValue(this.src.slice(amp + 1, semi));
      from = semi + 1;
    }
  }

  /** An undeclared element's content, up to and past `</name>`. */
  private skip(name: string, depth: number): void {
    if (depth > MAX_DEPTH) giveUp();
    for (;;) {
      const kind = this.nextTag(name, true);
      if (kind === END) return;
      if (kind === OPEN) this.skip(this.name, depth + 1);
    }
  }

  private value(shape: Shape, name: string, depth: number): unknown {
    switch (shape.kind) {
      case 'object':
        return this.object(shape, name, depth);
      case 'list':
        return this.list(shape, name, depth);
      default:
        return scalarValue(shape.kind, this.text(name));
    }
  }

  private object(shape: ObjectShape, name: string, depth: number): Record<string, unknown> {
    if (depth > MAX_DEPTH) giveUp();
    const plan = planOf(shape);
    const values: unknown[] = new Array(plan.names.length).fill(ABSENT);
    for (;;) {
      const kind = this.nextTag(name, false);
      if (kind === END) break;
      const field = plan.index.get(this.name);
      if (field === undefined) {
        if (kind === OPEN) this.skip(this.name, depth + 1);
        continue;
      }
      // A repeated field is an array to the reference parser, which this shape does not hold.
      if (values[field] !== ABSENT) giveUp();
      const fieldShape = plan.shapes[field]!;
      values[field] = kind === EMPTY ? emptyValue(fieldShape) : this.value(fieldShape, this.name, depth + 1);
    }
    return buildObject(plan, values);
  }

  private list(shape: ListShape, name: string, depth: number): unknown[] {
    if (depth > MAX_DEPTH) giveUp();
    const items: unknown[] = [];
    const item: string = shape.item;
    const of: Shape = shape.of;
    for (;;) {
      const kind = this.nextTag(name, false);
      if (kind === END) return items;
      if (this.name !== item) {
        if (kind === OPEN) this.skip(this.name, depth + 1);
        continue;
      }
      const decoded = kind === EMPTY ? emptyValue(of) : this.value(of, item, depth + 1);
      // An empty number or boolean is no list item: the reference decoder refuses it.
      items.push(decoded === undefined ? giveUp() : decoded);
    }
  }

  /** A scalar's text up to `</name>`, line ends normalized and references replaced. */
  private text(name: string): string {
    const src = this.src;
    const start = this.pos;
    const lt = src.indexOf('<', start);
    if (lt === -1 || src.charCodeAt(lt + 1) !== SLASH) giveUp();
    const after = lt + 2 + name.length;
    if (!src.startsWith(name, lt + 2) || src.charCodeAt(after) !== GT) giveUp();
    this.pos = after + 1;
    let text = src.slice(start, lt);
    // fast-xml-parser turns CRLF and lone CR into LF before it reads the document.
    if (this.crAt(start) < lt) text = text.replace(/\r\n?/g, '\n');
    if (this.ampAt(start) < lt) text = decodeReferences(text);
    return text;
  }
}
