import { describe, expect, it } from 'vitest';
import { WatchRequest } from '../../src/shared-state/watch-request.js';
import type { ItemOf, PollErrorInfo, WatchEvent } from '../../src/watch/pool.js';

// The filter between the sources of a shared request (the lease holder, a new holder
// after a takeover, the replica's own pool while Redis is away) and its consumer.
type Snapshot = ItemOf<'snapshot'>;
const state = (id: string, Status: string, Progress: string): WatchEvent<Snapshot> => ({
  type: 'state',
  id,
  item: { SnapshotId: id, Status, Progress } as Snapshot,
});
const notice: PollErrorInfo = { code: 'Throttling', message: 'slow down', retrying: true };
const refusal: PollErrorInfo = { code: 'InvalidParameter', message: 'no', retrying: false };

async function drain(request: WatchRequest<'snapshot'>): Promise<WatchEvent<Snapshot>[]> {
  const events: WatchEvent<Snapshot>[] = [];
  while (request.output.queued > 0) {
    const step = await request.output.next();
    if (!step.done) events.push(step.value);
  }
  return events;
}

function request(ids: string[]) {
  const ended: string[] = [];
  const made = new WatchRequest('r.1', 'snapshot', 'cn-hangzhou', ids, (r) => ended.push(r.id));
  return { made, ended };
}

describe('WatchRequest', () => {
  it('drops a state whose fingerprint it last delivered for that id, and passes a change', async () => {
    const { made } = request(['s-1', 's-2']);
    made.deliver(state('s-1', 'progressing', '10%'));
    made.deliver(state('s-2', 'progressing', '10%'));
    made.deliver(state('s-1', 'progressing', '10%'));
    expect(await drain(made)).toEqual([
      state('s-1', 'progressing', '10%'),
      state('s-2', 'progressing', '10%'),
    ]);
    made.deliver(state('s-1', 'progressing', '50%'));
    made.deliver(state('s-2', 'progressing', '10%'));
    expect(await drain(made)).toEqual([state('s-1', 'progressing', '50%')]);
  });

  it('drops events about ids it no longer holds (gone, refused) and ids it never held', async () => {
    const { made } = request(['s-1', 's-2']);
    made.deliver(state('s-1', 'progressing', '10%'));
    expect(await drain(made)).toEqual([state('s-1', 'progressing', '10%')]);
    made.deliver({ type: 'gone', id: 's-1' });
    expect(await drain(made)).toEqual([{ type: 'gone', id: 's-1' }]);
    made.deliver({ type: 'gone', id: 's-1' });
    made.deliver(state('s-1', 'progressing', '10%'));
    made.deliver(state('s-9', 'progressing', '10%'));
    made.deliver({ type: 'error', ids: ['s-1', 's-2'], error: refusal });
    expect(await drain(made)).toEqual([{ type: 'error', ids: ['s-2'], error: refusal }]);
    made.deliver({ type: 'error', ids: ['s-2'], error: refusal });
    expect(await drain(made)).toEqual([]);
    expect([...made.ids]).toEqual([]);
  });

  it('passes one retrying notice per run, then every state of the poll that answers again', async () => {
    const { made } = request(['s-1']);
    made.deliver(state('s-1', 'progressing', '10%'));
    made.deliver({ type: 'error', ids: ['s-1'], error: notice });
    // A new holder failing too: its notice repeats the one standing.
    made.deliver({ type: 'error', ids: ['s-1'], error: notice });
    expect(await drain(made)).toEqual([
      state('s-1', 'progressing', '10%'),
      { type: 'error', ids: ['s-1'], error: notice },
    ]);
    // Back: the unchanged state tells the consumer so; a repeat of it does not.
    made.deliver(state('s-1', 'progressing', '10%'));
    made.deliver(state('s-1', 'progressing', '10%'));
    expect(await drain(made)).toEqual([state('s-1', 'progressing', '10%')]);
    made.deliver({ type: 'error', ids: ['s-1'], error: notice });
    expect(await drain(made)).toEqual([{ type: 'error', ids: ['s-1'], error: notice }]);
  });

  it('ends once on return(): the callback runs, later events are dropped', async () => {
    const { made, ended } = request(['s-1']);
    await made.output.return();
    await made.output.return();
    made.deliver(state('s-1', 'progressing', '10%'));
    expect(ended).toEqual(['r.1']);
    expect(await made.output.next()).toEqual({ value: undefined, done: true });
  });
});
