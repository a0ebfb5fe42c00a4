import type { Reach, Unreachable } from './reach.js';

/** DescribeRegions and DescribeZones document no errors of their own; the file shows the format. */
export const reach: Reach[] = [];
export const unreachable: Unreachable[] = [];
