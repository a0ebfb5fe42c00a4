import { createHash } from 'node:crypto';
import type { AccountState, ImageRecord, RegionState } from '../store.js';
import { isSettled, settlesAt, statusAt } from './timeline.js';

/**
 * An image's progress rises from 0% at its creation to 100% when it turns Available
 * (a copy likewise, in its destination region). A steady image is at 100%.
 */
export function imageProgress(image: ImageRecord, now: number): number {
  if (isSettled(image.status, now)) return 100;
  const start = image.status[0]?.at ?? image.creationTime;
  const duration = settlesAt(image.status) - start;
  if (duration <= 0 || now <= start) return 0;
  return Math.min(99, Math.floor(((now - start) / duration) * 100));
}

/** A copy made by CopyImage that is not done yet. */
export function isCopying(image: ImageRecord, now: number): boolean {
  return image.copiedFrom !== undefined && statusAt(image.status, now) !== 'Available';
}

/** Whether any region of the account holds a copy of `image` still in progress. */
export function hasCopyInProgress(regions: Iterable<RegionState>, image: ImageRecord, now: number): boolean {
  for (const region of regions)
    for (const other of region.images.values())
      if (
        other.copiedFrom?.imageId === image.imageId &&
        other.copiedFrom.regionId === image.regionId &&
        isCopying(other, now)
      )
        return true;
  return false;
}

/** Whether instances of the region run from the image (DescribeImages' Usage `instance`). */
export function isImageInUse(region: RegionState, imageId: string): boolean {
  for (const instance of region.instances.values()) if (instance.imageId === imageId) return true;
  return false;
}

/** The 16-digit Aliyun id of the account behind an AccessKeyId: stable, and never another key's by chance alone. */
export function aliyunIdOf(accessKeyId: string): string {
  const digest = createHash('sha256').update(accessKeyId).digest();
  return `1${(digest.readBigUInt64BE(0) % 10n ** 15n).toString().padStart(15, '0')}`;
}

/** How many images of the simulator's accounts are shared with the account. */
export function imagesSharedWith(accounts: Iterable<AccountState>, aliyunId: string): number {
  let count = 0;
  for (const account of accounts)
    for (const region of account.regions.values())
      for (const image of region.images.values())
        if (image.sharedWith?.some((share) => share.aliyunId === aliyunId)) count++;
  return count;
}
