/**
 * The fewest upstream calls that can answer "a page of N instances, their disks, their
 * snapshots" in one region: one DescribeInstances, then per level the cheaper of one
 * filtered call per parent instance (DescribeDisks and DescribeSnapshots both take
 * InstanceId) or a scan of the region's pages.
 */
export interface NestedEstate {
  /** Instances on the page. */
  readonly instances: number;
  /** Disks in the whole region. */
  readonly disks: number;
  /** Snapshots in the whole region. */
  readonly snapshots: number;
  /** The API page limit (50 under the 2014 reference). */
  readonly pageSize: number;
}

export function nestedCallsLowerBound(estate: NestedEstate): number {
  const { instances, disks, snapshots, pageSize } = estate;
  for (const [name, value] of Object.entries(estate))
    if (!Number.isInteger(value) || value < 0)
      throw new RangeError(`${name} must be a whole number; got ${value}`);
  if (pageSize < 1) throw new RangeError(`pageSize must be at least 1; got ${pageSize}`);
  if (instances === 0) return 1;
  const level = (items: number) => Math.min(instances, Math.max(1, Math.ceil(items / pageSize)));
  return 1 + level(disks) + level(snapshots);
}
