import { describe, expect, it } from 'vitest';
import { decodeResponse, decodeResponseGeneric } from '../../src/ecs/decode.js';
import { readXmlDocument } from '../../src/ecs/xml-reader.js';
import type { AnyAction } from '../../src/spec/action.js';
import { ALL_ACTIONS } from '../../src/spec/catalog.js';
import type { ObjectShape, Shape } from '../../src/spec/shape.js';
import { prng } from '../support/prng.js';

/**
 * Random documents for every declared action's response shape, decoded by the
 * shape-driven reader (through decodeResponse) and by fast-xml-parser alone
 * (decodeResponseGeneric): results, key order and refusals must be the same.
 */

type Random = () => number;

/** Options that vary a whole document. */
interface Style {
  /** Indentation and line breaks between elements; null for compact XML. */
  readonly newline: string | null;
  /** Elements the shape does not declare, some nested, mixed in. */
  readonly extras: boolean;
}

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const chance = (random: Random, p: number) => random() < p;

/** Raw text and how it may be written in XML; each piece keeps its meaning in any spelling. */
const TEXT_PIECES: readonly (readonly [string, ...string[]])[] = [
  ['abc'],
  ['i-bp67acfmxazb4ph'],
  ['2014'],
  ['007'],
  ['1e3'],
  ['true'],
  [' '],
  ['  padded '],
  ['\t'],
  ['\n', '\r\n', '\r', '&#10;'],
  ['云服务器'],
  ['東京'],
  ['😀', '&#x1F600;', '&#128512;'],
  ['©', '&#169;', '&#xa9;', '&#xA9;'],
  ['<', '&lt;', '&#60;', '&#x3c;'],
  ['&', '&amp;', '&#38;'],
  ['&amp;', '&amp;amp;', '&#38;amp;'],
  ['>', '&gt;', '>'],
  ['"', '&quot;', '"'],
  ["'", '&apos;', "'"],
  [']]>', ']]&gt;'],
  ['a\r\nb', 'a&#13;&#10;b'],
];

/** A random string value and its XML spelling. */
function randomText(random: Random): { raw: string; xml: string } {
  let raw = '';
  let xml = '';
  const count = Math.floor(random() * 4);
  for (let i = 0; i < count; i++) {
    const [value, ...spellings] = pick(random, TEXT_PIECES);
    raw += value;
    // `<` and `&` must be escaped; the first spelling is the raw value only where that is legal.
    const legal =
      value === '<' || value.includes('&') || value === 'a\r\nb' ? spellings : [value, ...spellings];
    xml += pick(random, legal);
  }
  return { raw, xml };
}

const INT_TEXTS = ['0', '42', '-3', '+8', ' 7 ', '2014', '9007199254740993', '', '  '];
const FLOAT_TEXTS = ['0.25', '1e3', '.5', '-2.', '3', ' 1.5E-2 ', ''];
const BOOL_TEXTS = ['true', 'false', 'True', ' FALSE ', ''];

function indent(style: Style, depth: number): string {
  return style.newline === null ? '' : style.newline + '  '.repeat(depth);
}

function element(name: string, content: string, random: Random): string {
  if (content === '') return chance(random, 0.5) ? `<${name}/>` : `<${name}></${name}>`;
  return `<${name}>${content}</${name}>`;
}

const EXTRA_NAMES = ['Extra', 'Unknown', 'Vendor.Note', 'x-y_z', 'Deep1'];

/** An element no shape declares: text with references, or nested children, or empty. */
function extraElement(random: Random, style: Style, depth: number): string {
  const name = pick(random, EXTRA_NAMES);
  if (depth > 4 || chance(random, 0.5)) return element(name, randomText(random).xml, random);
  let children = '';
  const count = Math.floor(random() * 3);
  for (let i = 0; i < count; i++)
    children += indent(style, depth + 1) + extraElement(random, style, depth + 1);
  return element(name, children + (children === '' ? '' : indent(style, depth)), random);
}

function scalarText(random: Random, shape: Shape): string {
  switch (shape.kind) {
    case 'int':
      return pick(random, INT_TEXTS);
    case 'float':
      return pick(random, FLOAT_TEXTS);
    case 'bool':
      return pick(random, BOOL_TEXTS);
    default:
      return randomText(random).xml;
  }
}

/** The content of an element of this shape, between its tags. */
function content(random: Random, shape: Shape, style: Style, depth: number): string {
  if (shape.kind === 'object') return objectContent(random, shape, style, depth);
  if (shape.kind !== 'list') return scalarText(random, shape);
  const parts: string[] = [];
  const count = Math.floor(random() * 4);
  for (let i = 0; i < count; i++) {
    // A list of numbers or booleans never holds an empty item: the reference refuses it.
    let itemContent = content(random, shape.of, style, depth + 1);
    while (itemContent.trim() === '' && ['int', 'float', 'bool'].includes(shape.of.kind))
      itemContent = content(random, shape.of, style, depth + 1);
    parts.push(element(shape.item, itemContent, random));
  }
  if (style.extras && chance(random, 0.2))
    parts.splice(Math.floor(random() * (parts.length + 1)), 0, extraElement(random, style, depth + 1));
  return layout(parts, style, depth);
}

function objectContent(random: Random, shape: ObjectShape, style: Style, depth: number): string {
  const parts: string[] = [];
  for (const [name, field] of Object.entries(shape.fields as Record<string, Shape>)) {
    if (chance(random, name === 'RequestId' ? 0.97 : depth > 5 ? 0.3 : 0.75))
      parts.push(element(name, content(random, field, style, depth + 1), random));
  }
  if (style.extras && chance(random, 0.5))
    parts.splice(Math.floor(random() * (parts.length + 1)), 0, extraElement(random, style, depth + 1));
  // Field order is free on the wire.
  if (chance(random, 0.3)) parts.reverse();
  return layout(parts, style, depth);
}

function layout(parts: readonly string[], style: Style, depth: number): string {
  if (parts.length === 0) return '';
  return parts.map((part) => indent(style, depth + 1) + part).join('') + indent(style, depth);
}

function randomDocument(random: Random, action: AnyAction): string {
  const style: Style = {
    newline: pick(random, [null, null, '\n', '\r\n']),
    extras: chance(random, 0.5),
  };
  const declaration = chance(random, 0.5)
    ? `<?xml version="1.0" encoding="UTF-8"?>${style.newline ?? ''}`
    : '';
  const root = `${action.name}Response`;
  return `${declaration}${element(root, content(random, action.response, style, 0), random)}${style.newline ?? ''}`;
}

type Outcome = { readonly result: unknown } | { readonly error: unknown };

function outcome(decode: () => unknown): Outcome {
  try {
    return { result: decode() };
  } catch (error) {
    const { code, message, httpStatus, requestId } = error as Record<string, unknown>;
    return { error: { type: (error as object).constructor.name, code, message, httpStatus, requestId } };
  }
}

function expectSameDecoding(action: AnyAction, body: string): Outcome {
  const context = { httpStatus: 200, requestId: 'hdr' };
  const fast = outcome(() => decodeResponse(action, body, 'XML', context));
  const reference = outcome(() => decodeResponseGeneric(action, body, 'XML', context));
  expect(fast, body).toStrictEqual(reference);
  // toStrictEqual ignores key order; the decoded objects must agree on it too.
  expect(JSON.stringify(fast)).toBe(JSON.stringify(reference));
  return reference;
}

/** Ways to break a document; the reference refuses each, so must decodeResponse. */
const BREAKS: readonly ((body: string, random: Random) => string)[] = [
  (body, random) => body.slice(0, Math.floor(random() * (body.length - 1))),
  (body) => body.replace(/<\/([A-Za-z]+)>(?![\s\S]*<\/\1>)/, '</$1x>'),
  (body) => body.replace(/>([^<]*)$/, '$1'),
  (body) => `${body}<Extra/>`,
  (body) => `${body}text`,
  (body) => `x${body}`,
  (body, random) => {
    const at = body.indexOf('<', Math.floor(random() * body.length));
    return at === -1 ? `${body}<` : `${body.slice(0, at)}& ${body.slice(at)}`;
  },
  (body) => body.replace(/<(\w+)>/, '<$1><Open>'),
];

describe('the shape-driven XML reader against fast-xml-parser', () => {
  const SEED = 20_140_526;
  const PER_ACTION = 16;

  it(`decodes ${PER_ACTION} random documents per declared action exactly as the reference`, () => {
    const random = prng(SEED);
    let read = 0;
    let total = 0;
    for (const action of ALL_ACTIONS) {
      for (let i = 0; i < PER_ACTION; i++) {
        const body = randomDocument(random, action);
        expectSameDecoding(action, body);
        total++;
        if (readXmlDocument(body, `${action.name}Response`, action.response) !== undefined) read++;
      }
    }
    expect(total).toBeGreaterThan(400);
    // Every generated document is in the subset: the fast path, not the fallback, answered.
    expect(read).toBe(total);
  });

  it('refuses broken documents exactly as the reference does', () => {
    const random = prng(SEED + 1);
    let refused = 0;
    for (const action of ALL_ACTIONS) {
      for (const breakDocument of BREAKS) {
        const body = breakDocument(randomDocument(random, action), random);
        const reference = expectSameDecoding(action, body);
        if ('error' in reference) refused++;
      }
    }
    // A cut can land on a boundary that still parses (after the root), so not every case is an error.
    expect(refused).toBeGreaterThan(ALL_ACTIONS.length * BREAKS.length * 0.9);
  });

  it('decodes documents with constructs outside the subset exactly as the reference', () => {
    const random = prng(SEED + 2);
    const insertions = [
      '<!-- note -->',
      '<![CDATA[ <x> & y ]]>',
      '<?pi data?>',
      '<Extra attr="1"/>',
      '<Extra a="x>y">t</Extra>',
      'stray text',
      '&nbsp;',
      '&copy;',
      '&#X41;',
      '&#0;',
      '&#xD800;',
      '<__proto__>1</__proto__>',
      '<hasOwnProperty>1</hasOwnProperty>',
      '<Ünïcode>1</Ünïcode>',
      '<ns:Extra>1</ns:Extra>',
    ];
    let cases = 0;
    for (const action of ALL_ACTIONS) {
      const body = randomDocument(random, action);
      for (const insertion of insertions) {
        // Somewhere inside the root: after one of its start tags.
        const tags = [...body.matchAll(/<[A-Za-z]+\/?>/g)];
        const tag = pick(random, tags);
        const at = tag.index + tag[0].length;
        expectSameDecoding(action, body.slice(0, at) + insertion + body.slice(at));
        cases++;
      }
    }
    expect(cases).toBe(ALL_ACTIONS.length * insertions.length);
  });

  it('decodes a repeated element exactly as the reference (an array to it, where a field or a list belongs)', () => {
    const random = prng(SEED + 3);
    let repeated = 0;
    for (const action of ALL_ACTIONS) {
      for (let i = 0; i < 8; i++) {
        const body = randomDocument(random, action);
        // A leaf or an empty element, written twice in a row.
        const leaves = [...body.matchAll(/<(\w+)>[^<]*<\/\1>|<\w+\/>/g)].filter(
          (m) => !m[0].includes('Response'),
        );
        if (leaves.length === 0) continue;
        const leaf = pick(random, leaves);
        expectSameDecoding(action, body.slice(0, leaf.index) + leaf[0] + body.slice(leaf.index));
        repeated++;
      }
    }
    expect(repeated).toBeGreaterThan(ALL_ACTIONS.length * 4);
  });
});
