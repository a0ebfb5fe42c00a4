import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EcsClient } from '../../src/ecs/client.js';
import { staticCredentials } from '../../src/ecs/credentials.js';
import { DescribeInstances } from '../../src/spec/actions/instance-reads.js';

/**
 * `npm run simulator` as a real process: `node --import tsx src/simulator/main.ts`
 * with SIMULATOR_PORT=0, read its banner for the bound URL, make a signed call, then
 * stop it with a signal. The child sees only the variables given here (and a home
 * without an aliyun CLI profile), so the developer's own settings cannot leak in.
 */

interface Running {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function startMain(env: Record<string, string>): Running {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/simulator/main.ts'], {
    cwd: process.cwd(),
    env: { PATH: process.env.PATH ?? '', HOME: mkdtempSync(join(tmpdir(), 'sim-main-home-')), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  return { child, stdout: () => out, stderr: () => err };
}

/** Resolves with the banner's URL, or rejects with what the process wrote if it exits first. */
function listeningUrl(running: Running): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = /^ECS simulator listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(running.stdout());
      if (match?.[1]) {
        running.child.stdout?.off('data', check);
        resolve(match[1]);
      }
    };
    running.child.stdout?.on('data', check);
    running.child.once('exit', (code) =>
      reject(new Error(`the simulator exited (${code}) before listening: ${running.stderr()}`)),
    );
  });
}

describe('npm run simulator', { timeout: 30_000 }, () => {
  it('prints the bound URL, keys, regions and client commands, serves signed calls and stops on SIGTERM', async () => {
    const running = startMain({
      SIMULATOR_PORT: '0',
      SIMULATOR_TRANSITIONS: 'immediate',
      SIMULATOR_REGIONS: 'cn-shanghai,cn-beijing',
      SIMULATOR_INSTANCES_PER_REGION: '2',
      SIMULATOR_ACCESS_KEY_ID: 'standalone-id',
      SIMULATOR_ACCESS_KEY_SECRET: 'standalone-secret',
    });
    const url = await listeningUrl(running);
    const { port } = new URL(url);
    expect(Number(port)).toBeGreaterThan(0);

    const banner = running.stdout();
    expect(banner).toContain('AccessKeyId      standalone-id');
    expect(banner).toContain('AccessKeySecret  standalone-secret');
    expect(banner).toContain('Regions seeded   cn-shanghai, cn-beijing');
    expect(banner).toContain(`ECS_ENDPOINT=${url} npm start`);
    expect(banner).toContain(`aliyun ecs DescribeInstances --endpoint 127.0.0.1:${port} --insecure`);
    expect(banner).toContain(`endpoint: '${url}', apiVersion: '2014-05-26'`);
    expect(banner).toContain(`endpoint: '127.0.0.1:${port}', protocol: 'http', regionId: 'cn-shanghai'`);

    const client = new EcsClient({
      credentials: staticCredentials({ accessKeyId: 'standalone-id', accessKeySecret: 'standalone-secret' }),
      defaultRegionId: 'cn-shanghai',
      endpoint: url,
    });
    try {
      const instances = await client.call(DescribeInstances, { RegionId: 'cn-shanghai' });
      expect(instances.TotalCount).toBe(2);
      expect(instances.Instances.every((instance) => instance.InstanceId?.startsWith('i-uf6'))).toBe(true);
    } finally {
      await client.close();
    }

    const exited = once(running.child, 'exit');
    running.child.kill('SIGTERM');
    const [code, signal] = await exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(running.stdout()).toContain('ECS simulator stopped (SIGTERM).');
    expect(running.stderr()).toBe('');
  });

  it('refuses a bad setting with the variable and the rule, and exits 1', async () => {
    const running = startMain({ SIMULATOR_PORT: '0', SIMULATOR_REGIONS: 'cn-hangzhou,us-nowhere-1' });
    const [code] = await once(running.child, 'exit');
    expect(code).toBe(1);
    expect(running.stderr()).toContain('The ECS simulator did not start.');
    expect(running.stderr()).toContain('us-nowhere-1 is not simulated');
    expect(running.stdout()).toBe('');

    const invalid = startMain({ SIMULATOR_PORT: 'ninety', SIMULATOR_THROTTLE_RATE: '2' });
    const [invalidCode] = await once(invalid.child, 'exit');
    expect(invalidCode).toBe(1);
    expect(invalid.stderr()).toContain('SIMULATOR_PORT: must be an integer from 0 to 65535');
    expect(invalid.stderr()).toContain('SIMULATOR_THROTTLE_RATE: must be a number from 0 to 1');
  });
});
