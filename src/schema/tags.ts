import { builder, type GatewayTypes } from './builder.js';

/** A tag as ECS lists it (TagKey, TagValue). */
export interface TagItem {
  readonly TagKey?: string | undefined;
  readonly TagValue?: string | undefined;
}

export const TagRef = builder.objectRef<TagItem>('Tag').implement({
  description: 'A tag: a key and a value the account attached to a resource to group and find it.',
  fields: (t) => ({
    key: t.string({
      description: 'The tag key (TagKey).',
      resolve: (tag) => tag.TagKey ?? '',
    }),
    value: t.string({
      nullable: true,
      description: 'The tag value (TagValue); null when the tag has none.',
      resolve: (tag) => tag.TagValue || null,
    }),
  }),
});

export const TagInput = builder.inputType('TagInput', {
  description:
    'A tag to filter on (Tag.N.Key, Tag.N.Value): resources that carry this key, with this value when one is given.',
  fields: (t) => ({
    key: t.string({
      required: true,
      description: 'The tag key: 1 to 128 characters, not starting with aliyun or acs:.',
    }),
    value: t.string({
      required: false,
      description: 'The tag value: up to 128 characters; any value when omitted.',
    }),
  }),
});

/** The `tags` argument of a filter, as the Tag parameter takes it. */
export function tagParams(
  tags: readonly { readonly key: string; readonly value?: string | null | undefined }[] | null | undefined,
) {
  return tags?.map((tag) => ({ Key: tag.key, ...(tag.value == null ? {} : { Value: tag.value }) }));
}

/** The `tags` field of a resource type. */
export function tagsField<Parent extends { readonly Tags?: readonly TagItem[] | undefined }>(
  t: PothosSchemaTypes.ObjectFieldBuilder<GatewayTypes, Parent>,
  resource: string,
) {
  return t.field({
    type: [TagRef],
    description: `The tags attached to the ${resource} (Tags).`,
    resolve: (parent) => parent.Tags ?? [],
  });
}
