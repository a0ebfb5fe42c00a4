import type { IncomingMessage } from 'node:http';

/** ECS calls are small; a larger body is refused before it is buffered. */
const MAX_BODY_BYTES = 1024 * 1024;

/** A body over the limit: the server answers 413 and closes the connection. */
export class BodyTooLargeError extends Error {}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES)
      throw new BodyTooLargeError(`The request body is over ${MAX_BODY_BYTES} bytes.`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
