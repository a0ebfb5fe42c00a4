import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect, createServer } from 'node:net';

/**
 * A real Redis for tests: Debian's `redis-server` on a free loopback port, in memory
 * only (no RDB, no AOF), its own process that the test stops. `.ci/run` installs the
 * package where it is missing.
 */
export interface TestRedis {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Stops the server (SIGTERM, then waits for the exit). Its data is gone. */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty, after `stop`. */
  restart(): Promise<void>;
  /** Its exit, for tests that kill it some other way. */
  readonly running: boolean;
}

const READY_TIMEOUT_MS = 10_000;

/** A port nothing listens on now (the kernel's choice), for a server started next. */
export async function freeLoopbackPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

export interface StartRedisOptions {
  /** Default a free one. */
  readonly port?: number;
  /** `requirepass`: clients must AUTH with it. Default none. */
  readonly password?: string;
}

export async function startRedis(options: StartRedisOptions = {}): Promise<TestRedis> {
  const port = options.port ?? (await freeLoopbackPort());
  const extra = options.password === undefined ? [] : ['--requirepass', options.password];
  let child: ChildProcess | undefined = await spawnRedis(port, extra);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    get running() {
      return child !== undefined && child.exitCode === null && child.signalCode === null;
    },
    async stop() {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      const exited = once(running, 'exit');
      running.kill('SIGTERM');
      await exited;
    },
    async restart() {
      if (child) throw new Error('Redis is running: stop it before restarting it.');
      child = await spawnRedis(port, extra);
    },
  };
}

async function spawnRedis(port: number, extra: readonly string[]): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--loglevel',
      'warning',
      ...extra,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  try {
    await waitForPort(port, child, () => output);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  child.stdout?.off('data', collect);
  child.stderr?.off('data', collect);
  child.stdout?.resume();
  child.stderr?.resume();
  return child;
}

/** Resolves once the server answers PING on `port`; rejects if it exits or takes too long. */
async function waitForPort(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const started = Date.now();
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });
  for (;;) {
    if (spawnError)
      throw new Error(`redis-server could not start (${spawnError.message}); install Debian's redis-server.`);
    if (child.exitCode !== null)
      throw new Error(`redis-server exited with ${child.exitCode} before answering: ${output()}`);
    if (await answersPing(port)) return;
    if (Date.now() - started > READY_TIMEOUT_MS)
      throw new Error(`redis-server did not answer on 127.0.0.1:${port} within ${READY_TIMEOUT_MS} ms.`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.setTimeout(500, () => socket.destroy());
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      answer += chunk.toString('utf8');
      if (answer.includes('\r\n')) {
        socket.end();
        // A server with requirepass answers NOAUTH: it is up all the same.
        resolve(answer.startsWith('+PONG') || answer.startsWith('-NOAUTH'));
      }
    });
    socket.on('error', () => resolve(false));
    socket.on('close', () => resolve(answer.startsWith('+PONG') || answer.startsWith('-NOAUTH')));
  });
}
