import { builder, type GatewayTypes } from './builder.js';

/** A tag as ECS lists it (TagSetType's `<Tag>`). */
export interface TagItem {
  readonly TagKey?: string | undefined;
  readonly TagValue?: string | undefined;
}

export const TagRef = builder.objectRef<TagItem>('Tag').implement({
  description:
    'A tag: a key and a value a resource carries, to find and group resources (Tag.N.Key, Tag.N.Value).',
  fields: (t) => ({
    key: t.string({
      description: 'The tag key: 1 to 128 characters (TagKey).',
      resolve: (tag) => tag.TagKey ?? '',
    }),
    value: t.string({
      description: 'The tag value: up to 128 characters, possibly empty (TagValue).',
      resolve: (tag) => tag.TagValue ?? '',
    }),
  }),
});

/** The `tags` field of a tagged resource. */
export function tagsField<Parent>(
  t: PothosSchemaTypes.ObjectFieldBuilder<GatewayTypes, Parent>,
  what: string,
  read: (parent: Parent) => readonly TagItem[],
) {
  return t.field({
    type: [TagRef],
    description: `The tags of the ${what} (Tags), in the order ECS lists them.`,
    resolve: (parent) => read(parent),
  });
}

export const TagInput = builder.inputType('TagInput', {
  description:
    'A tag a listed resource must carry (Tag.N.Key, Tag.N.Value). Without a value, any value of the key matches.',
  fields: (t) => ({
    key: t.string({
      required: true,
      description:
        'The tag key: 1 to 128 characters, not starting with aliyun or acs:, without http:// or https://.',
    }),
    value: t.string({
      required: false,
      description:
        'The tag value: up to 128 characters, not starting with acs:, without http:// or https://.',
    }),
  }),
});
