import {
  type GraphQLNamedType,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isSpecifiedScalarType,
  isUnionType,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.js';

/** Every schema coordinate that should carry a description but has none or a blank one. */
function undescribed(type: GraphQLNamedType): string[] {
  const missing: string[] = [];
  const check = (coordinate: string, description: string | null | undefined) => {
    if (!description?.trim()) missing.push(coordinate);
  };
  check(type.name, type.description);
  if (isObjectType(type) || isInterfaceType(type))
    for (const field of Object.values(type.getFields())) {
      check(`${type.name}.${field.name}`, field.description);
      for (const arg of field.args) check(`${type.name}.${field.name}(${arg.name}:)`, arg.description);
    }
  if (isInputObjectType(type))
    for (const field of Object.values(type.getFields()))
      check(`${type.name}.${field.name}`, field.description);
  if (isEnumType(type))
    for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.description);
  return missing;
}

/** The named types a root reaches through fields, arguments, input fields and union members. */
function reachableFrom(root: GraphQLNamedType): GraphQLNamedType[] {
  const seen = new Map<string, GraphQLNamedType>();
  const visit = (type: GraphQLNamedType) => {
    if (seen.has(type.name) || isSpecifiedScalarType(type)) return;
    seen.set(type.name, type);
    if (isObjectType(type) || isInterfaceType(type))
      for (const field of Object.values(type.getFields())) {
        visit(getNamedType(field.type));
        for (const arg of field.args) visit(getNamedType(arg.type));
      }
    if (isInputObjectType(type))
      for (const field of Object.values(type.getFields())) visit(getNamedType(field.type));
    if (isUnionType(type)) for (const member of type.getTypes()) visit(member);
  };
  visit(root);
  return [...seen.values()];
}

// GraphiQL's docs are the manual: a field without a description is a hole in it.
describe('schema descriptions', () => {
  it('describes every type, field, argument, input field and enum value of the read graph', () => {
    const query = schema.getQueryType();
    if (!query) throw new Error('the schema has no Query type');
    const types = reachableFrom(query);
    expect(types.length).toBeGreaterThan(40);
    expect(types.flatMap(undescribed)).toEqual([]);
  });

  it('describes every mutation, its input, its result union and what they reach', () => {
    const mutation = schema.getMutationType();
    if (!mutation) throw new Error('the schema has no Mutation type');
    const types = reachableFrom(mutation);
    expect(types.filter(isUnionType).length).toBeGreaterThanOrEqual(24);
    expect(types.flatMap(undescribed)).toEqual([]);
  });

  it('notices a missing description', () => {
    const bare = schema.getType('Zone');
    if (!isObjectType(bare)) throw new Error('Zone is not an object type');
    const field = bare.getFields().id;
    if (!field) throw new Error('Zone has no id field');
    const saved = field.description;
    field.description = '  ';
    try {
      expect(undescribed(bare)).toEqual(['Zone.id']);
    } finally {
      field.description = saved;
    }
  });
});
