import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { ResponseFormat } from '../../src/ecs/decode.js';
import type { ApiLimitsName } from '../../src/spec/limits.js';

export interface TargetUrls {
  readonly simulatorUrl: string;
  readonly gatewayUrl?: string;
}

export interface ChildTarget {
  readonly urls: TargetUrls;
  close(): Promise<void>;
}

const SERVE = new URL('../targets/serve.ts', import.meta.url);

export interface ChildTargetOptions {
  /** The simulator the gateway asks, instead of one of its own in its process. */
  readonly upstream?: string;
  /** Each result reports its upstream calls. */
  readonly debug?: boolean;
  /** The API profile of the child's simulator and gateway; 2014 when absent. */
  readonly limits?: ApiLimitsName;
  /** Added to the child's environment (NODE_ENV, for one). */
  readonly env?: Readonly<Record<string, string>>;
}

/** Starts bench/targets/serve.ts (a gateway asking ECS for `format`) in a child Node process and waits for its URLs. */
export async function startChildTarget(
  kind: 'simulator' | 'gateway',
  format: ResponseFormat = 'XML',
  options: ChildTargetOptions = {},
): Promise<ChildTarget> {
  const flags = [
    ...(options.upstream === undefined ? [] : ['--upstream', options.upstream]),
    ...(options.debug ? ['--debug'] : []),
    ...(options.limits === undefined ? [] : ['--limits', options.limits]),
  ];
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', SERVE.pathname, kind, format, ...flags],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { ...process.env, ...options.env },
    },
  );
  const lines = createInterface({ input: child.stdout! });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`the ${kind} target exited (${code}) before it served`);
  });
  const firstLine = once(lines, 'line').then(([line]) => JSON.parse(line as string) as TargetUrls);
  const urls = await Promise.race([firstLine, exited]);
  exited.catch(() => {}); // once serving, its exit is awaited by close()
  return {
    urls,
    async close() {
      if (child.exitCode !== null) return;
      const done = once(child, 'exit');
      child.stdin!.end(); // the target closes its servers and exits when its stdin ends
      await done;
    },
  };
}

/** Changes a running simulator's fault settings over its control endpoint (`PUT /__simulator/faults`). */
export async function configureFaults(
  simulatorUrl: string,
  patch: Readonly<Record<string, unknown>>,
): Promise<void> {
  const response = await fetch(`${simulatorUrl}/__simulator/faults`, {
    method: 'PUT',
    body: JSON.stringify(patch),
  });
  if (!response.ok)
    throw new Error(`the simulator refused the faults ${JSON.stringify(patch)}: ${await response.text()}`);
}

/** A simulator with the bench estate in a child process, so its work does not share the measured process. */
export async function startChildSimulator(
  latencyMs = 0,
  limits: ApiLimitsName = '2014',
): Promise<ChildTarget & { readonly url: string }> {
  const target = await startChildTarget('simulator', 'XML', { limits });
  try {
    if (latencyMs > 0) await configureFaults(target.urls.simulatorUrl, { latencyMs });
  } catch (error) {
    await target.close();
    throw error;
  }
  return { ...target, url: target.urls.simulatorUrl };
}
