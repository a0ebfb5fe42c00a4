import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { type RunningGateway, type StartOptions, startGateway } from '../../src/start.js';
import { loadStartConfig } from '../../src/start-config.js';

const running: RunningGateway[] = [];
afterEach(async () => {
  for (const gateway of running.splice(0)) await gateway.close();
});

/** The fixed time every captured line carries. */
export const LOG_TIME = Date.UTC(2026, 10, 30, 12, 0, 0);

export interface LoggedGateway {
  readonly gateway: RunningGateway;
  readonly url: string;
  /** What was written, as text. */
  readonly text: () => string;
  /** What was written, one parsed JSON object a line. */
  readonly lines: () => Record<string, unknown>[];
}

/** A gateway as `npm start` builds it, on port 0, its log lines captured. */
export async function loggedGateway(
  env: Record<string, string>,
  options: StartOptions = {},
): Promise<LoggedGateway> {
  const config = loadStartConfig(
    { PORT: '0', SIMULATOR_TRANSITIONS: 'immediate', LOG_FORMAT: 'json', ...env },
    { homeDir: mkdtempSync(join(tmpdir(), 'logs-home-')) },
  );
  let written = '';
  const gateway = await startGateway(config, {
    logSink: { write: (text: string) => (written += text) },
    now: () => LOG_TIME,
    ...options,
  });
  running.push(gateway);
  return {
    gateway,
    url: gateway.graphqlUrl.replace(/\/graphql$/, ''),
    text: () => written,
    lines: () =>
      written
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

export async function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    headers: response.headers,
    json: (await response.json()) as Record<string, unknown>,
  };
}

/** Lets the access line, written when the response closes, arrive. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 20));
}
