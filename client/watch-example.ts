import { print } from 'graphql';
import { createClient } from 'graphql-sse';
import {
  QuickStartSnapshotProgressDocument,
  type QuickStartSnapshotProgressSubscription,
} from './graphql.js';

type Snapshot = QuickStartSnapshotProgressSubscription['snapshotProgress'];

/** Watches snapshots until each is ACCOMPLISHED or FAILED; answers their last states. */
export async function watchSnapshots(
  ids: string[],
  endpoint = 'http://127.0.0.1:4000/graphql',
): Promise<Snapshot[]> {
  // The GraphQL over SSE protocol is served on /graphql/stream; a watch that ends is not retried.
  const client = createClient({ url: `${endpoint}/stream`, retryAttempts: 0 });
  const last = new Map<string, Snapshot>();
  try {
    const events = client.iterate<QuickStartSnapshotProgressSubscription>({
      query: print(QuickStartSnapshotProgressDocument),
      variables: { ids },
    });
    // One event per change; the loop ends when every snapshot is done.
    for await (const { data, errors } of events) {
      for (const error of errors ?? []) console.error(error.message); // a snapshot gone: NOT_FOUND
      if (!data) continue;
      const { id, status, progress } = data.snapshotProgress;
      last.set(id, data.snapshotProgress);
      console.log(id, status, progress); // s-bp1… PROGRESSING 10
    }
  } finally {
    client.dispose();
  }
  return [...last.values()];
}
