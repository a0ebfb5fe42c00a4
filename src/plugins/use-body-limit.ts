import type { Plugin } from 'graphql-yoga';

/** The code of a body over GATEWAY_MAX_BODY_BYTES: yoga's own, so both paths below agree. */
export const BODY_TOO_LARGE = 'REQUEST_ENTITY_TOO_LARGE';

/** Whether a declared Content-Length is over the limit (a malformed one is left to the HTTP parser). */
export function declaredTooLarge(contentLength: string | null | undefined, maxBytes: number): boolean {
  return contentLength != null && /^\d+$/.test(contentLength) && Number(contentLength) > maxBytes;
}

/**
 * The body-size limit, first of every check. Two halves:
 * - a Content-Length over the limit is answered 413 here, in onRequest, before the
 *   token or anything else looks at the request and before a byte of the body is read;
 * - a body without one (chunked) is counted as it streams by yoga's own
 *   `maxRequestBodySize` (set to the same limit in yoga.ts), which errors with the same
 *   code as soon as the count passes the limit.
 * Every 413 carries `Connection: close`: Node then closes the socket once the answer is
 * sent, so the rest of a refused body is neither read into memory nor waited for.
 */
export function useBodyLimit({ maxBytes }: { readonly maxBytes: number }): Plugin {
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      if (!declaredTooLarge(request.headers.get('content-length'), maxBytes)) return;
      endResponse(
        new fetchAPI.Response(
          JSON.stringify({
            errors: [
              {
                message: `Request body too large: the limit is ${maxBytes} bytes (GATEWAY_MAX_BODY_BYTES).`,
                extensions: { code: BODY_TOO_LARGE },
              },
            ],
          }),
          {
            status: 413,
            headers: { 'content-type': 'application/json; charset=utf-8', connection: 'close' },
          },
        ),
      );
    },
    onResponse({ response }) {
      if (response.status === 413) response.headers.set('connection', 'close');
    },
  };
}
