import { readFileSync } from 'node:fs';
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

export const graphiqlOptions: GraphiQLOptions = {
  title: 'ECS GraphQL Gateway',
  defaultQuery: EXAMPLE_QUERY,
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
