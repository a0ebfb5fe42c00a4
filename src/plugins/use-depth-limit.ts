import {
  type ASTNode,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type SelectionSetNode,
  type ValidationRule,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';

export interface DepthLimitOptions {
  /** Deepest field nesting an operation may have; `regions { zones { id } }` is 3. */
  readonly maxDepth?: number;
}

function selectionDepth(
  selectionSet: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  visiting: ReadonlySet<string>,
): number {
  let deepest = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      // Introspection is bounded by the schema itself and GraphiQL needs it deep.
      if (selection.name.value.startsWith('__')) continue;
      const below = selection.selectionSet ? selectionDepth(selection.selectionSet, fragments, visiting) : 0;
      deepest = Math.max(deepest, 1 + below);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, selectionDepth(selection.selectionSet, fragments, visiting));
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      // A fragment cycle is reported by the NoFragmentCycles rule; do not recurse into it.
      if (!fragment || visiting.has(name)) continue;
      deepest = Math.max(
        deepest,
        selectionDepth(fragment.selectionSet, fragments, new Set([...visiting, name])),
      );
    }
  }
  return deepest;
}

function depthLimitRule(maxDepth: number): ValidationRule {
  return (context) => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions)
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    return {
      OperationDefinition(operation) {
        const depth = selectionDepth(operation.selectionSet, fragments, new Set());
        if (depth > maxDepth) {
          const name = operation.name ? `Operation ${operation.name.value}` : 'The operation';
          context.reportError(
            new GraphQLError(`${name} is ${depth} fields deep; the most allowed is ${maxDepth}.`, {
              nodes: [operation as ASTNode],
              extensions: { code: 'QUERY_TOO_DEEP', depth, maxDepth },
            }),
          );
        }
      },
    };
  };
}

/** Rejects operations nested deeper than `maxDepth` at validation, before any call. */
export function useDepthLimit({ maxDepth = 10 }: DepthLimitOptions = {}): Plugin {
  const rule = depthLimitRule(maxDepth);
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(rule);
    },
  };
}
