import { assertInputObjectType, getNamedType } from 'graphql';
import { expect, it } from 'vitest';
import { schema } from '../../src/schema/index.js';

function tagsTypeOf(input: string) {
  const field = assertInputObjectType(schema.getType(input)).getFields().tags;
  return field ? getNamedType(field.type).name : undefined;
}

it('mutations take NewTagInput (tags to put on); filters keep TagInput (tags to match)', () => {
  for (const input of [
    'CreateInstanceInput',
    'CreateDiskInput',
    'CreateSnapshotInput',
    'CreateAutoSnapshotPolicyInput',
  ])
    expect(tagsTypeOf(input), input).toBe('NewTagInput');
  expect(tagsTypeOf('SnapshotFilter')).toBe('TagInput');
  expect(schema.getType('NewTagInput')?.description).toMatch(/^A tag to put on the resource/);
  expect(schema.getType('TagInput')?.description).toMatch(/any value of the key matches/);
});
