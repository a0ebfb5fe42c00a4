import { createHash } from 'node:crypto';
import type { Page, PagePosition } from '../loaders/pages.js';

/**
 * The cursors of `page: { after }` and `endCursor`. A cursor wraps where the next page
 * starts (an upstream NextToken, or a page number and the size it counts in) with the
 * scope it was made in: a digest of the listing, the API profile, the region and the
 * filter, or of the relation and its parent. It is opaque to clients (base64url of a
 * small JSON document) and checked on the way back in, so a cursor of another list is
 * refused before ECS is called with a token it never issued for that list.
 */

/** A page as the page types expose it: a loader page and the scope its cursor is bound to. */
export interface CursoredPage<Item> extends Page<Item> {
  readonly cursorScope: string;
}

export function withCursorScope<Item>(page: Page<Item>, cursorScope: string): CursoredPage<Item> {
  return { ...page, cursorScope };
}

/** The scope digest of a list: anything that makes two lists different goes in `parts`. */
export function cursorScope(parts: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 16);
}

interface CursorDocument {
  readonly v: 1;
  /** The scope digest. */
  readonly s: string;
  /** The page number the position starts (from 1). */
  readonly n: number;
  /** NextToken position: the upstream token. */
  readonly t?: string;
  /** Page-number position: the size its number counts in. */
  readonly z?: number;
}

export type DecodedCursor =
  | { readonly scope: string; readonly token: string; readonly number: number }
  | { readonly scope: string; readonly token?: undefined; readonly number: number; readonly size: number };

/** Longest cursor accepted: far beyond any NextToken ECS issues, short of a payload. */
export const MAX_CURSOR_LENGTH = 2048;

export function encodeCursor(scope: string, position: PagePosition, size: number): string {
  const document: CursorDocument =
    position.token !== undefined
      ? { v: 1, s: scope, n: position.number, t: position.token }
      : { v: 1, s: scope, n: position.number, z: size };
  return Buffer.from(JSON.stringify(document)).toString('base64url');
}

/** The cursor's content, or undefined when it is not one this gateway made. */
export function decodeCursor(cursor: string): DecodedCursor | undefined {
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor))
    return undefined;
  let document: unknown;
  try {
    document = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof document !== 'object' || document === null) return undefined;
  const { v, s, n, t, z } = document as Record<string, unknown>;
  if (v !== 1 || typeof s !== 'string' || !isPageNumber(n)) return undefined;
  if (typeof t === 'string' && t.length > 0 && z === undefined) return { scope: s, token: t, number: n };
  if (t === undefined && isPageNumber(z)) return { scope: s, number: n, size: z };
  return undefined;
}

function isPageNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}

/** The cursor scope of a listing's pages: its action, the API profile, the region and the filter. */
export function listingScope(
  limitsName: string,
  listingName: string,
  regionId: string,
  filter: object | undefined,
): string {
  return cursorScope(['listing', limitsName, listingName, regionId, filter ?? {}]);
}

/** The cursor scope of a relation field's pages (`Instance.disks`): the field and its parent. */
export function relationScope(field: string, regionId: string, parentId: string): string {
  return cursorScope(['relation', field, regionId, parentId]);
}
