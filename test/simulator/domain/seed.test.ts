import { describe, expect, it } from 'vitest';
import { REGIONS } from '../../../src/simulator/catalog.js';
import { MANUAL_CLOCK_START } from '../../../src/simulator/clock.js';
import { seedAccount, seedRegion } from '../../../src/simulator/seed.js';
import { snapshotStatus } from '../../../src/simulator/state/snapshot.js';
import { type AccountState, emptyRegion, SimulatorStore } from '../../../src/simulator/store.js';

const now = MANUAL_CLOCK_START;

function seeded(options: Parameters<typeof seedAccount>[1]): AccountState {
  const store = new SimulatorStore({
    regionIds: REGIONS.map((region) => region.regionId),
    initialize: (account) => seedAccount(account, options, now),
  });
  return store.account('ak-test');
}

/** Everything in an account as plain data, in insertion order. */
function dump(account: AccountState): unknown {
  return [...account.regions.values()].map((region) => ({
    regionId: region.regionId,
    instances: [...region.instances.values()],
    disks: [...region.disks.values()],
    snapshots: [...region.snapshots.values()],
    images: [...region.images.values()],
    securityGroups: [...region.securityGroups.values()],
    policies: [...region.autoSnapshotPolicies.values()],
  }));
}

describe('seed', () => {
  it('gives an identical store for the same seed and a different one for another seed', () => {
    const first = dump(seeded({ seed: 'alpha' }));
    expect(dump(seeded({ seed: 'alpha' }))).toEqual(first);
    expect(dump(seeded({ seed: 'beta' }))).not.toEqual(first);
  });

  it('fills the default regions with a small estate and leaves the others empty', () => {
    const account = seeded({});
    const filled = [...account.regions.values()].filter((region) => region.instances.size > 0);
    expect(filled.map((region) => region.regionId)).toEqual(['cn-hangzhou', 'cn-shanghai', 'ap-southeast-1']);
    const hangzhou = account.regions.get('cn-hangzhou')!;
    expect(hangzhou.instances.size).toBe(4);
    for (const instance of hangzhou.instances.values()) {
      expect(instance.instanceId).toMatch(/^i-bp1[a-z0-9]{17}$/);
      expect(instance.zoneId).toMatch(/^cn-hangzhou-[a-z]$/);
    }
    for (const disk of hangzhou.disks.values()) expect(disk.diskId).toMatch(/^d-bp1[a-z0-9]{17}$/);
    for (const snapshot of hangzhou.snapshots.values())
      expect(snapshot.snapshotId).toMatch(/^s-bp1[a-z0-9]{17}$/);
    expect(account.regions.get('cn-beijing')!.instances.size).toBe(0);
  });

  it('seeds a region alone exactly as it is seeded with the others', () => {
    const region = emptyRegion('cn-shanghai');
    seedRegion(region, { seed: 'alpha' }, now);
    const withOthers = seeded({ seed: 'alpha' }).regions.get('cn-shanghai')!;
    expect([...region.disks.values()]).toEqual([...withOthers.disks.values()]);
    expect([...region.snapshots.values()]).toEqual([...withOthers.snapshots.values()]);
  });

  it('builds a benchmark estate of the given sizes: 50 instances x 3 disks x 4 snapshots', () => {
    const region = emptyRegion('cn-hangzhou');
    seedRegion(
      region,
      { seed: 7, instancesPerRegion: 50, disksPerInstance: 3, snapshotsPerDisk: 4, extras: false },
      now,
    );
    expect(region.instances.size).toBe(50);
    expect(region.disks.size).toBe(150);
    expect(region.snapshots.size).toBe(600);
    const systemDisks = [...region.disks.values()].filter((disk) => disk.type === 'system');
    expect(systemDisks).toHaveLength(50);
    for (const disk of region.disks.values()) {
      expect(disk.attachment?.instanceId).toBeDefined();
      expect(region.instances.has(disk.attachment!.instanceId)).toBe(true);
    }
    for (const snapshot of region.snapshots.values()) {
      expect(region.disks.has(snapshot.sourceDiskId)).toBe(true);
      expect(snapshot.completesAt).toBeLessThanOrEqual(now);
      expect(['accomplished', 'failed']).toContain(snapshotStatus(snapshot, now));
    }
  });

  it('names seeded automatic snapshots by the UTC+8 date of their creation, as the policies name theirs', () => {
    const region = emptyRegion('cn-hangzhou');
    seedRegion(
      region,
      { seed: 7, instancesPerRegion: 50, disksPerInstance: 3, snapshotsPerDisk: 4, extras: false },
      now,
    );
    const autos = [...region.snapshots.values()].filter((snapshot) => snapshot.snapshotType === 'auto');
    expect(autos.length).toBeGreaterThan(0);
    for (const snapshot of autos) {
      const utc8 = new Date(snapshot.creationTime + 8 * 3_600_000)
        .toISOString()
        .slice(0, 10)
        .replaceAll('-', '');
      expect(snapshot.snapshotName).toBe(`auto_${utc8}_1`);
    }
    // Some are taken between 16:00 and 24:00 UTC, where the two dates differ.
    expect(autos.some((snapshot) => new Date(snapshot.creationTime).getUTCHours() >= 16)).toBe(true);
  });

  it('adds the extras: a spare disk, an image and a disk made from snapshots, snapshots of a gone disk', () => {
    const region = seeded({ seed: 'extras' }).regions.get('cn-hangzhou')!;
    const image = [...region.images.values()][0]!;
    expect(region.snapshots.get(image.snapshotId)?.sourceDiskType).toBe('System');
    const restored = [...region.disks.values()].find((disk) => disk.sourceSnapshotId !== '')!;
    const source = region.snapshots.get(restored.sourceSnapshotId)!;
    expect(region.disks.has(source.sourceDiskId)).toBe(false);
    expect(
      [...region.disks.values()].some((disk) => disk.diskName === 'spare-data' && !disk.attachment),
    ).toBe(true);
    expect(region.autoSnapshotPolicies.size).toBe(1);
    expect(region.securityGroups.size).toBe(2);
  });
});
