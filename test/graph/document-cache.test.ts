import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DocumentCache, documentBytes } from '../../src/plugins/document-cache.js';

const query = (fields: number, name = 'Q') =>
  `query ${name} { ${Array.from({ length: fields }, (_, index) => `f${index}: __typename`).join(' ')} }`;

describe('DocumentCache', () => {
  it('estimates a document by its tokens and its text', () => {
    const small = query(1);
    const large = query(100);
    // <SOF> query Q { } <EOF>, and 3 tokens a field; whitespace and comments count through the text.
    expect(documentBytes(small, parse(small))).toBe(2 * small.length + 9 * 400);
    expect(documentBytes(large, parse(large))).toBe(2 * large.length + 306 * 400);
    const padded = `${small}${' '.repeat(1000)}`;
    expect(documentBytes(padded, parse(padded))).toBe(documentBytes(small, parse(small)) + 2000);
  });

  it('never keeps a document estimated above maxDocumentBytes', () => {
    const cache = new DocumentCache({ maxDocumentBytes: 10_000 });
    const small = query(5);
    const large = query(10);
    cache.set(small, parse(small));
    cache.set(large, parse(large));
    expect([cache.get(small) !== undefined, cache.get(large)]).toEqual([true, undefined]);
    expect(cache.size).toBe(1);
  });

  it('keeps the estimated bytes of all documents within maxBytes, dropping the least recently used', () => {
    const cache = new DocumentCache({ maxBytes: 50_000 });
    const texts = Array.from({ length: 10 }, (_, index) => query(10, `Q${index}`));
    for (const text of texts) {
      cache.set(text, parse(text));
      cache.get(texts[0]!);
      expect(cache.bytes).toBeLessThanOrEqual(50_000);
    }
    const bytes = documentBytes(texts[1]!, parse(texts[1]!));
    expect(cache.size).toBe(Math.floor(50_000 / bytes));
    expect(cache.get(texts[0]!)).toBeDefined();
    expect(cache.get(texts[1]!)).toBeUndefined();
    expect(cache.get(texts[9]!)).toBeDefined();
  });

  it('forgets a document by the document itself', () => {
    const cache = new DocumentCache();
    const text = query(2);
    const document = parse(text);
    cache.set(text, document);
    cache.forget(parse(text));
    expect(cache.get(text)).toBe(document);
    cache.forget(document);
    expect([cache.get(text), cache.size, cache.bytes]).toEqual([undefined, 0, 0]);
  });
});
