import { readFileSync } from 'node:fs';
import { Kind, parse, valueFromASTUntyped } from 'graphql';
import type { GraphiQLOptions } from 'graphql-yoga';

/**
 * GraphiQL as the gateway serves it: the page and every asset (script, styles, fonts,
 * editor workers, favicon) come from @graphql-yoga/render-graphiql, inlined into the one
 * page, so it works with no network (yoga's own page loads them from unpkg).
 */

// The example is also a codegen document, so GraphiQL opens on a query that is known to run.
const EXAMPLE_QUERY = readFileSync(
  new URL('../examples/instances-disks-snapshots.graphql', import.meta.url),
  'utf8',
);

/** The example's variables, from its defaults (`$instances: Int = 5` gives `{"instances": 5}`). */
function defaultVariables(document: string): string {
  const variables: Record<string, unknown> = {};
  for (const definition of parse(document).definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const variable of definition.variableDefinitions ?? []) {
      if (variable.defaultValue)
        variables[variable.variable.name.value] = valueFromASTUntyped(variable.defaultValue);
    }
  }
  return JSON.stringify(variables, null, 2);
}

/**
 * `query` and `variables` become GraphiQL's initialQuery and initialVariables: the page
 * opens on the example even when the browser keeps tabs of an earlier visit (GraphiQL
 * then selects, or adds, the example's tab). `defaultQuery` is read only when no tab is
 * stored (and yoga's CDN page, 4.5.x, ignored it for its welcome comment); GraphiQL 5
 * opens new tabs empty whatever it says, so it is not set.
 */
export const graphiqlOptions: GraphiQLOptions & { readonly query: string; readonly variables: string } = {
  title: 'ECS GraphQL Gateway',
  query: EXAMPLE_QUERY,
  variables: defaultVariables(EXAMPLE_QUERY),
};

let rendered: { readonly key: string; readonly page: Promise<string> } | undefined;

/**
 * Yoga's `renderGraphiQL`. The renderer is 9 MB of inlined assets: imported on the first
 * page asked for (not at start, nor at all with GraphiQL off), and a page is rendered
 * once for its options (yoga passes a copy of the same options on every request).
 */
export function renderGraphiQL(options: GraphiQLOptions): Promise<string> {
  const key = JSON.stringify(options);
  if (rendered?.key !== key) {
    const page = import('@graphql-yoga/render-graphiql').then((renderer) => renderer.renderGraphiQL(options));
    // A failed import is tried again on the next request, not remembered.
    page.catch(() => {
      if (rendered?.page === page) rendered = undefined;
    });
    rendered = { key, page };
  }
  return rendered.page;
}
