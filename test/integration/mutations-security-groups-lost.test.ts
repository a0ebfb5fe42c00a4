import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forcedFaults } from './forced-faults.js';
import { mutate, type SimulatedGateway, simulatedGateway } from './mutations-harness.js';

/**
 * A rule mutation whose answer was lost: the group's rules, read afresh, tell whether
 * ECS acted; the password mutation can never tell, since ECS never shows a VNC password.
 */

let h: SimulatedGateway;
let faults: ReturnType<typeof forcedFaults>;
let groupId: string;

beforeEach(async () => {
  faults = forcedFaults();
  h = await simulatedGateway({ wrapCaller: (client, simulator) => faults.wrapCaller(client, simulator) });
  const created = await mutate(
    h,
    'createSecurityGroup',
    { securityGroupName: 'lost' },
    'securityGroup { id }',
  );
  groupId = (created.securityGroup as { id: string }).id;
  h.calls.length = 0;
});
afterEach(() => h.close());

const calls = () => h.calls.map((call) => `${call.action}${call.errorCode ? `:${call.errorCode}` : ''}`);
const RULE = { ipProtocol: 'tcp', portRange: '8080/8080', sourceCidrIp: '192.168.0.0/16' };

describe('a rule mutation whose answer was lost', () => {
  it('authorizeSecurityGroup, dropped after acting: the rules show the rule, so the payload', async () => {
    faults.force('AuthorizeSecurityGroup', { dropAfterActingRate: 1 });
    const result = await mutate(
      h,
      'authorizeSecurityGroup',
      { securityGroupId: groupId, ...RULE },
      'securityGroup { id rules { portRange sourceCidrIp } }',
    );
    expect(result).toEqual({
      __typename: 'AuthorizeSecurityGroupPayload',
      requestId: null,
      securityGroup: { id: groupId, rules: [{ portRange: '8080/8080', sourceCidrIp: '192.168.0.0/16' }] },
    });
    expect(calls()).toEqual([
      'AuthorizeSecurityGroup:ConnectionReset',
      'DescribeSecurityGroupAttribute',
      'DescribeSecurityGroups',
    ]);
  });

  it('revokeSecurityGroup, dropped before acting: the rule is still there, so OutcomeUnknownError', async () => {
    await mutate(h, 'authorizeSecurityGroup', { securityGroupId: groupId, ...RULE });
    faults.force('RevokeSecurityGroup', { dropRate: 1 });
    h.calls.length = 0;
    const result = await mutate(h, 'revokeSecurityGroup', { securityGroupId: groupId, ...RULE });
    expect(result).toMatchObject({
      __typename: 'OutcomeUnknownError',
      code: 'ConnectionReset',
      action: 'RevokeSecurityGroup',
      resourceIds: [groupId],
    });
    expect(result.message).toContain('the group’s rules no longer hold the rule');
    expect(calls()).toEqual(['RevokeSecurityGroup:ConnectionReset', 'DescribeSecurityGroupAttribute']);
  });

  it('modifyInstanceVncPasswd, dropped after acting: OutcomeUnknownError, whatever ECS did', async () => {
    const listed = await h.run<{ instances: { nodes: { id: string; status: string }[] } }>(
      '{ instances { nodes { id status } } }',
    );
    const running = listed.data?.instances.nodes.find((instance) => instance.status === 'RUNNING')?.id;
    faults.force('ModifyInstanceVncPasswd', { dropAfterActingRate: 1 });
    h.calls.length = 0;
    const result = await mutate(h, 'modifyInstanceVncPasswd', { instanceId: running, vncPassword: 'Lost12' });
    expect(result).toMatchObject({ __typename: 'OutcomeUnknownError', action: 'ModifyInstanceVncPasswd' });
    expect(JSON.stringify(result)).not.toContain('Lost12');
    expect(calls()).toEqual(['ModifyInstanceVncPasswd:ConnectionReset']);
  });
});
