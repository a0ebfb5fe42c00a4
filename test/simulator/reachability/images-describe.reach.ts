import type { Reach, Unreachable } from './reach.js';
import { tagRows } from './world-state.js';

/** DescribeImages: its parameter rules (the image writes have their own file). */

export const reach: Reach[] = [
  {
    action: 'DescribeImages',
    code: 'InvalidImageOwnerAlias.ValueNotSupported',
    params: { ImageOwnerAlias: 'nobody' },
  },
  ...tagRows('DescribeImages'),
];

export const unreachable: Unreachable[] = [];
