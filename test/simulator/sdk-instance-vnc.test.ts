import * as $Ecs from '@alicloud/ecs20140526';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';
import { vncPasswordIs } from '../../src/simulator/state/vnc.js';
import { find } from '../../src/simulator/store.js';
import { REGION, startSimulator } from './integration-support.js';
import { ecsClient as ecsClientFor, popClient as popClientFor } from './sdk-support.js';

/**
 * The management terminal (VNC) actions through both official SDKs against the whole
 * simulator: @alicloud/pop-core signs with signature v1, @alicloud/ecs20140526 with
 * ACS3-HMAC-SHA256. Each reads a URL, sets a password, and reads a documented refusal.
 */

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator();
});
afterAll(() => simulator.close());

const ecsClient = (regionId = REGION) => ecsClientFor(simulator, regionId);
const popClient = () => popClientFor(simulator);

async function runningInstance(): Promise<string> {
  const body = (await popClient().request('DescribeInstances', { RegionId: REGION })) as {
    Instances: { Instance: { InstanceId: string; Status: string }[] };
  };
  return body.Instances.Instance.find((instance) => instance.Status === 'Running')!.InstanceId;
}

function passwordIs(instanceId: string, password: string): boolean {
  const found = find(simulator.domain.store.account(simulator.accessKeyId), 'instances', instanceId);
  return found !== undefined && vncPasswordIs(found.record, password);
}

const VNC_URL = /^ws:\/\/cn-hangzhou-vncproxy\.simulator\.invalid\/websockify\/\?s=[A-Za-z0-9_-]+$/;

describe('@alicloud/pop-core (signature v1) and the VNC actions', () => {
  it('reads a URL, sets the password and reads a refusal', async () => {
    const client = popClient();
    const instanceId = await runningInstance();
    const { VncUrl } = (await client.request('DescribeInstanceVncUrl', {
      RegionId: REGION,
      InstanceId: instanceId,
    })) as { VncUrl: string };
    expect(decodeURIComponent(VncUrl)).toMatch(VNC_URL);
    await client.request('ModifyInstanceVncPasswd', {
      RegionId: REGION,
      InstanceId: instanceId,
      VncPassword: 'Pop123',
    });
    expect(passwordIs(instanceId, 'Pop123')).toBe(true);
    await expect(
      client.request('ModifyInstanceVncPasswd', {
        RegionId: REGION,
        InstanceId: instanceId,
        VncPassword: 'p-o-p1',
      }),
    ).rejects.toMatchObject({ code: 'IncorrectVncPassword.Malformed' });
    expect(passwordIs(instanceId, 'Pop123')).toBe(true);
  });
});

describe('@alicloud/ecs20140526 (ACS3-HMAC-SHA256) and the VNC actions', () => {
  it('reads a URL, sets the password and reads a refusal', async () => {
    const client = ecsClient();
    const instanceId = await runningInstance();
    const answer = await client.describeInstanceVncUrl(
      new $Ecs.DescribeInstanceVncUrlRequest({ regionId: REGION, instanceId }),
    );
    expect(decodeURIComponent(answer.body?.vncUrl ?? '')).toMatch(VNC_URL);
    await client.modifyInstanceVncPasswd(
      new $Ecs.ModifyInstanceVncPasswdRequest({ regionId: REGION, instanceId, vncPassword: 'Sdk456' }),
    );
    expect(passwordIs(instanceId, 'Sdk456')).toBe(true);
    await expect(
      client.describeInstanceVncUrl(
        new $Ecs.DescribeInstanceVncUrlRequest({ regionId: REGION, instanceId: 'i-gone' }),
      ),
    ).rejects.toMatchObject({ code: 'InvalidInstanceId.NotFound', statusCode: 404 });
  });
});
