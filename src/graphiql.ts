import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { Kind, parse, valueFromASTUntyped } from 'graphql';
import type { GraphiQLOptions, Plugin } from 'graphql-yoga';

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

/** The rendered page as bytes, plain and gzipped: every response sends the same buffers. */
interface PageBytes {
  readonly plain: Buffer;
  readonly gzipped: Buffer;
}

let rendered: Promise<PageBytes> | undefined;

/**
 * The page, rendered and compressed once. The renderer is 9 MB of inlined assets:
 * imported on the first page asked for (not at start, nor at all with GraphiQL off).
 * Kept as Buffers because a string body is encoded afresh for every response, a 9 MB
 * copy each that a client which never reads would hold in memory.
 */
function graphiqlPage(): Promise<PageBytes> {
  if (!rendered) {
    const page = import('@graphql-yoga/render-graphiql').then(async (renderer) => {
      const plain = Buffer.from(renderer.renderGraphiQL(graphiqlOptions), 'utf8');
      return { plain, gzipped: await promisify(gzip)(plain) };
    });
    // A failed import is tried again on the next request, not remembered.
    page.catch(() => {
      if (rendered === page) rendered = undefined;
    });
    rendered = page;
  }
  return rendered;
}

/**
 * Serves GraphiQL on GET `endpoint` for a browser (Accept: text/html), in place of
 * yoga's own page. It runs after the Host and Origin checks and before the token check
 * (the page holds nothing; every operation it sends needs the token), and answers gzip
 * to clients that accept it (9 MB become about 2).
 */
export function useGraphiQLPage(endpoint: string): Plugin {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (request.method !== 'GET' || url.pathname !== endpoint) return;
      if (!(request.headers.get('accept') ?? '').includes('text/html')) return;
      const page = await graphiqlPage();
      const gzipped = /\bgzip\b/i.test(request.headers.get('accept-encoding') ?? '');
      endResponse(
        // The server's own Response keeps a Buffer body as it is and writes it to the
        // socket uncopied (a global Response would stream a copy). A Buffer is a
        // Uint8Array; the DOM typing wants one over a plain ArrayBuffer.
        new fetchAPI.Response((gzipped ? page.gzipped : page.plain) as Uint8Array<ArrayBuffer>, {
          headers: {
            'content-type': 'text/html; charset=utf-8',
            vary: 'accept-encoding',
            ...(gzipped ? { 'content-encoding': 'gzip' } : {}),
          },
        }),
      );
    },
  };
}
