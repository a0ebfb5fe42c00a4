import { createSimulatorDomain } from '../../src/simulator/domain.js';
import { simulatorOptionsFromSettings } from '../../src/simulator/index.js';
import { loadSimulatorSettings } from '../../src/simulator/settings.js';

/**
 * What examples/instances-disks-snapshots.graphql must return, id for id: each instance
 * of the page, its disks, and how many snapshots each disk has. The dashboard scenario
 * compares every answer with the estate the simulator was seeded with, so a fast answer
 * that is incomplete, or stale in shape, counts as an error.
 */

export interface InstanceTree {
  readonly instances: ReadonlyArray<{
    readonly id: string;
    readonly disks: ReadonlyArray<{ readonly id: string; readonly snapshots: number }>;
  }>;
}

/** Instances and disks in id order, so two trees compare as JSON. */
function canonical(tree: InstanceTree): InstanceTree {
  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return {
    instances: tree.instances
      .map((instance) => ({ id: instance.id, disks: [...instance.disks].sort(byId) }))
      .sort(byId),
  };
}

/** Sizes of a tree, as a note prints them: `6 instances, 12 disks, 36 snapshots`. */
export function describeTree(tree: InstanceTree): string {
  const disks = tree.instances.flatMap((instance) => instance.disks);
  const snapshots = disks.reduce((sum, disk) => sum + disk.snapshots, 0);
  return `${tree.instances.length} instances, ${disks.length} disks, ${snapshots} snapshots`;
}

interface Connection<T> {
  readonly totalCount?: number;
  readonly nodes?: readonly T[];
}
type SnapshotNode = { readonly id?: unknown };
type DiskNode = { readonly id?: unknown; readonly snapshots?: Connection<SnapshotNode> | null };
type InstanceNode = { readonly id?: unknown; readonly disks?: Connection<DiskNode> | null };

/**
 * The tree of an answer's `data`, or why it is not a whole answer: a missing list, a
 * snapshot list shorter than its own totalCount, an instance page shorter than the
 * region while it says it has no next page.
 */
export function instanceTreeOf(data: unknown): InstanceTree | string {
  const page = (data as { instances?: Connection<InstanceNode> & { hasNextPage?: unknown } } | null)
    ?.instances;
  if (!page?.nodes) return 'no instances page';
  if (page.hasNextPage === false && page.totalCount !== page.nodes.length)
    return `instances: ${page.nodes.length} nodes, totalCount ${page.totalCount} and no next page`;
  const instances: Array<InstanceTree['instances'][number]> = [];
  for (const instance of page.nodes) {
    if (typeof instance?.id !== 'string') return 'an instance without an id';
    if (!instance.disks?.nodes) return `${instance.id}: no disks list`;
    const disks: Array<{ id: string; snapshots: number }> = [];
    for (const disk of instance.disks.nodes) {
      if (typeof disk?.id !== 'string') return `${instance.id}: a disk without an id`;
      const snapshots = disk.snapshots;
      if (!snapshots?.nodes) return `${disk.id}: no snapshots list`;
      if (snapshots.totalCount !== snapshots.nodes.length)
        return `${disk.id}: ${snapshots.nodes.length} snapshots of a totalCount of ${snapshots.totalCount}`;
      disks.push({ id: disk.id, snapshots: snapshots.nodes.length });
    }
    instances.push({ id: instance.id, disks });
  }
  return canonical({ instances });
}

/** Whether an answer's tree is the expected one; undefined when it is, else what differs. */
export function treeProblem(expected: InstanceTree, data: unknown): string | undefined {
  const tree = instanceTreeOf(data);
  if (typeof tree === 'string') return tree;
  if (JSON.stringify(tree) === JSON.stringify(canonical(expected))) return undefined;
  return `read ${describeTree(tree)}; the estate has ${describeTree(expected)}`;
}

/**
 * The tree a simulator started with `simulatorEnv` (as `npm run simulator` reads it)
 * holds for a page of `pageSize` instances of `regionId`: the same seed, seeded again in
 * this process (seeding is deterministic, id for id), read from its store. The whole
 * region must fit on the page, since which instances come first is the simulator's order.
 */
export function seededInstanceTree(
  simulatorEnv: Readonly<Record<string, string>>,
  regionId: string,
  pageSize: number,
): InstanceTree {
  const settings = loadSimulatorSettings(simulatorEnv);
  const options = simulatorOptionsFromSettings(settings, { standalone: true });
  const domain = createSimulatorDomain({ clock: 'immediate', limits: options.limits, seed: options.seed });
  const region = domain.store.account(settings.accessKeyId).regions.get(regionId);
  if (!region) throw new Error(`the simulator has no region ${regionId}`);
  if (region.instances.size > pageSize)
    throw new Error(`${regionId} holds ${region.instances.size} instances, more than a page of ${pageSize}`);
  const disks = [...region.disks.values()];
  const snapshots = [...region.snapshots.values()];
  return canonical({
    instances: [...region.instances.keys()].map((instanceId) => ({
      id: instanceId,
      disks: disks
        .filter((disk) => disk.attachment?.instanceId === instanceId)
        .map((disk) => ({
          id: disk.diskId,
          snapshots: snapshots.filter((snapshot) => snapshot.sourceDiskId === disk.diskId).length,
        })),
    })),
  });
}
