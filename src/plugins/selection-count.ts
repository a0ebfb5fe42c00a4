import {
  type DocumentNode,
  type FragmentDefinitionNode,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/**
 * Counts the field selections of each operation once every fragment spread is replaced
 * by its fragment's selections: what validation and execution would walk. A fragment
 * that spreads another twice doubles the count, so 30 such fragments in under 1.5 KB
 * expand to 2^30 fields; the count is found without expanding, each fragment counted
 * once and its total reused, so the work is linear in the document.
 *
 * A spread of an unknown fragment, or of one already being counted (a cycle), counts 0:
 * validation reports both, and the count must not loop.
 */
export class SelectionCounter {
  readonly #fragments = new Map<string, FragmentDefinitionNode>();
  /** A fragment's expanded count; `undefined` while it is being counted. */
  readonly #counted = new Map<string, number | undefined>();

  constructor(document: DocumentNode) {
    for (const definition of document.definitions)
      if (definition.kind === Kind.FRAGMENT_DEFINITION && !this.#fragments.has(definition.name.value))
        this.#fragments.set(definition.name.value, definition);
  }

  /** The fields `operation` selects, fragments expanded; may be far beyond 2^53 (then inexact). */
  count(operation: OperationDefinitionNode): number {
    return this.#selectionSet(operation.selectionSet);
  }

  #selectionSet(selectionSet: SelectionSetNode): number {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD)
        total += 1 + (selection.selectionSet ? this.#selectionSet(selection.selectionSet) : 0);
      else if (selection.kind === Kind.INLINE_FRAGMENT) total += this.#selectionSet(selection.selectionSet);
      else total += this.#fragment(selection.name.value);
    }
    return total;
  }

  #fragment(name: string): number {
    if (this.#counted.has(name)) return this.#counted.get(name) ?? 0;
    const fragment = this.#fragments.get(name);
    if (!fragment) return 0;
    this.#counted.set(name, undefined);
    const total = this.#selectionSet(fragment.selectionSet);
    this.#counted.set(name, total);
    return total;
  }
}

/**
 * The response name selected most often in one selection set, its inline fragments
 * included (validation merges those into one set; named fragments it compares once
 * per pair). Validation compares every two fields of the same name, so n copies of one
 * field cost n² comparisons: 250 copies of `regions { id }` (1,000 tokens) take 100 ms.
 */
export function mostRepeatedField(selectionSet: SelectionSetNode): { name: string; count: number } {
  const counts = new Map<string, number>();
  let most = { name: '', count: 0 };
  const collect = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) collect(selection.selectionSet);
      else if (selection.kind === Kind.FIELD) {
        const name = selection.alias?.value ?? selection.name.value;
        const count = (counts.get(name) ?? 0) + 1;
        counts.set(name, count);
        if (count > most.count) most = { name, count };
      }
    }
  };
  collect(selectionSet);
  return most;
}
