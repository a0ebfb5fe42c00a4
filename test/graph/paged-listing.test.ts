import { describe, expect, it } from 'vitest';
import type { EcsCaller } from '../../src/ecs/caller.js';
import { instanceStatusListing } from '../../src/loaders/instance-statuses.js';
import { instanceListing } from '../../src/loaders/instances.js';
import { callListingPage, definePagedListing, hasIdFilter } from '../../src/loaders/listing.js';
import { DescribeInstanceAttribute } from '../../src/spec/actions/instance-reads.js';

describe('listings without an id filter', () => {
  it('back pages only: DescribeInstanceStatus is a listing, and no lookup by id', () => {
    expect(hasIdFilter(instanceStatusListing)).toBe(false);
    expect(hasIdFilter(instanceListing)).toBe(true);
    expect(instanceStatusListing.name).toBe('DescribeInstanceStatus');
  });

  it('still need a paged, regional action, checked at load time', () => {
    expect(() =>
      definePagedListing({ action: DescribeInstanceAttribute, items: () => [], idOf: () => '' }),
    ).toThrow(
      'DescribeInstanceAttribute cannot back a listing: it takes no RegionId parameter; it takes no PageNumber parameter; it takes no PageSize parameter.',
    );
  });

  it('refuse to look ids up, before any call', async () => {
    const calls: string[] = [];
    const ecs: EcsCaller = {
      call: (action) => {
        calls.push(action.name);
        return Promise.reject(new Error('no call expected'));
      },
    };
    await expect(
      callListingPage(ecs, instanceStatusListing, {
        regionId: 'cn-hangzhou',
        ids: ['i-1'],
        pageNumber: 1,
        pageSize: 10,
      }),
    ).rejects.toThrow('DescribeInstanceStatus has no id filter to look ids up by.');
    expect(calls).toEqual([]);
  });
});
