import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { CONFIG_VARIABLES } from '../../src/config/variables.js';
import { SIMULATOR_VARIABLES } from '../../src/simulator/settings.js';

/**
 * The gateway as `npm start` runs it, in a child process (bench/targets/from-env.ts),
 * configured only through its environment, so the hostile scenario measures whatever
 * this build does with its defaults, and outlives it when an attack kills or stalls it.
 */

const MAIN = new URL('../targets/from-env.ts', import.meta.url);
/** How much of the child's stderr is kept: the end holds a fatal error's reason. */
const STDERR_TAIL_BYTES = 8192;
/** Linux's USER_HZ: the unit of utime and stime in /proc/<pid>/stat. */
const CLOCK_TICKS_PER_SECOND = 100;

export interface ExitInfo {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** What the benchmark sets for every gateway it starts; a scenario's settings add to these. */
export const GATEWAY_PROCESS_DEFAULTS: Readonly<Record<string, string>> = {
  NODE_ENV: 'production',
  HOST: '127.0.0.1',
  PORT: '0',
  LOG_LEVEL: 'silent',
  SIMULATOR_TRANSITIONS: 'immediate',
  // The profile the recorded tables were measured under; a scenario may set another.
  ECS_API_LIMITS: '2014',
  // Every call is a real call: the benchmarks count and time upstream calls, and the
  // shared cache, where a build has one, is measured by a scenario of its own.
  GATEWAY_CACHE_TTL_MS: '0',
};

/**
 * The child's environment: the parent's without any variable the gateway or its
 * simulator reads (a shell's credentials or endpoint must not point a benchmark at
 * real ECS), then the defaults above, then `settings`.
 */
export function gatewayEnvironment(
  parent: Readonly<Record<string, string | undefined>>,
  settings: Readonly<Record<string, string>>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(parent))
    if (value !== undefined && !CONFIG_VARIABLES.includes(name) && !SIMULATOR_VARIABLES.includes(name))
      env[name] = value;
  return { ...env, ...GATEWAY_PROCESS_DEFAULTS, ...settings };
}

/** The reason a child ended, as a figure prints it: `gateway died (SIGABRT: FATAL ERROR: … heap out of memory)`. */
export function describeExit(exit: ExitInfo, stderrTail: string, kind = 'gateway'): string {
  const how = exit.signal ?? `exit code ${exit.code}`;
  const lines = stderrTail
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const reason =
    lines.find((line) => line.includes('FATAL ERROR')) ??
    lines.find((line) => /^(\w*Error|Uncaught)\b/.test(line)) ??
    undefined;
  return `${kind} died (${how}${reason ? `: ${reason.slice(0, 120)}` : ''})`;
}

/** VmRSS and VmHWM (peak RSS) from the text of /proc/<pid>/status, bytes. */
export function parseProcStatus(text: string): { readonly rssBytes: number; readonly peakRssBytes: number } {
  const kib = (field: string) => {
    const match = new RegExp(`^${field}:\\s*(\\d+)\\s*kB$`, 'm').exec(text);
    if (!match) throw new Error(`/proc status has no ${field}`);
    return Number(match[1]) * 1024;
  };
  return { rssBytes: kib('VmRSS'), peakRssBytes: kib('VmHWM') };
}

/** User plus system CPU time, ms, from the text of /proc/<pid>/stat (10 ms resolution). */
export function parseProcStatCpuMs(text: string): number {
  // The command name (field 2) may hold spaces and parentheses: count from its closing one.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // After the name, state is field 3; utime and stime are fields 14 and 15.
  const utime = Number(fields[14 - 3]);
  const stime = Number(fields[15 - 3]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime))
    throw new Error('/proc stat has no utime and stime');
  return ((utime + stime) * 1000) / CLOCK_TICKS_PER_SECOND;
}

export interface GatewayProcess {
  readonly pid: number;
  /** http://127.0.0.1:<port>/graphql */
  readonly gatewayUrl: string;
  /** The embedded simulator, for its control endpoints (`/__simulator/faults`, `/__simulator/stats`). */
  readonly simulatorUrl: string;
  /** Undefined while it runs; then how it ended, as a figure prints it. */
  death(): string | undefined;
  /** Its resident memory, from /proc; undefined once it has exited. */
  memory(): Promise<{ readonly rssBytes: number; readonly peakRssBytes: number } | undefined>;
  /** Its CPU time so far, ms; undefined once it has exited. */
  cpuMs(): Promise<number | undefined>;
  /** Whether it exits within `ms` (after a connection was cut, to tell a death from a refusal). */
  exitsWithin(ms: number): Promise<boolean>;
  /** SIGKILL: for a gateway an attack has stalled, whose event loop would not see a polite request. */
  kill(): Promise<void>;
  /** Asks it to close (its stdin ends), and kills it if it has not exited after `graceMs`. */
  close(graceMs?: number): Promise<void>;
}

/** The simulator alone (`npm run simulator`), so its work does not share the gateway's process. */
export type SimulatorProcess = Omit<GatewayProcess, 'gatewayUrl'>;

/** Starts a gateway with `settings` added to its environment and waits for its URLs (or its death). */
export async function startGatewayProcess(
  settings: Readonly<Record<string, string>>,
  startTimeoutMs = 60_000,
): Promise<GatewayProcess> {
  const target = await startTarget('gateway', settings, startTimeoutMs);
  if (target.gatewayUrl === undefined) {
    await target.kill();
    throw new Error('the gateway printed no URL');
  }
  return { ...target, gatewayUrl: target.gatewayUrl };
}

/** Starts the simulator alone with `settings` (SIMULATOR_PORT=0: a free port) and waits for its URL. */
export function startSimulatorProcess(
  settings: Readonly<Record<string, string>>,
  startTimeoutMs = 60_000,
): Promise<SimulatorProcess> {
  return startTarget('simulator', { SIMULATOR_PORT: '0', ...settings }, startTimeoutMs);
}

async function startTarget(
  kind: 'gateway' | 'simulator',
  settings: Readonly<Record<string, string>>,
  startTimeoutMs: number,
): Promise<SimulatorProcess & { readonly gatewayUrl: string | undefined }> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', MAIN.pathname, kind], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: gatewayEnvironment(process.env, settings),
  });
  let stderrTail = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-STDERR_TAIL_BYTES);
  });
  child.stdin!.on('error', () => {}); // a dead child's closed pipe is reported by death()
  let exit: ExitInfo | undefined;
  const exited = once(child, 'exit').then(([code, signal]) => {
    exit = { code: code as number | null, signal: signal as NodeJS.Signals | null };
    return exit;
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('the gateway process did not start');

  const lines = createInterface({ input: child.stdout! });
  const firstLine = once(lines, 'line').then(
    ([line]) => JSON.parse(line as string) as { gatewayUrl?: string; simulatorUrl?: string },
  );
  let timer: NodeJS.Timeout | undefined;
  const started = await Promise.race([
    firstLine,
    exited.then((info) => {
      throw new Error(`the ${kind} exited before it served: ${describeExit(info, stderrTail, kind)}`);
    }),
    new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the ${kind} did not serve within ${startTimeoutMs} ms`)),
        startTimeoutMs,
      );
    }),
  ]).catch(async (error: unknown) => {
    if (exit === undefined) child.kill('SIGKILL');
    await exited;
    throw error;
  });
  clearTimeout(timer);
  child.stdout!.resume(); // later output is not read; keep the pipe from filling
  if (started.simulatorUrl === undefined) {
    child.kill('SIGKILL');
    await exited;
    throw new Error(`the ${kind} printed no simulator URL`);
  }

  const proc = (file: string) => readFile(`/proc/${pid}/${file}`, 'utf8').catch(() => undefined);
  const kill = async () => {
    if (exit !== undefined) return;
    child.kill('SIGKILL');
    await exited;
  };
  return {
    pid,
    gatewayUrl: started.gatewayUrl,
    simulatorUrl: started.simulatorUrl,
    death: () => (exit === undefined ? undefined : describeExit(exit, stderrTail, kind)),
    async memory() {
      const text = exit === undefined ? await proc('status') : undefined;
      return text === undefined ? undefined : parseProcStatus(text);
    },
    async cpuMs() {
      const text = exit === undefined ? await proc('stat') : undefined;
      return text === undefined ? undefined : parseProcStatCpuMs(text);
    },
    async exitsWithin(ms) {
      if (exit !== undefined) return true;
      let timer: NodeJS.Timeout | undefined;
      const waited = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), ms);
      });
      const outcome = await Promise.race([exited.then(() => true), waited]);
      clearTimeout(timer);
      return outcome;
    },
    kill,
    async close(graceMs = 3_000) {
      if (exit !== undefined) return;
      child.stdin!.end();
      const timeout = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timeout);
    },
  };
}
