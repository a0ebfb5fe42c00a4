import { describe, expect, it } from 'vitest';
import {
  actionCalls,
  actionCallsSince,
  type Estate,
  mutate,
  refusal,
  type SimulatedGateway,
  useSimulatedEstate,
} from './mutations-harness.js';

/**
 * The security-group mutations and the VNC ones over the real stack: the calls each
 * makes, the group described afresh after the write (its rules included), the typed
 * refusals, and input refused before any call.
 */

let h: SimulatedGateway;
let world: Estate;

useSimulatedEstate((next) => ({ h, world } = next));

const callsSince = (before: Record<string, number>) => actionCallsSince(h.simulator, before);

const GROUP =
  'securityGroup { id name description regionId rules { direction ipProtocol portRange sourceCidrIp destGroupId policy priority nicType } }';

async function createGroup(name: string): Promise<string> {
  const result = await mutate(h, 'createSecurityGroup', { securityGroupName: name }, 'securityGroup { id }');
  return (result.securityGroup as { id: string }).id;
}

describe('security-group mutations', () => {
  it('createSecurityGroup answers the group described afresh; a repeated clientToken creates nothing more', async () => {
    const before = actionCalls(h.simulator);
    const result = await mutate(
      h,
      'createSecurityGroup',
      { securityGroupName: 'web', description: 'front tier', clientToken: 'sg-once' },
      GROUP,
    );
    expect(callsSince(before)).toEqual({
      CreateSecurityGroup: 1,
      DescribeSecurityGroups: 1,
      DescribeSecurityGroupAttribute: 1,
    });
    expect(result).toMatchObject({
      __typename: 'CreateSecurityGroupPayload',
      securityGroup: { name: 'web', description: 'front tier', regionId: 'cn-hangzhou', rules: [] },
    });
    const again = await mutate(
      h,
      'createSecurityGroup',
      { securityGroupName: 'web', description: 'front tier', clientToken: 'sg-once' },
      'securityGroup { id }',
    );
    expect((again.securityGroup as { id: string }).id).toBe((result.securityGroup as { id: string }).id);
  });

  it('authorize and revoke, ingress and egress: the payload’s rules are read after the write', async () => {
    const id = await createGroup('rules');
    const peer = await createGroup('peer');
    // Read the rules first, so a stale answer would show if the write did not drop it.
    const first = await h.run<{ securityGroup: { rules: unknown[] } }>(
      `query ($id: ID!) { securityGroup(id: $id) { rules { portRange } } }`,
      { id },
    );
    expect(first.data?.securityGroup.rules).toEqual([]);
    const before = actionCalls(h.simulator);
    const ingress = await mutate(
      h,
      'authorizeSecurityGroup',
      {
        securityGroupId: id,
        ipProtocol: 'tcp',
        portRange: '443/443',
        sourceCidrIp: '0.0.0.0/0',
        priority: 2,
      },
      GROUP,
    );
    expect(callsSince(before)).toEqual({
      AuthorizeSecurityGroup: 1,
      DescribeSecurityGroups: 1,
      DescribeSecurityGroupAttribute: 1,
    });
    expect((ingress.securityGroup as { rules: unknown[] }).rules).toEqual([
      {
        direction: 'INGRESS',
        ipProtocol: 'TCP',
        portRange: '443/443',
        sourceCidrIp: '0.0.0.0/0',
        destGroupId: null,
        policy: 'ACCEPT',
        priority: 2,
        nicType: 'INTERNET',
      },
    ]);
    const egress = await mutate(
      h,
      'authorizeSecurityGroupEgress',
      { securityGroupId: id, ipProtocol: 'all', portRange: '-1/-1', destGroupId: peer, nicType: 'intranet' },
      GROUP,
    );
    const rules = (egress.securityGroup as { rules: { direction: string; destGroupId: string | null }[] })
      .rules;
    expect(rules.map((rule) => [rule.direction, rule.destGroupId]).sort()).toEqual([
      ['EGRESS', peer],
      ['INGRESS', null],
    ]);
    await mutate(h, 'revokeSecurityGroup', {
      securityGroupId: id,
      ipProtocol: 'tcp',
      portRange: '443/443',
      sourceCidrIp: '0.0.0.0/0',
      priority: 2,
    });
    const revoked = await mutate(
      h,
      'revokeSecurityGroupEgress',
      { securityGroupId: id, ipProtocol: 'all', portRange: '-1/-1', destGroupId: peer, nicType: 'intranet' },
      GROUP,
    );
    expect((revoked.securityGroup as { rules: unknown[] }).rules).toEqual([]);
  });

  it('a rule naming neither a CIDR block nor a group is a ValidationError on both fields, with no call', async () => {
    const id = await createGroup('half');
    const before = actionCalls(h.simulator);
    const result = await mutate(h, 'authorizeSecurityGroup', {
      securityGroupId: id,
      ipProtocol: 'tcp',
      portRange: '22/22',
    });
    expect(result).toMatchObject({
      __typename: 'ValidationError',
      code: 'MissingParameter',
      problems: [
        { field: 'input.sourceCidrIp', code: 'MissingParameter' },
        { field: 'input.sourceGroupId', code: 'MissingParameter' },
      ],
    });
    expect(callsSince(before)).toEqual({});
  });

  it('answers the documented refusals as typed errors', async () => {
    const id = await createGroup('self');
    expect(
      await mutate(h, 'authorizeSecurityGroup', {
        securityGroupId: id,
        ipProtocol: 'tcp',
        portRange: '22/22',
        sourceGroupId: id,
        nicType: 'intranet',
      }),
    ).toMatchObject(refusal('EcsBusinessError', 'InvalidParamter.Conflict', 403));
    expect(
      await mutate(h, 'deleteSecurityGroup', { securityGroupId: world.running.securityGroupIds[0] }),
    ).toMatchObject(refusal('EcsBusinessError', 'DependencyViolation', 403));
    expect(
      await mutate(h, 'modifySecurityGroupAttribute', { securityGroupId: 'sg-missing', description: 'xx' }),
    ).toMatchObject(refusal('EcsNotFoundError', 'InvalidSecurityGroupId.NotFound', 404));
  });

  it('modifySecurityGroupAttribute renames; deleteSecurityGroup deletes, and the group is gone', async () => {
    const id = await createGroup('old-name');
    const renamed = await mutate(
      h,
      'modifySecurityGroupAttribute',
      { securityGroupId: id, securityGroupName: 'new-name' },
      'securityGroup { id name }',
    );
    expect(renamed.securityGroup).toEqual({ id, name: 'new-name' });
    const before = actionCalls(h.simulator);
    const deleted = await mutate(h, 'deleteSecurityGroup', { securityGroupId: id }, 'securityGroupId');
    expect(deleted).toMatchObject({ __typename: 'DeleteSecurityGroupPayload', securityGroupId: id });
    expect(callsSince(before)).toEqual({ DeleteSecurityGroup: 1 });
    const after = await h.run<{ securityGroup: unknown }>(
      `query ($id: ID!) { securityGroup(id: $id) { id } }`,
      {
        id,
      },
    );
    expect(after.data?.securityGroup).toBeNull();
  });
});

describe('the management terminal (VNC) in the graph', () => {
  it('Instance.vncUrl is a new URL at each evaluation, one call each, and null without a call when not Running', async () => {
    const before = actionCalls(h.simulator);
    const result = await h.run<{
      a: { vncUrl: string };
      b: { vncUrl: string };
      c: { vncUrl: string | null };
    }>(
      `query ($running: ID!, $stopped: ID!) {
        a: instance(id: $running) { vncUrl } b: instance(id: $running) { vncUrl } c: instance(id: $stopped) { vncUrl } }`,
      { running: world.running.id, stopped: world.stopped.id },
    );
    expect(result.errors).toBeUndefined();
    expect(decodeURIComponent(result.data?.a.vncUrl ?? '')).toMatch(/^ws:\/\/.*\/websockify\/\?s=/);
    expect(result.data?.b.vncUrl).not.toBe(result.data?.a.vncUrl);
    expect(result.data?.c.vncUrl).toBeNull();
    expect(callsSince(before)).toEqual({ DescribeInstances: 1, DescribeInstanceVncUrl: 2 });
  });

  it('modifyInstanceVncPasswd sets the password; neither the payload, a refusal nor the log shows it', async () => {
    const before = actionCalls(h.simulator);
    const done = await mutate(
      h,
      'modifyInstanceVncPasswd',
      { instanceId: world.running.id, vncPassword: 'Qw3rty' },
      'instance { id }',
    );
    expect(done).toMatchObject({
      __typename: 'ModifyInstanceVncPasswdPayload',
      instance: { id: world.running.id },
    });
    expect(callsSince(before)).toEqual({ ModifyInstanceVncPasswd: 1, DescribeInstances: 1 });
    const bad = await mutate(h, 'modifyInstanceVncPasswd', {
      instanceId: world.running.id,
      vncPassword: 'S3cr!t',
    });
    expect(bad).toMatchObject({
      __typename: 'ValidationError',
      field: 'input.vncPassword',
      code: 'IncorrectVncPassword.Malformed',
    });
    expect(JSON.stringify(bad)).not.toContain('S3cr!t');
    expect(callsSince(before)).toEqual({ ModifyInstanceVncPasswd: 1, DescribeInstances: 1 });
    // Stopping: neither Running nor Stopped.
    await mutate(h, 'stopInstance', { instanceId: world.running.id });
    expect(
      await mutate(h, 'modifyInstanceVncPasswd', { instanceId: world.running.id, vncPassword: 'Zx9cvb' }),
    ).toMatchObject(refusal('EcsIncorrectStateError', 'IncorrectInstanceState', 403));
    const log = h.logger.lines.join('\n');
    expect(log).not.toContain('Qw3rty');
    expect(log).not.toContain('S3cr!t');
    expect(log).not.toContain('Zx9cvb');
  });
});
