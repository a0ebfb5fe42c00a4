import * as $Ecs from '@alicloud/ecs20140526';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';
import { REGION, startSimulator } from './integration-support.js';
import { ecsClient as ecsClientFor, popClient as popClientFor } from './sdk-support.js';

/**
 * Every security-group action through both official SDKs against the whole simulator:
 * @alicloud/pop-core signs with signature v1, @alicloud/ecs20140526 with
 * ACS3-HMAC-SHA256. Each runs a group through its life: create, rename, rules in and
 * out, described, revoked, deleted; and reads a documented refusal.
 */

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator();
});
afterAll(() => simulator.close());

const ecsClient = (regionId = REGION) => ecsClientFor(simulator, regionId);
const popClient = () => popClientFor(simulator);

/** A seeded group that holds instances. */
async function groupWithInstances(): Promise<string> {
  const body = (await popClient().request('DescribeSecurityGroups', { RegionId: REGION })) as {
    SecurityGroups: { SecurityGroup: { SecurityGroupId: string; SecurityGroupName: string }[] };
  };
  return body.SecurityGroups.SecurityGroup.find((group) => group.SecurityGroupName === 'default')!
    .SecurityGroupId;
}

interface PopPermission {
  IpProtocol: string;
  PortRange: string;
  SourceCidrIp: string;
  DestGroupId: string;
  Direction: string;
  Priority: string;
}

describe('@alicloud/pop-core (signature v1) and the security-group actions', () => {
  it('creates, modifies, authorizes, revokes and deletes', async () => {
    const client = popClient();
    const created = (await client.request('CreateSecurityGroup', {
      RegionId: REGION,
      SecurityGroupName: 'web',
      ClientToken: 'pop-create',
    })) as { SecurityGroupId: string };
    const peer = (await client.request('CreateSecurityGroup', { RegionId: REGION })) as {
      SecurityGroupId: string;
    };
    const id = created.SecurityGroupId;
    await client.request('ModifySecurityGroupAttribute', {
      RegionId: REGION,
      SecurityGroupId: id,
      Description: 'front',
    });
    await client.request('AuthorizeSecurityGroup', {
      RegionId: REGION,
      SecurityGroupId: id,
      IpProtocol: 'tcp',
      PortRange: '443/443',
      SourceCidrIp: '0.0.0.0/0',
      Priority: '2',
    });
    await client.request('AuthorizeSecurityGroupEgress', {
      RegionId: REGION,
      SecurityGroupId: id,
      IpProtocol: 'all',
      PortRange: '-1/-1',
      DestGroupId: peer.SecurityGroupId,
      NicType: 'intranet',
    });
    const described = (await client.request('DescribeSecurityGroupAttribute', {
      RegionId: REGION,
      SecurityGroupId: id,
    })) as { SecurityGroupName: string; Description: string; Permissions: { Permission: PopPermission[] } };
    expect(described).toMatchObject({ SecurityGroupName: 'web', Description: 'front' });
    expect(
      described.Permissions.Permission.map((rule) => [rule.Direction, rule.IpProtocol, rule.Priority]),
    ).toEqual([
      ['egress', 'ALL', '1'],
      ['ingress', 'TCP', '2'],
    ]);
    await client.request('RevokeSecurityGroup', {
      RegionId: REGION,
      SecurityGroupId: id,
      IpProtocol: 'tcp',
      PortRange: '443/443',
      SourceCidrIp: '0.0.0.0/0',
    });
    await client.request('RevokeSecurityGroupEgress', {
      RegionId: REGION,
      SecurityGroupId: id,
      IpProtocol: 'all',
      PortRange: '-1/-1',
      DestGroupId: peer.SecurityGroupId,
      NicType: 'intranet',
    });
    const after = (await client.request('DescribeSecurityGroupAttribute', {
      RegionId: REGION,
      SecurityGroupId: id,
    })) as {
      Permissions: { Permission: PopPermission[] };
    };
    expect(after.Permissions.Permission).toEqual([]);
    await client.request('DeleteSecurityGroup', { RegionId: REGION, SecurityGroupId: id });
    await client.request('DeleteSecurityGroup', { RegionId: REGION, SecurityGroupId: peer.SecurityGroupId });
  });

  it('reads DependencyViolation for a group that holds instances', async () => {
    // pop-core keeps the code and body of a refusal, not its HTTP status.
    await expect(
      popClient().request('DeleteSecurityGroup', {
        RegionId: REGION,
        SecurityGroupId: await groupWithInstances(),
      }),
    ).rejects.toMatchObject({
      code: 'DependencyViolation',
      data: { Message: 'There is still instance(s) in the specified security group.' },
    });
  });
});

describe('@alicloud/ecs20140526 (ACS3-HMAC-SHA256) and the security-group actions', () => {
  it('creates, modifies, authorizes, revokes and deletes', async () => {
    const client = ecsClient();
    const id = (
      await client.createSecurityGroup(
        new $Ecs.CreateSecurityGroupRequest({
          regionId: REGION,
          securityGroupName: 'api',
          clientToken: 'sdk-create',
        }),
      )
    ).body?.securityGroupId;
    const peer = (await client.createSecurityGroup(new $Ecs.CreateSecurityGroupRequest({ regionId: REGION })))
      .body?.securityGroupId;
    expect(id).toMatch(/^sg-/);
    await client.modifySecurityGroupAttribute(
      new $Ecs.ModifySecurityGroupAttributeRequest({
        regionId: REGION,
        securityGroupId: id,
        securityGroupName: 'api-2',
      }),
    );
    await client.authorizeSecurityGroup(
      new $Ecs.AuthorizeSecurityGroupRequest({
        regionId: REGION,
        securityGroupId: id,
        ipProtocol: 'udp',
        portRange: '53/53',
        sourceGroupId: peer,
        nicType: 'intranet',
        policy: 'drop',
      }),
    );
    await client.authorizeSecurityGroupEgress(
      new $Ecs.AuthorizeSecurityGroupEgressRequest({
        regionId: REGION,
        securityGroupId: id,
        ipProtocol: 'icmp',
        portRange: '-1/-1',
        destCidrIp: '10.0.0.0/8',
      }),
    );
    const described = (
      await client.describeSecurityGroupAttribute(
        new $Ecs.DescribeSecurityGroupAttributeRequest({ regionId: REGION, securityGroupId: id }),
      )
    ).body;
    expect(described?.securityGroupName).toBe('api-2');
    expect(
      described?.permissions?.permission?.map((rule) => [
        rule.direction,
        rule.ipProtocol,
        rule.policy,
        rule.sourceGroupId || rule.destCidrIp,
      ]),
    ).toEqual([
      // Both at priority 1: drop first.
      ['ingress', 'UDP', 'Drop', peer],
      ['egress', 'ICMP', 'Accept', '10.0.0.0/8'],
    ]);
    await client.revokeSecurityGroup(
      new $Ecs.RevokeSecurityGroupRequest({
        regionId: REGION,
        securityGroupId: id,
        ipProtocol: 'udp',
        portRange: '53/53',
        sourceGroupId: peer,
        nicType: 'intranet',
        policy: 'drop',
      }),
    );
    await client.revokeSecurityGroupEgress(
      new $Ecs.RevokeSecurityGroupEgressRequest({
        regionId: REGION,
        securityGroupId: id,
        ipProtocol: 'icmp',
        portRange: '-1/-1',
        destCidrIp: '10.0.0.0/8',
      }),
    );
    const after = (
      await client.describeSecurityGroupAttribute(
        new $Ecs.DescribeSecurityGroupAttributeRequest({ regionId: REGION, securityGroupId: id }),
      )
    ).body;
    expect(after?.permissions?.permission ?? []).toEqual([]);
    await client.deleteSecurityGroup(
      new $Ecs.DeleteSecurityGroupRequest({ regionId: REGION, securityGroupId: id }),
    );
    await client.deleteSecurityGroup(
      new $Ecs.DeleteSecurityGroupRequest({ regionId: REGION, securityGroupId: peer }),
    );
    const gone = await client
      .describeSecurityGroupAttribute(
        new $Ecs.DescribeSecurityGroupAttributeRequest({ regionId: REGION, securityGroupId: id }),
      )
      .then(
        () => undefined,
        (failure: { code?: string; statusCode?: number }) => failure,
      );
    expect([gone?.code, gone?.statusCode]).toEqual(['InvalidSecurityGroupId.NotFound', 404]);
  });

  it('reads DependencyViolation, 403, for a group that holds instances', async () => {
    const error = await ecsClient()
      .deleteSecurityGroup(
        new $Ecs.DeleteSecurityGroupRequest({
          regionId: REGION,
          securityGroupId: await groupWithInstances(),
        }),
      )
      .then(
        () => undefined,
        (failure: { code?: string; statusCode?: number }) => failure,
      );
    expect([error?.code, error?.statusCode]).toEqual(['DependencyViolation', 403]);
  });
});
