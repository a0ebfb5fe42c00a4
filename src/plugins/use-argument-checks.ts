import type { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { readArgumentCheck } from '../schema/argument-checks.js';
import { overlongIds } from '../schema/id-arguments.js';
import type { ApiLimits } from '../spec/limits.js';
import { type StopHook, visitOperationFields } from './operation-fields.js';

export interface ArgumentChecksOptions {
  readonly limits: ApiLimits;
}

/**
 * Runs every selected field's declared argument check (filters against the API's id
 * and tag limits), and the length rule of every ID, before execution; any broken rule fails the whole operation with no
 * upstream call, every problem reported at once.
 */
export function useArgumentChecks({ limits }: ArgumentChecksOptions): Plugin {
  const check: StopHook = ({ args, setResultAndStopExecution }) => {
    const errors: GraphQLError[] = [];
    visitOperationFields(
      { ...args, variableValues: args.variableValues as Record<string, unknown> | undefined },
      ({ field, args: values, path }) => {
        for (const arg of field.args)
          errors.push(...overlongIds(arg.type, values[arg.name], `${path}(${arg.name})`));
        const check = readArgumentCheck(field.extensions);
        if (check) errors.push(...check(values, { limits }, path));
        return 1;
      },
    );
    if (errors.length > 0) setResultAndStopExecution({ errors });
  };
  // A subscription is checked once, when it starts, before it polls anything.
  return { onExecute: check, onSubscribe: check };
}
