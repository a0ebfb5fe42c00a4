import type { ActionInput } from '../../spec/action.js';
import * as api from '../../spec/actions/image-shares.js';
import { shareAccounts } from '../../spec/image-common.js';
import { isoTime } from '../clock.js';
import { aliyunIdOf, imagesSharedWith } from '../state/image.js';
import { statusAt } from '../state/timeline.js';
import type { ImageShare } from '../store.js';
import { type DomainContext, paginate, type Reply } from './context.js';
import { fail, passDryRun } from './errors.js';

/**
 * Image sharing between Aliyun accounts. An Aliyun account id is 16 digits; the
 * simulator serves one account per AccessKey, whose id is derived from the key, and
 * takes every other 16-digit id for an account that exists elsewhere: an image can be
 * shared with it, and what the simulator's own accounts share with it counts toward
 * the 30 images an account may receive.
 */

const ALIYUN_ID = /^\d{16}$/;

export function ModifyImageSharePermission(
  input: ActionInput<typeof api.ModifyImageSharePermission>,
  context: DomainContext,
): Reply<typeof api.ModifyImageSharePermission> {
  const action = api.ModifyImageSharePermission;
  const region = context.account.regions.get(input.RegionId) ?? fail(action, 'InvalidRegionId.NotFound');
  const image = region.images.get(input.ImageId) ?? fail(action, 'InvalidImageId.NotFound');
  if (statusAt(image.status, context.now) !== 'Available') fail(action, 'IncorrectImageStatus');
  const own = aliyunIdOf(context.account.accessKeyId);
  const adds = shareAccounts(input.AddAccount);
  const removes = shareAccounts(input.RemoveAccount);
  for (const id of [...adds, ...removes]) if (!ALIYUN_ID.test(id)) fail(action, 'InvalidAccount.NotFound');
  if (adds.includes(own)) fail(action, 'InvalidAccount.Forbidden');
  const current = image.sharedWith ?? [];
  const added = adds.filter((id) => !removes.includes(id) && !current.some((share) => share.aliyunId === id));
  const kept = current.filter((share) => !removes.includes(share.aliyunId));
  if (kept.length + added.length > context.rules.accountsPerSharedImage)
    fail(action, 'QuotaExceed.ShareImageUser');
  for (const id of added)
    if (imagesSharedWith(context.accounts(), id) >= context.rules.sharedImagesPerAccount)
      fail(action, 'QuotaExceed.ShareImage');
  passDryRun(context);
  const shares: ImageShare[] = [...kept, ...added.map((aliyunId) => ({ aliyunId, sharedAt: context.now }))];
  image.sharedWith = shares;
  return {};
}

/** The accounts in the order they were added; no share group, as the simulator has no public images of its own. */
export function DescribeImageSharePermission(
  input: ActionInput<typeof api.DescribeImageSharePermission>,
  context: DomainContext,
): Reply<typeof api.DescribeImageSharePermission> {
  const action = api.DescribeImageSharePermission;
  const region = context.account.regions.get(input.RegionId) ?? fail(action, 'InvalidRegionId.NotFound');
  const image = region.images.get(input.ImageId) ?? fail(action, 'InvalidImageId.NotFound');
  const { items, ...page } = paginate(image.sharedWith ?? [], input);
  return {
    RegionId: region.regionId,
    ImageId: image.imageId,
    ...page,
    ShareGroups: [],
    Accounts: items.map((share) => ({ AliyunId: share.aliyunId, SharedTime: isoTime(share.sharedAt) })),
  };
}
