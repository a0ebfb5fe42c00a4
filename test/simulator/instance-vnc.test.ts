import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';
import { vncPasswordIs } from '../../src/simulator/state/vnc.js';
import { find } from '../../src/simulator/store.js';
import { REGION, signedGet, startSimulator } from './integration-support.js';

/**
 * The management terminal (VNC) actions over the wire: a fresh one-time URL for each
 * call on a Running instance, the password set on a Running or Stopped one and never
 * sent back, and each documented refusal with its code and HTTP status.
 */

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator();
});
afterAll(() => simulator.close());
beforeEach(() => simulator.reset());

type Body = Record<string, unknown> & { Code?: string; Message?: string };

async function ask(action: string, params: Record<string, string>) {
  const answer = await signedGet(simulator, { Action: action, Format: 'JSON', RegionId: REGION, ...params });
  return { status: answer.status, body: JSON.parse(answer.body) as Body, text: answer.body };
}

async function ok(action: string, params: Record<string, string>): Promise<Body> {
  const { status, body } = await ask(action, params);
  expect(status, `${action}: ${JSON.stringify(body)}`).toBe(200);
  return body;
}

async function refused(action: string, params: Record<string, string>) {
  const { status, body } = await ask(action, params);
  return [body.Code, status] as const;
}

async function instanceIn(status: string): Promise<string> {
  const body = await ok('DescribeInstances', {});
  const instances = (body.Instances as { Instance: { InstanceId: string; Status: string }[] }).Instance;
  const found = instances.find((instance) => instance.Status === status);
  if (found) return found.InstanceId;
  const running = instances.find((instance) => instance.Status === 'Running')!.InstanceId;
  await ok('StopInstance', { InstanceId: running });
  simulator.advance(600_000);
  return running;
}

function record(instanceId: string) {
  return find(simulator.domain.store.account(simulator.accessKeyId), 'instances', instanceId)!.record;
}

describe('DescribeInstanceVncUrl', () => {
  it('answers a new URL-encoded websocket address for each call on a Running instance', async () => {
    const instanceId = await instanceIn('Running');
    const first = (await ok('DescribeInstanceVncUrl', { InstanceId: instanceId })).VncUrl as string;
    const second = (await ok('DescribeInstanceVncUrl', { InstanceId: instanceId })).VncUrl as string;
    expect(decodeURIComponent(first)).toMatch(
      /^ws:\/\/cn-hangzhou-vncproxy\.simulator\.invalid\/websockify\/\?s=[A-Za-z0-9_-]{32}$/,
    );
    expect(second).not.toBe(first);
  });

  it('refuses an instance that is not Running, an unknown one, a missing id and an unknown region', async () => {
    const stopped = await instanceIn('Stopped');
    expect(await refused('DescribeInstanceVncUrl', { InstanceId: stopped })).toEqual([
      'IncorrectInstanceStatus',
      403,
    ]);
    expect(await refused('DescribeInstanceVncUrl', { InstanceId: 'i-missing' })).toEqual([
      'InvalidInstanceId.NotFound',
      404,
    ]);
    expect(await refused('DescribeInstanceVncUrl', {})).toEqual(['MissingParameter', 400]);
    expect(
      await refused('DescribeInstanceVncUrl', { InstanceId: stopped, RegionId: 'xx-nowhere-1' }),
    ).toEqual(['InvalidRegionId.NotFound', 404]);
  });
});

describe('ModifyInstanceVncPasswd', () => {
  it('sets the password of a Running and of a Stopped instance, and never sends it back', async () => {
    const running = await instanceIn('Running');
    const { text } = await ask('ModifyInstanceVncPasswd', { InstanceId: running, VncPassword: 'Ab12cd' });
    expect(JSON.parse(text)).toEqual({ RequestId: expect.any(String) });
    expect(vncPasswordIs(record(running), 'Ab12cd')).toBe(true);
    expect(vncPasswordIs(record(running), 'Ab12ce')).toBe(false);

    const stopped = await instanceIn('Stopped');
    await ok('ModifyInstanceVncPasswd', { InstanceId: stopped, VncPassword: 'ZZ9yy8' });
    expect(vncPasswordIs(record(stopped), 'ZZ9yy8')).toBe(true);
    // No read shows it: the instance as described carries neither the password nor its digest.
    const described = JSON.stringify(await ok('DescribeInstanceAttribute', { InstanceId: stopped }));
    expect(described).not.toContain('ZZ9yy8');
    expect(JSON.stringify(record(stopped))).not.toContain('ZZ9yy8');
  });

  it('refuses a password that is not 6 letters and digits, without echoing it', async () => {
    const running = await instanceIn('Running');
    for (const bad of ['Ab12c', 'Ab12cd7', 'Ab12c!']) {
      const { status, body, text } = await ask('ModifyInstanceVncPasswd', {
        InstanceId: running,
        VncPassword: bad,
      });
      expect([body.Code, status]).toEqual(['IncorrectVncPassword.Malformed', 400]);
      expect(body.Message).toContain('VncPassword');
      expect(text).not.toContain(bad);
    }
    expect(vncPasswordIs(record(running), 'Ab12c!')).toBe(false);
  });

  it('refuses an instance in transition, an unknown one, a missing id and an unknown region', async () => {
    const running = await instanceIn('Running');
    await ok('StopInstance', { InstanceId: running });
    expect(await refused('ModifyInstanceVncPasswd', { InstanceId: running, VncPassword: 'Ab12cd' })).toEqual([
      'IncorrectInstanceState',
      403,
    ]);
    expect(vncPasswordIs(record(running), 'Ab12cd')).toBe(false);
    expect(
      await refused('ModifyInstanceVncPasswd', { InstanceId: 'i-missing', VncPassword: 'Ab12cd' }),
    ).toEqual(['InvalidInstanceId.NotFound', 404]);
    expect(await refused('ModifyInstanceVncPasswd', { VncPassword: 'Ab12cd' })).toEqual([
      'MissingParameter',
      400,
    ]);
    expect(
      await refused('ModifyInstanceVncPasswd', {
        InstanceId: running,
        VncPassword: 'Ab12cd',
        RegionId: 'xx-nowhere-1',
      }),
    ).toEqual(['InvalidRegionId.NotFound', 404]);
  });
});
