import { describe, expect, it } from 'vitest';
import { CliProfileError } from '../../src/ecs/aliyun-cli-profile.js';
import { CredentialsError, EcsError, EcsTransportError, ParamError } from '../../src/ecs/errors.js';
import { isAccountRefusal, pollErrorInfo } from '../../src/watch/poll-failure.js';

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

describe('pollErrorInfo', () => {
  it('passes an ECS error on with its code, retrying only what the client would retry', () => {
    const notFound = new EcsError(
      { code: 'InvalidRegionId.NotFound', message: 'no region', requestId: 'r-1' },
      404,
    );
    expect(pollErrorInfo(notFound)).toStrictEqual({
      code: 'InvalidRegionId.NotFound',
      message: 'no region',
      retrying: false,
      requestId: 'r-1',
      httpStatus: 404,
    });
    expect(pollErrorInfo(ecs('Throttling', 400))).toMatchObject({ code: 'Throttling', retrying: true });
  });

  it('keeps retrying after any transport failure, even one a single call would not repeat', () => {
    for (const code of ['Timeout', 'UpstreamUnavailable', 'DeadlineExceeded'] as const)
      expect(pollErrorInfo(new EcsTransportError(code, `${code}.`))).toStrictEqual({
        code,
        message: `${code}.`,
        retrying: true,
        requestId: undefined,
        httpStatus: undefined,
      });
  });

  it('stops at a parameter the client refused, with the status ECS would answer', () => {
    expect(pollErrorInfo(param('InstanceIds', 'InvalidParameter'))).toStrictEqual({
      code: 'InvalidParameter',
      message: '"InstanceIds" is not valid.',
      retrying: false,
      httpStatus: 400,
    });
  });

  it('tells nothing of credentials the client could not get, and keeps trying', () => {
    for (const error of [
      new CredentialsError('ecs-ram-role GatewayRole', 'the metadata service answered HTTP 404'),
      new CliProfileError('/home/u/.aliyun/config.json', 'nope', 'no such profile'),
    ])
      expect(pollErrorInfo(error)).toStrictEqual({
        code: 'PollFailed',
        message: 'The poll failed unexpectedly.',
        retrying: true,
      });
    expect(isAccountRefusal(new CredentialsError('profile default', 'file not found'))).toBe(false);
  });
});
