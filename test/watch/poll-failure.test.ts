import { describe, expect, it } from 'vitest';
import { EcsError, EcsTransportError, ParamError } from '../../src/ecs/errors.js';
import { isAccountRefusal } from '../../src/watch/poll-failure.js';

const ecs = (code: string, status: number) => new EcsError({ code, message: code }, status);
const param = (name: string, code: string) =>
  new ParamError([
    { param: name, rule: 'a rule', code, httpStatus: 400, message: `"${name}" is not valid.` },
  ]);

describe('isAccountRefusal', () => {
  it('classes key, signature, token, permission and region refusals as the account', () => {
    for (const code of [
      'InvalidAccessKeyId.NotFound',
      'InvalidAccessKeyId.Inactive',
      'SignatureDoesNotMatch',
      'IncompleteSignature',
      'InvalidSecurityToken.Expired',
      'Forbidden',
      'Forbidden.RAM',
      'Forbidden.AccessKeyDisabled',
      'InvalidRegionId.NotFound',
    ])
      expect([code, isAccountRefusal(ecs(code, 403))]).toStrictEqual([code, true]);
    expect(isAccountRefusal(param('RegionId', 'InvalidRegionId.Malformed'))).toBe(true);
  });

  it('classes parameter refusals, which one id may cause, as not the account', () => {
    for (const code of [
      'InvalidParameter',
      'InvalidInstanceId.Malformed',
      'InvalidSnapshotId.NotFound',
      'MissingParameter',
      'ForbiddenX',
      'InvalidRegionIdX',
    ])
      expect([code, isAccountRefusal(ecs(code, 400))]).toStrictEqual([code, false]);
    expect(isAccountRefusal(param('InstanceIds', 'InvalidParameter'))).toBe(false);
    expect(isAccountRefusal(new EcsTransportError('Timeout', 'No answer.'))).toBe(false);
    expect(isAccountRefusal(new Error('unexpected'))).toBe(false);
  });
});
