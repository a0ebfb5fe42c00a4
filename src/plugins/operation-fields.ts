import {
  type DocumentNode,
  type ExecutionResult,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  GraphQLIncludeDirective,
  type GraphQLSchema,
  GraphQLSkipDirective,
  getArgumentValues,
  getDirectiveValues,
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
  /** Its place in the walk: an enclosing field's `index` is smaller. */
  readonly index: number;
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
  readonly index: number;
  readonly coordinate: string;
  readonly field: GraphQLField<unknown, unknown>;
  readonly parents: number;
}

/** A selected field as the walk finds it; `parent` is the index of its enclosing field, -1 at the root. */
interface CollectedField {
  readonly field: GraphQLField<unknown, unknown>;
  readonly args: Readonly<Record<string, unknown>>;
  readonly path: string;
  readonly coordinate: string;
  readonly parent: number;
}

/**
 * A hook that may refuse an operation before it runs, for onExecute and onSubscribe
 * alike: a subscription is checked once, when it starts.
 */
export type StopHook = (payload: {
  readonly args: {
    readonly schema: GraphQLSchema;
    readonly document: DocumentNode;
    readonly operationName?: string | null | undefined;
    readonly variableValues?: unknown;
  };
  readonly setResultAndStopExecution: (result: ExecutionResult) => void;
}) => void;

interface OperationRequest {
  readonly schema: GraphQLSchema;
  readonly document: DocumentNode;
  readonly operationName?: string | null | undefined;
  readonly variableValues?: Readonly<Record<string, unknown>> | null | undefined;
}

/**
 * The fields of an operation depend only on the schema, the document (yoga's parse cache
 * hands back the same object for the same text), the operation name and the variables,
 * so three checks per request, and repeated requests, share one walk.
 */
const collected = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, readonly CollectedField[]>>>();
/** Distinct operation names and variables kept per document; past it the document's entries start over. */
const ENTRIES_PER_DOCUMENT = 64;

/** The cache key of an operation name and variables; undefined (no caching) for values JSON cannot tell apart. */
function variablesKey(request: OperationRequest): string | undefined {
  let plain = true;
  try {
    const text = JSON.stringify(
      [request.operationName ?? null, request.variableValues ?? null],
      (_, value) => {
        // undefined, functions, symbols and bigints have no faithful JSON; such requests are walked afresh.
        const kind = typeof value;
        if (kind === 'undefined' || kind === 'function' || kind === 'symbol' || kind === 'bigint')
          plain = false;
        else if (kind === 'object' && value !== null && !Array.isArray(value)) {
          const proto = Object.getPrototypeOf(value);
          if (proto !== Object.prototype && proto !== null) plain = false;
        }
        return value;
      },
    );
    return plain ? text : undefined;
  } catch {
    return undefined;
  }
}

function collectOperationFields(request: OperationRequest): readonly CollectedField[] {
  const key = variablesKey(request);
  if (key === undefined) return walkOperation(request);
  let documents = collected.get(request.schema);
  if (!documents) {
    documents = new WeakMap();
    collected.set(request.schema, documents);
  }
  let entries = documents.get(request.document);
  if (!entries) {
    entries = new Map();
    documents.set(request.document, entries);
  }
  let fields = entries.get(key);
  if (!fields) {
    if (entries.size >= ENTRIES_PER_DOCUMENT) entries.clear();
    fields = walkOperation(request);
    entries.set(key, fields);
  }
  return fields;
}

/** Every field the operation selects, fragments expanded, in document order, each before the fields below it. */
function walkOperation(request: OperationRequest): readonly CollectedField[] {
  const { schema, document } = request;
  const fields: CollectedField[] = [];
  const operation = getOperationAST(document, request.operationName);
  if (!operation) return fields;
  const coerced = getVariableValues(
    schema,
    operation.variableDefinitions ?? [],
    request.variableValues ?? {},
  );
  if (coerced.errors) return fields;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);

  const variables = coerced.coerced;
  // `@skip(if: true)` and `@include(if: false)`, with a literal or a variable, leave a selection out.
  const excluded = (node: Parameters<typeof getDirectiveValues>[1]) =>
    getDirectiveValues(GraphQLSkipDirective, node, variables)?.if === true ||
    getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if === false;

  const walk = (selectionSet: SelectionSetNode, type: GraphQLCompositeType, path: string, parent: number) => {
    for (const selection of selectionSet.selections) {
      try {
        if (excluded(selection)) continue;
      } catch {
        continue; // a malformed directive: validation reports it
      }
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
        const index =
          fields.push({ field, args, path: fieldPath, coordinate: `${type.name}.${name}`, parent }) - 1;
        const named = getNamedType(field.type);
        if (selection.selectionSet && isCompositeType(named))
          walk(selection.selectionSet, named, fieldPath, index);
      } else {
        const fragment =
          selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
        if (!fragment) continue;
        const condition = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : type;
        if (condition && isCompositeType(condition)) walk(fragment.selectionSet, condition, path, parent);
      }
    }
  };

  const root = schema.getRootType(operation.operation);
  if (root) walk(operation.selectionSet, root, '', -1);
  return fields;
}

/**
 * Visits every field an operation selects, fragments expanded, before execution;
 * selections `@skip` or `@include` leave out (literal or variable `if`) are not visited.
 * `visit` returns how many objects one evaluation yields, which multiplies `parents`
 * for the selections below. Operations whose variables do not coerce are not visited
 * (execution reports them); introspection fields are skipped.
 */
export function visitOperationFields(
  request: OperationRequest,
  visit: (field: OperationField) => number,
): void {
  const fields = collectOperationFields(request);
  const parentsOf: number[] = [];
  const itemsOf: number[] = [];
  const ancestorsOf: (readonly EnclosingField[])[] = [];
  fields.forEach(({ field, args, path, parent }, index) => {
    const parents = parent < 0 ? 1 : parentsOf[parent]! * itemsOf[parent]!;
    const enclosing = fields[parent];
    const ancestors =
      parent < 0 || !enclosing
        ? []
        : [
            ...ancestorsOf[parent]!,
            {
              index: parent,
              coordinate: enclosing.coordinate,
              field: enclosing.field,
              parents: parentsOf[parent]!,
            },
          ];
    parentsOf[index] = parents;
    ancestorsOf[index] = ancestors;
    // A copy per visit: a check may not change what the next request's checks see.
    itemsOf[index] = visit({ index, field, args: { ...args }, path, parents, ancestors });
  });
}
