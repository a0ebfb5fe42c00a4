import { describe, expect, it } from 'vitest';
import { nestedCallsLowerBound } from '../../bench/lib/lower-bound.js';

describe('nestedCallsLowerBound', () => {
  it('scans the region when that is cheaper: 50 instances × 3 disks × 4 snapshots is 1 + 3 + 12', () => {
    expect(nestedCallsLowerBound({ instances: 50, disks: 150, snapshots: 600, pageSize: 50 })).toBe(16);
  });

  it('calls per parent when that is cheaper: a page of 5 in a region of 1,500 disks is 1 + 5 + 5', () => {
    expect(nestedCallsLowerBound({ instances: 5, disks: 1500, snapshots: 6000, pageSize: 50 })).toBe(11);
  });

  it('rounds a partial page up and follows the page size', () => {
    expect(nestedCallsLowerBound({ instances: 50, disks: 151, snapshots: 601, pageSize: 50 })).toBe(
      1 + 4 + 13,
    );
    expect(nestedCallsLowerBound({ instances: 50, disks: 150, snapshots: 600, pageSize: 100 })).toBe(
      1 + 2 + 6,
    );
  });

  it('needs one call to learn that a level is empty, and only the listing when the page is', () => {
    expect(nestedCallsLowerBound({ instances: 3, disks: 0, snapshots: 0, pageSize: 50 })).toBe(3);
    expect(nestedCallsLowerBound({ instances: 0, disks: 10, snapshots: 10, pageSize: 50 })).toBe(1);
  });

  it('refuses counts that are not whole numbers', () => {
    expect(() => nestedCallsLowerBound({ instances: -1, disks: 0, snapshots: 0, pageSize: 50 })).toThrow(
      'instances must be a whole number; got -1',
    );
    expect(() => nestedCallsLowerBound({ instances: 1, disks: 0, snapshots: 0, pageSize: 0 })).toThrow(
      'pageSize must be at least 1; got 0',
    );
  });
});
