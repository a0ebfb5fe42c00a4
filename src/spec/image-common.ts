import { documented } from './documented-errors.js';
import { p, type StringRule } from './params.js';
import { t } from './shape.js';
import { descriptionParam, nameParam } from './value-rules.js';

/**
 * What the image actions share: the name, version and description rules, the rows
 * several error tables word alike, and the AddAccount.N / RemoveAccount.N lists of
 * ModifyImageSharePermission, which are repeated scalars rather than structures.
 */

/** A share list takes N from 1 to 10; the reference ignores a larger N. */
export const SHARE_ACCOUNTS_PER_CALL = 10;

/** 1 to 40 characters of printable ASCII: the reference's "English characters". */
const imageVersion: StringRule = (value) =>
  /^[\x20-\x7e]*$/.test(value) ? undefined : 'may contain only English (ASCII) characters';

export const imageNameParam = nameParam({
  code: 'InvalidImageName.Malformed',
  doc: 'The image name: 2 to 128 characters, starting with a letter or Chinese character, then letters, digits, ".", "_", "-" or ":"; not starting with http:// or https://.',
});
export const imageDescriptionParam = descriptionParam({
  code: 'InvalidDescription.Malformed',
  doc: 'The image description: 2 to 256 characters, not starting with http:// or https://.',
});
export const imageVersionParam = p.string({
  minLength: 1,
  maxLength: 40,
  check: imageVersion,
  code: 'InvalidImageVersion.Malformed',
  httpStatus: 400,
  doc: 'The version of the image: 1 to 40 English characters.',
});

export const imageNameMalformed = documented(
  'InvalidImageName.Malformed',
  400,
  'The specified Image name is wrongly formed.',
  'The image name breaks the name rule.',
);
export const imageDescriptionMalformed = documented(
  'InvalidDescription.Malformed',
  400,
  'The specified description is wrongly formed.',
  'The description breaks the description rule.',
);
export const imageNameDuplicated = documented(
  'InvalidImageName.Duplicated',
  400,
  'The destination image is exist.',
  'Another custom image of the region already has this name.',
);
export const imageQuotaExceeded = documented(
  'QuotaExceed.Image',
  403,
  'The Image Quota exceeds.',
  'The region holds as many custom images as the account may have.',
);
export const imageCopying = documented(
  'OperationDenied.ImageCopying',
  403,
  'The Image is coping.',
  'The image, or a copy of it, is being copied.',
);

/** AddAccount.N or RemoveAccount.N: up to 10 Aliyun account ids, one a wire parameter. */
export function shareAccountsParam(doc: string) {
  return p.list({ max: SHARE_ACCOUNTS_PER_CALL, of: p.id(), doc });
}

/** The account ids a share list names, in N order, without repeats. */
export function shareAccounts(ids: readonly string[] | undefined): string[] {
  return [...new Set(ids ?? [])];
}

/** One account a custom image is shared with. */
export const ShareAccountType = t.object({
  AliyunId: t.string,
  /** Today's API: when the image was shared with it. */
  SharedTime: t.string,
});

/** A group an image is shared with: `all` when it is public. */
export const ShareGroupType = t.object({ Group: t.string });
