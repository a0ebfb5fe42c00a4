import { describe, expect, it } from 'vitest';
import {
  describeTree,
  instanceTreeOf,
  seededInstanceTree,
  treeProblem,
} from '../../bench/lib/instance-tree.js';

const snapshots = (count: number) => ({
  totalCount: count,
  nodes: Array.from({ length: count }, (_, i) => ({ id: `s-${i}` })),
});

const answer = {
  instances: {
    totalCount: 2,
    hasNextPage: false,
    nodes: [
      { id: 'i-b', disks: { nodes: [{ id: 'd-b1', snapshots: snapshots(1) }] } },
      {
        id: 'i-a',
        disks: {
          nodes: [
            { id: 'd-a2', snapshots: snapshots(0) },
            { id: 'd-a1', snapshots: snapshots(2) },
          ],
        },
      },
    ],
  },
};

const expected = {
  instances: [
    {
      id: 'i-a',
      disks: [
        { id: 'd-a1', snapshots: 2 },
        { id: 'd-a2', snapshots: 0 },
      ],
    },
    { id: 'i-b', disks: [{ id: 'd-b1', snapshots: 1 }] },
  ],
};

describe('instanceTreeOf', () => {
  it('reads the instances, their disks and snapshot counts, in id order', () => {
    expect(instanceTreeOf(answer)).toEqual(expected);
    expect(describeTree(expected)).toBe('2 instances, 3 disks, 3 snapshots');
  });

  it('says what is missing or short', () => {
    expect(instanceTreeOf(null)).toBe('no instances page');
    expect(instanceTreeOf({ instances: { ...answer.instances, totalCount: 3 } })).toBe(
      'instances: 2 nodes, totalCount 3 and no next page',
    );
    const nulledDisks = structuredClone(answer) as { instances: { nodes: Array<{ disks: unknown }> } };
    nulledDisks.instances.nodes[0]!.disks = null;
    expect(instanceTreeOf(nulledDisks)).toBe('i-b: no disks list');
    const shortSnapshots = structuredClone(answer);
    shortSnapshots.instances.nodes[0]!.disks.nodes[0]!.snapshots.totalCount = 4;
    expect(instanceTreeOf(shortSnapshots)).toBe('d-b1: 1 snapshots of a totalCount of 4');
  });
});

describe('treeProblem', () => {
  it('is undefined for the expected tree in any order, and names the sizes otherwise', () => {
    expect(treeProblem(expected, answer)).toBeUndefined();
    const lessOne = structuredClone(answer);
    lessOne.instances.nodes[1]!.disks.nodes.pop();
    expect(treeProblem(expected, lessOne)).toBe(
      'read 2 instances, 2 disks, 1 snapshots; the estate has 2 instances, 3 disks, 3 snapshots',
    );
  });
});

describe('seededInstanceTree', () => {
  it('is the default demo estate of a region: 6 instances × 2 disks × 3 snapshots', () => {
    const tree = seededInstanceTree({}, 'cn-hangzhou', 10);
    expect(describeTree(tree)).toBe('6 instances, 12 disks, 36 snapshots');
    expect(tree.instances.every((instance) => instance.disks.every((disk) => disk.snapshots === 3))).toBe(
      true,
    );
    expect(seededInstanceTree({}, 'cn-hangzhou', 10)).toEqual(tree); // deterministic, id for id
  });

  it('follows the simulator settings and refuses a region larger than the page', () => {
    const env = { SIMULATOR_INSTANCES_PER_REGION: '3', SIMULATOR_SNAPSHOTS_PER_DISK: '1' };
    expect(describeTree(seededInstanceTree(env, 'cn-beijing', 3))).toBe('3 instances, 6 disks, 6 snapshots');
    expect(() => seededInstanceTree({}, 'cn-hangzhou', 5)).toThrow(
      'cn-hangzhou holds 6 instances, more than a page of 5',
    );
  });
});
