import { GraphQLError, getNamedType } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { PAGE_INPUT, type PageArgument, resolvePageRequest } from '../schema/page-request.js';
import type { ApiLimits } from '../spec/limits.js';
import { type StopHook, visitOperationFields } from './operation-fields.js';

export interface PageSizeLimitOptions {
  readonly limits: ApiLimits;
  readonly allPagesCap: number;
}

/**
 * Checks every `page` argument of an operation against the API page limit before
 * execution, so a bad page anywhere fails the whole operation with no upstream call
 * (a resolver would only find out after its siblings had called ECS). Each error names
 * the argument by its path in the operation and the rule.
 */
export function usePageSizeLimit({ limits, allPagesCap }: PageSizeLimitOptions): Plugin {
  const check: StopHook = ({ args, setResultAndStopExecution }) => {
    const errors: GraphQLError[] = [];
    visitOperationFields(
      { ...args, variableValues: args.variableValues as Record<string, unknown> | undefined },
      ({ field, args: values, path }) => {
        for (const argument of field.args) {
          if (getNamedType(argument.type).name !== PAGE_INPUT) continue;
          try {
            resolvePageRequest(
              values[argument.name] as PageArgument | undefined,
              { limits, allPagesCap },
              `${path}(${argument.name})`,
            );
          } catch (error) {
            if (error instanceof GraphQLError) errors.push(error);
            else throw error;
          }
        }
        return 1;
      },
    );
    if (errors.length > 0) setResultAndStopExecution({ errors });
  };
  // A subscription's pages are those of each event: checked once, when it starts.
  return { onExecute: check, onSubscribe: check };
}
