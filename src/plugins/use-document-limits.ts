import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { MaxTokensParserWLexer } from '@escape.tech/graphql-armor-max-tokens';
import type { GraphQLArmorRejectCallback } from '@escape.tech/graphql-armor-types';
import {
  type ASTVisitor,
  BREAK,
  type DocumentNode,
  GraphQLError,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type Source,
  TypeInfo,
  ValidationContext,
  visit,
  visitInParallel,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { mostRepeatedField, SelectionCounter } from './selection-count.js';

export interface DocumentLimitsOptions {
  /** The schema served; armor's rules read fragments through a ValidationContext over it. */
  readonly schema: GraphQLSchema;
  /** Most tokens (names, punctuators, values) a document may have. Default 1000. */
  readonly maxTokens?: number;
  /** Most aliases an operation may use (`__typename` aliases are free). Default 100. */
  readonly maxAliases?: number;
  /** Most directives an operation may use, in its fragments too. Default 50. */
  readonly maxDirectives?: number;
  /** Deepest field nesting; `regions { zones { id } }` is 3. Fragments add no level. Default 10. */
  readonly maxDepth?: number;
  /** Most fields an operation may select once its fragments are expanded. Default 1000. */
  readonly maxSelections?: number;
  /** Most fields of one response name in one selection set (inline fragments included). Default 50. */
  readonly maxFieldRepeats?: number;
}

/** A refusal of these limits: 400, with the limit in `extensions`. */
export class DocumentLimitError extends GraphQLError {
  constructor(
    message: string,
    code: string,
    details: Record<string, number>,
    operation?: OperationDefinitionNode,
  ) {
    // No `spec` flag: yoga answers spec-flagged errors 200 to application/json clients.
    super(message, {
      ...(operation ? { nodes: [operation] } : {}),
      extensions: { code, ...details, http: { status: 400 } },
    });
  }
}

/** What armor's message says it found (`... exceeded, found 12.`); armor passes no number. */
function found(error: GraphQLError): number | undefined {
  const match = /found (\d+)\.?$/.exec(error.message);
  return match ? Number(match[1]) : undefined;
}

function nameOf(operation: OperationDefinitionNode | undefined): string {
  return operation?.name ? `Operation ${operation.name.value}` : 'The operation';
}

/**
 * The limits on a document that no validation or execution should pay for, checked
 * right after parsing, before validation and before the parse cache keeps anything:
 * - tokens (graphql-armor's max-tokens parser): parsing stops at the first token past
 *   the limit, so 100,000 nested braces never reach the parser's recursion
 *   (QUERY_TOO_MANY_TOKENS);
 * - aliases, directives and depth (graphql-armor's max-aliases, max-directives and
 *   max-depth rules, each linear: they count every fragment once) (QUERY_TOO_MANY_ALIASES,
 *   QUERY_TOO_MANY_DIRECTIVES, QUERY_TOO_DEEP); introspection under `__schema` has no depth;
 * - selections, fragments expanded (SelectionCounter, linear) (QUERY_TOO_LARGE): a
 *   fragment bomb is refused here, before validation walks it;
 * - copies of one field in one selection set (QUERY_FIELD_REPEATED), which validation
 *   compares pairwise.
 * Every operation of the document is checked, whichever one is run, so a document is
 * accepted or refused once for all its requests. A refused document throws from the
 * parse step itself: yoga's parse cache never stores it, and yoga marks nothing on
 * the error (its parse-error handling would turn the status into 200 for JSON clients).
 */
export function useDocumentLimits({
  schema,
  maxTokens = 1000,
  maxAliases = 100,
  maxDirectives = 50,
  maxDepth = 10,
  maxSelections = 1000,
  maxFieldRepeats = 50,
}: DocumentLimitsOptions): Plugin {
  const tooManyTokens = () =>
    new DocumentLimitError(
      `The document has more than ${maxTokens} tokens (names, punctuators and values); the most allowed is ${maxTokens}.`,
      'QUERY_TOO_MANY_TOKENS',
      { maxTokens },
    );
  const parseWithTokenLimit = (source: string | Source) =>
    new MaxTokensParserWLexer(source, {
      n: maxTokens,
      onReject: [
        () => {
          throw tooManyTokens();
        },
      ],
    }).parseDocument();

  /** Documents that passed; a cached document comes back and need not be walked again. */
  const accepted = new WeakSet<DocumentNode>();

  const check = (document: DocumentNode): DocumentLimitError[] => {
    const errors: DocumentLimitError[] = [];
    let operation: OperationDefinitionNode | undefined;
    const counter = new SelectionCounter(document);
    const reject =
      (build: (count: number | undefined, name: string) => DocumentLimitError): GraphQLArmorRejectCallback =>
      (_context, error) => {
        errors.push(build(found(error), nameOf(operation)));
      };
    const armor = { propagateOnRejection: false, exposeLimits: true };
    const context = new ValidationContext(schema, document, new TypeInfo(schema), () => {});
    const rules = [
      maxAliasesRule({
        ...armor,
        n: maxAliases,
        onReject: [
          reject(
            (aliases = maxAliases + 1, name) =>
              new DocumentLimitError(
                `${name} uses ${aliases} aliases; the most allowed is ${maxAliases}.`,
                'QUERY_TOO_MANY_ALIASES',
                { aliases, maxAliases },
                operation,
              ),
          ),
        ],
      }),
      maxDirectivesRule({
        ...armor,
        n: maxDirectives,
        onReject: [
          reject(
            (directives = maxDirectives + 1, name) =>
              new DocumentLimitError(
                `${name} uses ${directives} directives; the most allowed is ${maxDirectives}.`,
                'QUERY_TOO_MANY_DIRECTIVES',
                { directives, maxDirectives },
                operation,
              ),
          ),
        ],
      }),
      maxDepthRule({
        ...armor,
        n: maxDepth,
        flattenFragments: true,
        ignoreIntrospection: true,
        onReject: [
          reject(
            (depth = maxDepth + 1, name) =>
              new DocumentLimitError(
                `${name} is ${depth} fields deep; the most allowed is ${maxDepth}.`,
                'QUERY_TOO_DEEP',
                { depth, maxDepth },
                operation,
              ),
          ),
        ],
      }),
    ].map((rule) => rule(context) as unknown as ASTVisitor);
    const selections: ASTVisitor = {
      OperationDefinition(node) {
        const count = counter.count(node);
        if (count <= maxSelections) return;
        const shown = Math.min(count, Number.MAX_SAFE_INTEGER);
        errors.push(
          new DocumentLimitError(
            `${nameOf(node)} selects ${count > shown ? 'more than ' : ''}${shown} fields once its fragments are expanded; the most allowed is ${maxSelections}.`,
            'QUERY_TOO_LARGE',
            { selections: shown, maxSelections },
            node,
          ),
        );
      },
    };
    // One error is enough: every further copy would repeat it.
    const repeats: ASTVisitor = {
      SelectionSet(node) {
        const { name, count } = mostRepeatedField(node);
        if (count <= maxFieldRepeats) return;
        errors.push(
          new DocumentLimitError(
            `"${name}" is selected ${count} times in one selection set; the most allowed is ${maxFieldRepeats}.`,
            'QUERY_FIELD_REPEATED',
            { repeats: count, maxFieldRepeats },
          ),
        );
        return BREAK;
      },
    };
    // The first visitor names the operation the armor rules' callbacks are about.
    const current: ASTVisitor = {
      OperationDefinition(node) {
        operation = node;
      },
    };
    visit(document, visitInParallel([current, ...rules, selections, repeats]));
    return errors;
  };

  return {
    onParse({ setParseFn }) {
      setParseFn(parseWithTokenLimit);
      // Runs before the cache plugin's own hook (user plugins come first): throwing here
      // skips its store, so a refused document, or its error, is never kept.
      return ({ result }) => {
        if (result instanceof DocumentLimitError) throw result;
        if (result === null || result instanceof Error || accepted.has(result)) return;
        const errors = check(result);
        if (errors.length === 1) throw errors[0];
        if (errors.length > 1) throw new AggregateError(errors, 'The document breaks several limits.');
        accepted.add(result);
      };
    },
  };
}
