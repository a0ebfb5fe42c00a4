import {
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  getArgumentValues,
  getNamedType,
  getOperationAST,
  getVariableValues,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  type SelectionSetNode,
} from 'graphql';

/** One field of an operation, as the pre-execution checks see it. */
export interface OperationField {
  readonly field: GraphQLField<unknown, unknown>;
  /** Argument values with variables and defaults applied. */
  readonly args: Readonly<Record<string, unknown>>;
  /** Response path, aliases included: `regions.zones`. */
  readonly path: string;
  /** How many times the field may be evaluated: the product of the lists above it. */
  readonly parents: number;
  /** The fields enclosing this one, outermost first, each as `Type.field` with its own `parents`. */
  readonly ancestors: readonly EnclosingField[];
}

export interface EnclosingField {
  readonly coordinate: string;
  readonly field: GraphQLField<unknown, unknown>;
  readonly parents: number;
}

/**
 * Visits every field an operation selects, fragments expanded, before execution.
 * `visit` returns how many objects one evaluation yields, which multiplies `parents`
 * for the selections below. Operations whose variables do not coerce are not visited
 * (execution reports them); introspection fields are skipped.
 */
export function visitOperationFields(
  request: {
    readonly schema: GraphQLSchema;
    readonly document: DocumentNode;
    readonly operationName?: string | null | undefined;
    readonly variableValues?: Readonly<Record<string, unknown>> | null | undefined;
  },
  visit: (field: OperationField) => number,
): void {
  const { schema, document } = request;
  const operation = getOperationAST(document, request.operationName);
  if (!operation) return;
  const coerced = getVariableValues(
    schema,
    operation.variableDefinitions ?? [],
    request.variableValues ?? {},
  );
  if (coerced.errors) return;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);

  const walk = (
    selectionSet: SelectionSetNode,
    type: GraphQLCompositeType,
    parents: number,
    path: string,
    ancestors: readonly EnclosingField[],
  ) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name.startsWith('__') || !(isObjectType(type) || isInterfaceType(type))) continue;
        const field = type.getFields()[name];
        if (!field) continue;
        const fieldPath = path
          ? `${path}.${selection.alias?.value ?? name}`
          : (selection.alias?.value ?? name);
        let args: Record<string, unknown>;
        try {
          args = getArgumentValues(field, selection, coerced.coerced);
        } catch {
          continue; // validation or execution reports bad arguments
        }
        const items = visit({ field, args, path: fieldPath, parents, ancestors });
        const named = getNamedType(field.type);
        if (selection.selectionSet && isCompositeType(named))
          walk(selection.selectionSet, named, parents * items, fieldPath, [
            ...ancestors,
            { coordinate: `${type.name}.${name}`, field, parents },
          ]);
      } else {
        const fragment =
          selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
        if (!fragment) continue;
        const condition = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : type;
        if (condition && isCompositeType(condition))
          walk(fragment.selectionSet, condition, parents, path, ancestors);
      }
    }
  };

  const root = schema.getRootType(operation.operation);
  if (root) walk(operation.selectionSet, root, 1, '', []);
}
