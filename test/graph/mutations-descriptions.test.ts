import { getNamedType, isInputObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.js';
import { inGraphQLTerms } from '../../src/schema/mutations/input-fields.js';

describe('mutation input descriptions', () => {
  it('restate wire-format clauses of the declarations for GraphQL lists', () => {
    expect(inGraphQLTerms('The disks, as a JSON array such as ["d-1", "d-2"].')).toBe('The disks.');
    expect(inGraphQLTerms('Tags for the disk, as Tag.N.Key and Tag.N.Value, N from 1 to 20.')).toBe(
      'Tags for the disk, at most 20.',
    );
    expect(
      inGraphQLTerms(
        'The days of the week to take snapshots on, as a JSON array of up to 7 distinct strings from "1" (Monday) to "7": ["1", "7"].',
      ),
    ).toBe('The days of the week to take snapshots on: up to 7 distinct values from 1 (Monday) to 7.');
    expect(inGraphQLTerms('The ID of the disk.')).toBe('The ID of the disk.');
  });

  it('describe no input list field in terms of JSON arrays or Tag.N.Key', () => {
    const mutation = schema.getMutationType();
    if (!mutation) throw new Error('the schema has no Mutation type');
    const wireTalk = Object.values(mutation.getFields()).flatMap((field) => {
      const input = field.args.find((arg) => arg.name === 'input');
      const type = input && getNamedType(input.type);
      if (!type || !isInputObjectType(type)) return [];
      return Object.values(type.getFields())
        .filter((inputField) => /JSON array|as Tag\.N\.Key/.test(inputField.description ?? ''))
        .map((inputField) => `${type.name}.${inputField.name}`);
    });
    expect(wireTalk).toEqual([]);
  });
});
