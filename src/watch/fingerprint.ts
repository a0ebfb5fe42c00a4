import type { ItemOf, WatchKind } from './watch-events.js';

/**
 * What of an item a watcher is told about: its status, and a snapshot's progress.
 * Other fields (a name, a tag) changing alone is no event.
 */
const FINGERPRINTS: { readonly [K in WatchKind]: (item: ItemOf<K>) => string } = {
  snapshot: (snapshot) => `${snapshot.Status ?? ''}\u0000${snapshot.Progress ?? ''}`,
  instance: (instance) => instance.Status ?? '',
  disk: (disk) => disk.Status ?? '',
};

export function fingerprintOf<K extends WatchKind>(kind: K, item: ItemOf<K>): string {
  return FINGERPRINTS[kind](item);
}

export function isWatchKind(kind: unknown): kind is WatchKind {
  return typeof kind === 'string' && Object.hasOwn(FINGERPRINTS, kind);
}
