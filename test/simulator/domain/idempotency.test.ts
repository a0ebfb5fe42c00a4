import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../../src/simulator/backend.js';
import { canonicalJson, IdempotencyRecords } from '../../../src/simulator/idempotency.js';

function counter() {
  let calls = 0;
  return {
    act: () => ({ SnapshotId: `s-${++calls}` }),
    get calls() {
      return calls;
    },
  };
}

describe('IdempotencyRecords', () => {
  it('returns the first result for the same token and parameters, acting once', () => {
    const records = new IdempotencyRecords(() => 0);
    const work = counter();
    const first = records.run(
      'ak',
      'token-1',
      'CreateSnapshot',
      { DiskId: 'd-1', SnapshotName: 'a' },
      work.act,
    );
    const again = records.run(
      'ak',
      'token-1',
      'CreateSnapshot',
      { SnapshotName: 'a', DiskId: 'd-1' },
      work.act,
    );
    expect(again).toEqual(first);
    expect(work.calls).toBe(1);
  });

  it('refuses the same token with other parameters or another action', () => {
    const records = new IdempotencyRecords(() => 0);
    const work = counter();
    records.run('ak', 'token-1', 'CreateSnapshot', { DiskId: 'd-1' }, work.act);
    for (const [action, params] of [
      ['CreateSnapshot', { DiskId: 'd-2' }],
      ['CreateDisk', { DiskId: 'd-1' }],
    ] as const) {
      let error: unknown;
      try {
        records.run('ak', 'token-1', action, params, work.act);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ServiceError);
      expect(error).toMatchObject({ code: 'IdempotentParameterMismatch', httpStatus: 400 });
    }
    expect(work.calls).toBe(1);
  });

  it('keeps tokens per account', () => {
    const records = new IdempotencyRecords(() => 0);
    const work = counter();
    records.run('ak-1', 'token', 'CreateSnapshot', { DiskId: 'd-1' }, work.act);
    records.run('ak-2', 'token', 'CreateSnapshot', { DiskId: 'd-9' }, work.act);
    expect(work.calls).toBe(2);
  });

  it('records nothing when the action fails', () => {
    const records = new IdempotencyRecords(() => 0);
    expect(() =>
      records.run('ak', 'token', 'CreateSnapshot', {}, () => {
        throw new ServiceError('IncorrectDiskStatus', 'busy', 403);
      }),
    ).toThrow('busy');
    expect(records.size).toBe(0);
  });

  it('forgets tokens after their time and beyond the record limit', () => {
    let now = 0;
    const records = new IdempotencyRecords(() => now, { ttlMs: 1000, maxRecords: 2 });
    const work = counter();
    records.run('ak', 'a', 'X', {}, work.act);
    records.run('ak', 'z', 'X', {}, work.act);
    expect(records.size).toBe(2);
    now = 1000;
    records.run('ak', 'a', 'X', {}, work.act);
    // Both expired: 'z' is gone without being asked for again, 'a' acted anew.
    expect(records.size).toBe(1);
    expect(work.calls).toBe(3);
    records.run('ak', 'b', 'X', {}, work.act);
    records.run('ak', 'c', 'X', {}, work.act);
    expect(records.size).toBe(2);
    records.run('ak', 'a', 'X', {}, work.act);
    expect(work.calls).toBe(6);
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth and leaves undefined out', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: undefined, b: 'x' }] })).toBe(
      '{"a":[{"b":"x","d":2}],"b":1}',
    );
  });
});
