import { defineAction } from '../action.js';
import { ImageType } from '../datatypes.js';
import { documented, tagErrors } from '../documented-errors.js';
import { p } from '../params.js';
import { t } from '../shape.js';
import { tagsParam } from '../value-rules.js';

export const DescribeImages = defineAction({
  name: 'DescribeImages',
  summary:
    'Lists the images the account can use in a region, page by page: its own, public system images, shared ones and marketplace ones.',
  idempotency: 'read',
  reads: {
    kind: 'image',
    list: 'Images',
    ids: 'ImageId',
    status: { field: 'Status', transitional: ['Creating', 'Waiting'] },
  },
  params: {
    RegionId: p.string({ required: true, doc: 'The region to list.' }),
    // A comma-separated list, not a JSON array like the other id filters.
    ImageId: p.id({ doc: 'Only these images: one id, or several separated by commas.' }),
    SnapshotId: p.id({ doc: 'Only images created from this snapshot.' }),
    ImageName: p.string({ doc: 'Only images of this name.' }),
    ImageOwnerAlias: p.string({
      values: ['system', 'self', 'others', 'marketplace'],
      code: 'InvalidImageOwnerAlias.ValueNotSupported',
      doc: 'Only system (public), self (custom), others (shared) or marketplace images; system, self and others when absent.',
    }),
    Status: p.string({
      doc: 'Only images in these statuses, comma-separated: Creating, Waiting, Available, UnAvailable, CreateFailed, Deprecated. Available by default today.',
    }),
    OSType: p.string({
      values: ['windows', 'linux'],
      ignoreCase: true,
      doc: 'Only windows or linux images.',
    }),
    Architecture: p.string({
      values: ['i386', 'x86_64', 'arm64'],
      doc: 'Only images for i386, x86_64 or arm64.',
    }),
    InstanceType: p.string({ doc: 'Only images that can run on this instance type.' }),
    Usage: p.string({
      values: ['instance', 'none'],
      doc: 'Only images that instances use (instance) or none use (none).',
    }),
    ResourceGroupId: p.string({ doc: 'Only images in this resource group.' }),
    Tag: tagsParam('Only images that carry these tags (Tag.N.Key, Tag.N.Value, N up to 20).'),
    PageNumber: p.pageNumber(),
    PageSize: p.pageSize(),
  },
  response: {
    RegionId: t.string,
    TotalCount: t.int,
    PageNumber: t.int,
    PageSize: t.int,
    Images: t.list('Image', ImageType),
  },
  page: { list: 'Images' },
  errors: [
    documented(
      'InvalidImageOwnerAlias.ValueNotSupported',
      400,
      'The specified ImageOwnerAlias value is not supported.',
      'ImageOwnerAlias is not system, self, others or marketplace.',
    ),
    ...tagErrors,
  ],
});
