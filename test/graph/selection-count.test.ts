import { Kind, type OperationDefinitionNode, parse, type SelectionSetNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { mostRepeatedField, SelectionCounter } from '../../src/plugins/selection-count.js';

function counts(text: string): number[] {
  const document = parse(text);
  const counter = new SelectionCounter(document);
  return document.definitions
    .filter(
      (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
    )
    .map((operation) => counter.count(operation));
}

describe('SelectionCounter', () => {
  it('counts every field, nested ones and those of inline fragments', () => {
    expect(counts('{ regions { id zones { id } } ... on Query { __typename } }')).toEqual([5]);
  });

  it('counts a fragment once per spread, for each operation', () => {
    expect(
      counts(
        'query A { regions { ...R ...R } } query B { regions { ...R } } fragment R on Region { id name }',
      ),
    ).toEqual([5, 3]);
  });

  it('finds the 2^60 fields of a 60-level fragment bomb without expanding it', () => {
    let text = 'query { ...F60 } fragment F0 on Query { __typename }';
    for (let level = 1; level <= 60; level += 1)
      text += ` fragment F${level} on Query { ...F${level - 1} ...F${level - 1} }`;
    expect(counts(text)).toEqual([2 ** 60]);
  });

  it('counts 0 for an unknown fragment and for a spread that closes a cycle', () => {
    expect(counts('{ ...Missing __typename }')).toEqual([1]);
    expect(
      counts(
        '{ ...A } fragment A on Query { a: __typename ...B } fragment B on Query { b: __typename ...A }',
      ),
    ).toEqual([2]);
    expect(counts('{ ...A } fragment A on Query { __typename ...A ...A }')).toEqual([1]);
  });
});

describe('mostRepeatedField', () => {
  const selectionSet = (text: string) =>
    (parse(text).definitions[0] as OperationDefinitionNode).selectionSet as SelectionSetNode;

  it('counts by response name, inline fragments merged in, named fragments not', () => {
    expect(
      mostRepeatedField(
        selectionSet(
          '{ id a: id id ... on Query { id ... on Query { id } } a: name ...F regions { id id id id id } }',
        ),
      ),
    ).toEqual({ name: 'id', count: 4 });
  });
});
