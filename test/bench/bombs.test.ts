import { type DocumentNode, Kind, parse, type SelectionSetNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  fragmentBomb,
  fragmentBombExpandedFields,
  manyAliases,
  manyDirectives,
  nestedBraces,
  paddedBody,
} from '../../bench/lib/bombs.js';

/** Fields reached from a selection set with every spread expanded (what a naive walk visits). */
function expandedFields(document: DocumentNode, set: SelectionSetNode): number {
  let count = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) count += 1;
    else if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = document.definitions.find(
        (d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === selection.name.value,
      );
      if (fragment?.kind !== Kind.FRAGMENT_DEFINITION) throw new Error(`no fragment ${selection.name.value}`);
      count += expandedFields(document, fragment.selectionSet);
    }
  }
  return count;
}

describe('fragmentBomb', () => {
  it('defines F0..Fn, each spreading the one before twice, and spreads Fn once', () => {
    const text = fragmentBomb(3);
    expect(text).toBe(
      '{...F3}fragment F0 on Query{__typename}fragment F1 on Query{...F0 ...F0}' +
        'fragment F2 on Query{...F1 ...F1}fragment F3 on Query{...F2 ...F2}',
    );
    const document = parse(text);
    expect(document.definitions).toHaveLength(5);
  });

  it('expands to 2^levels fields while staying under 1 KB at 24 levels', () => {
    for (const levels of [1, 5, 12]) {
      const document = parse(fragmentBomb(levels));
      const operation = document.definitions[0];
      if (operation?.kind !== Kind.OPERATION_DEFINITION) throw new Error('no operation first');
      expect(expandedFields(document, operation.selectionSet)).toBe(fragmentBombExpandedFields(levels));
    }
    expect(fragmentBombExpandedFields(30)).toBe(1_073_741_824);
    expect(Buffer.byteLength(fragmentBomb(24))).toBeLessThan(1024);
    expect(Buffer.byteLength(fragmentBomb(30))).toBe(1091);
  });

  it('refuses a level count that is not a positive integer', () => {
    expect(() => fragmentBomb(0)).toThrow('levels must be a positive integer; got 0');
    expect(() => fragmentBomb(2.5)).toThrow(RangeError);
  });
});

describe('nestedBraces', () => {
  it('nests depth selection sets, the innermost {a}', () => {
    expect(nestedBraces(1)).toBe('{a}');
    expect(nestedBraces(3)).toBe('{a{a{a}}}');
    let depth = 0;
    let set: SelectionSetNode | undefined = (() => {
      const operation = parse(nestedBraces(50)).definitions[0];
      return operation?.kind === Kind.OPERATION_DEFINITION ? operation.selectionSet : undefined;
    })();
    while (set) {
      depth += 1;
      const field = set.selections[0];
      set = field?.kind === Kind.FIELD ? field.selectionSet : undefined;
    }
    expect(depth).toBe(50);
  });

  it('has exactly depth opening and depth closing braces at 100,000', () => {
    const text = nestedBraces(100_000);
    expect(text.length).toBe(300_000);
    expect(text.split('{').length - 1).toBe(100_000);
    expect(text.split('}').length - 1).toBe(100_000);
    expect(text.slice(199_998, 200_002)).toBe('{a}}');
  });
});

describe('manyAliases', () => {
  it('aliases one field count times under distinct names', () => {
    expect(manyAliases(2)).toBe('{a0:__typename a1:__typename}');
    const operation = parse(manyAliases(10_000)).definitions[0];
    if (operation?.kind !== Kind.OPERATION_DEFINITION) throw new Error('no operation');
    const selections = operation.selectionSet.selections;
    expect(selections).toHaveLength(10_000);
    const aliases = new Set(selections.map((s) => (s.kind === Kind.FIELD ? s.alias?.value : undefined)));
    expect(aliases.size).toBe(10_000);
    expect(selections.every((s) => s.kind === Kind.FIELD && s.name.value === '__typename')).toBe(true);
  });
});

describe('manyDirectives', () => {
  it('puts count directives on one field', () => {
    expect(manyDirectives(2)).toBe('{__typename @skip(if:false) @skip(if:false)}');
    const operation = parse(manyDirectives(1_000)).definitions[0];
    if (operation?.kind !== Kind.OPERATION_DEFINITION) throw new Error('no operation');
    const field = operation.selectionSet.selections[0];
    expect(field?.kind === Kind.FIELD ? field.directives?.length : undefined).toBe(1_000);
  });
});

describe('paddedBody', () => {
  it('is exactly the requested size, valid JSON, its query a parseable {__typename} with a comment', () => {
    const body = paddedBody(7, 1_000);
    expect(body.length).toBe(1_000);
    const { query } = JSON.parse(body.toString('latin1')) as { query: string };
    expect(query.startsWith('{__typename} #0000000007xxx')).toBe(true);
    const operation = parse(query).definitions[0];
    expect(operation?.kind).toBe(Kind.OPERATION_DEFINITION);
  });

  it('differs between indexes, so a cache keyed by the query text holds each', () => {
    expect(paddedBody(1, 10 * 2 ** 20).equals(paddedBody(2, 10 * 2 ** 20))).toBe(false);
    expect(paddedBody(1, 64).equals(paddedBody(1, 64))).toBe(true);
  });

  it('refuses a size too small for its frame and an index out of range', () => {
    expect(() => paddedBody(0, 10)).toThrow('a body is at least 36 bytes; got 10');
    expect(() => paddedBody(-1, 100)).toThrow(RangeError);
  });
});
