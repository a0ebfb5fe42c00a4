import type { DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';

/**
 * Heap bytes one token of a parsed document takes with its AST nodes and locations
 * (measured on graphql 16: ~350 bytes a token, whatever the text's length).
 */
const BYTES_PER_TOKEN = 400;

export interface DocumentCacheOptions {
  /** Estimated heap bytes all cached documents may take. Default 16 MiB. */
  readonly maxBytes?: number;
  /** A document estimated larger is parsed every time, never kept. Default 512 KiB. */
  readonly maxDocumentBytes?: number;
  /** Most documents kept. Default 1000. */
  readonly maxDocuments?: number;
  /** How long an unused document is kept. Default 1 hour. */
  readonly ttlMs?: number;
}

/** Estimated heap bytes of a parsed document and the text it is keyed by. */
export function documentBytes(text: string, document: DocumentNode): number {
  let tokens = 0;
  for (let token = document.loc?.startToken; token; token = token.next ?? undefined) tokens += 1;
  // Two bytes a character: the key and the AST's source share one string, at worst UTF-16.
  return 2 * text.length + tokens * BYTES_PER_TOKEN;
}

/**
 * Yoga's parse cache (`parserAndValidationCache.documentCache`), keyed by the query
 * text, bounded in estimated bytes as well as entries: yoga's default keeps 1,024
 * documents whatever their size, so distinct large queries could hold gigabytes.
 * It holds only documents that passed the document limits (refused ones throw before
 * yoga stores them) and validation (useDocumentCache forgets the others).
 */
export class DocumentCache {
  readonly #documents: LRUCache<string, DocumentNode>;
  /** The key of each cached document, to forget one that fails validation. */
  readonly #keys = new WeakMap<DocumentNode, string>();

  constructor({
    maxBytes = 16 * 1024 * 1024,
    maxDocumentBytes = 512 * 1024,
    maxDocuments = 1000,
    ttlMs = 60 * 60_000,
  }: DocumentCacheOptions = {}) {
    this.#documents = new LRUCache({
      max: maxDocuments,
      maxSize: maxBytes,
      maxEntrySize: maxDocumentBytes,
      ttl: ttlMs,
      sizeCalculation: (document, text) => documentBytes(text, document),
    });
  }

  get(text: string): DocumentNode | undefined {
    return this.#documents.get(text);
  }

  set(text: string, document: DocumentNode): void {
    // lru-cache stores nothing for an entry over maxEntrySize.
    this.#documents.set(text, document);
    if (this.#documents.has(text)) this.#keys.set(document, text);
  }

  /** Drops `document` if it is cached. */
  forget(document: DocumentNode): void {
    const text = this.#keys.get(document);
    if (text !== undefined && this.#documents.peek(text) === document) this.#documents.delete(text);
  }

  /** Documents cached. */
  get size(): number {
    return this.#documents.size;
  }

  /** Their estimated heap bytes. */
  get bytes(): number {
    return this.#documents.calculatedSize;
  }
}

/** Yoga's cache of parse errors, keyed by the text: kept nowhere (a failed parse is bounded by the token limit). */
export const NO_ERROR_CACHE = {
  get: (_text: string): unknown => undefined,
  set: (_text: string, _error: unknown): void => {},
};

/** Forgets from `cache` every document that fails validation: only valid documents stay. */
export function useDocumentCache(cache: DocumentCache): Plugin {
  return {
    onValidate({ params }) {
      return ({ valid }) => {
        if (!valid) cache.forget(params.documentAST);
      };
    },
  };
}
