import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Attempt,
  attemptPost,
  describeAttempt,
  firstErrorCode,
  type GraphQLBody,
  isFailedRead,
  tally,
} from '../../bench/lib/attempt.js';

const answered = (status: number, body: GraphQLBody | undefined): Attempt => ({
  kind: 'answered',
  ms: 3,
  status,
  code: firstErrorCode(body),
  errorCount: body?.errors?.length ?? 0,
  body,
});

describe('firstErrorCode', () => {
  it('is the first error code, else its message clipped to 60 characters, else undefined', () => {
    expect(
      firstErrorCode({
        errors: [{ message: 'x', extensions: { code: 'UNAUTHENTICATED' } }, { message: 'y' }],
      }),
    ).toBe('UNAUTHENTICATED');
    expect(firstErrorCode({ errors: [{ message: 'Unexpected error.' }] })).toBe('Unexpected error.');
    expect(firstErrorCode({ errors: [{ message: 'm'.repeat(80) }] })).toBe(`${'m'.repeat(59)}…`);
    expect(firstErrorCode({ data: { a: 1 } })).toBeUndefined();
    expect(firstErrorCode(undefined)).toBeUndefined();
  });
});

describe('isFailedRead', () => {
  it('passes only a 200 with data and no error', () => {
    expect(isFailedRead(answered(200, { data: { region: {} } }))).toBe(false);
    expect(isFailedRead(answered(200, { data: { region: null }, errors: [{ message: 'x' }] }))).toBe(true);
    expect(isFailedRead(answered(200, { data: null }))).toBe(true);
    expect(isFailedRead(answered(200, undefined))).toBe(true);
    expect(isFailedRead(answered(503, { data: { region: {} } }))).toBe(true);
    expect(isFailedRead({ kind: 'timedOut', ms: 10, limitMs: 10 })).toBe(true);
    expect(isFailedRead({ kind: 'failed', ms: 1, error: 'ECONNRESET' })).toBe(true);
  });
});

describe('describeAttempt and tally', () => {
  it('says status and code, a time limit in seconds, or the transport error', () => {
    expect(describeAttempt(answered(401, { errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] }))).toBe(
      '401 UNAUTHENTICATED',
    );
    expect(describeAttempt(answered(200, { data: {} }))).toBe('200 (no error)');
    expect(describeAttempt({ kind: 'timedOut', ms: 10_004, limitMs: 10_000 })).toBe('timed out after 10 s');
    expect(describeAttempt({ kind: 'timedOut', ms: 2_504, limitMs: 2_500 })).toBe('timed out after 2.5 s');
    expect(describeAttempt({ kind: 'failed', ms: 1, error: 'UND_ERR_SOCKET' })).toBe(
      'no answer: UND_ERR_SOCKET',
    );
  });

  it('counts outcomes, most frequent first, ties by name', () => {
    expect(tally(['b', 'a', 'b', 'c', 'a', 'b'])).toBe('b × 3, a × 2, c × 1');
    expect(tally([])).toBe('');
  });
});

describe('attemptPost', () => {
  const servers: Array<ReturnType<typeof createServer>> = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
    const server = createServer(handler);
    servers.push(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  }

  it('reads the status and the first error code of an answer', async () => {
    const url = await serve((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ message: 'no', extensions: { code: 'UNAUTHENTICATED' } }] }));
      });
    });
    const client = new Client(new URL(url).origin);
    const attempt = await attemptPost(client, url, '{}', 5_000);
    await client.close();
    expect(attempt).toMatchObject({ kind: 'answered', status: 401, code: 'UNAUTHENTICATED', errorCount: 1 });
  });

  it('gives up at the time limit, and reports a connection cut without an answer', async () => {
    const silent = await serve((req) => req.resume());
    const client = new Client(new URL(silent).origin);
    const timedOut = await attemptPost(client, silent, '{}', 50);
    await client.destroy();
    expect(timedOut).toMatchObject({ kind: 'timedOut', limitMs: 50 });

    const cutting = await serve((req) => req.socket.destroy());
    const other = new Client(new URL(cutting).origin);
    const cut = await attemptPost(other, cutting, '{}', 5_000);
    await other.destroy();
    expect(cut.kind).toBe('failed');
  });
});
