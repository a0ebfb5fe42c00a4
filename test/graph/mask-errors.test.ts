import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { CliProfileError } from '../../src/ecs/aliyun-cli-profile.js';
import { CredentialsError, EcsError, EcsTransportError, ParamError } from '../../src/ecs/errors.js';
import { CacheMiss } from '../../src/ecs/read-cache/read-cache.js';
import { isExpected, maskError, redactingLogger } from '../../src/plugins/mask-errors.js';
import { redactSecrets } from '../../src/schema/errors.js';

const at = (original: Error) =>
  new GraphQLError(original.message, { path: ['regions', 0, 'zones'], originalError: original });

describe('maskError', () => {
  it('passes a transport failure with its code and no RequestId', () => {
    const masked = maskError(
      at(new EcsTransportError('Timeout', 'DescribeZones timed out after 10000 ms')),
      'Unexpected error.',
    );
    expect(masked).toBeInstanceOf(GraphQLError);
    expect((masked as GraphQLError).toJSON()).toEqual({
      message: 'DescribeZones timed out after 10000 ms',
      path: ['regions', 0, 'zones'],
      extensions: { code: 'Timeout' },
    });
  });

  it('names the parameter and rule the client refused to send', () => {
    const refused = new ParamError([
      {
        param: 'DiskIds',
        rule: 'at most 10 ids',
        code: 'InvalidParameter',
        httpStatus: 400,
        message: 'The specified parameter "DiskIds" is not valid: at most 10 ids.',
      },
    ]);
    expect((maskError(at(refused), 'Unexpected error.') as GraphQLError).toJSON()).toEqual({
      message: 'The specified parameter "DiskIds" is not valid: at most 10 ids.',
      path: ['regions', 0, 'zones'],
      extensions: { code: 'InvalidParameter', httpStatus: 400, param: 'DiskIds', rule: 'at most 10 ids' },
    });
  });

  it('masks the client errors that are the gateway’s trouble, not the call’s: credentials, a cache-only miss', () => {
    for (const error of [
      new CredentialsError(
        'ecs-ram-role GatewayRole',
        'the metadata service at http://127.0.0.1:1 answered HTTP 503',
        true,
      ),
      new CliProfileError('/home/u/.aliyun/config.json', 'nope', 'no such profile'),
      new CacheMiss('DescribeZones', 'cn-hangzhou'),
    ]) {
      expect((maskError(at(error), 'Unexpected error.') as GraphQLError).toJSON()).toEqual({
        message: 'Unexpected error.',
        path: ['regions', 0, 'zones'],
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      });
      expect([error.name, isExpected(at(error))]).toEqual([error.name, false]);
    }
  });

  it('counts ECS answers, transport failures and refused parameters as expected', () => {
    const refused = new ParamError([
      { param: 'DiskIds', rule: 'at most 10 ids', code: 'InvalidParameter', httpStatus: 400, message: 'no' },
    ]);
    const notFound = new EcsError({ code: 'InvalidDiskId.NotFound', message: 'no such disk' }, 404);
    for (const error of [refused, notFound, new EcsTransportError('Timeout', 'timed out')])
      expect([error.name, isExpected(at(error))]).toEqual([error.name, true]);
  });

  it('logs a refused parameter by name and message only, an ECS error with its code, a credentials failure as a bug', () => {
    const written: unknown[] = [];
    const sink = (...args: unknown[]) => written.push(...args);
    const logger = redactingLogger({ debug: sink, info: sink, warn: sink, error: sink });
    const refused = new ParamError([
      { param: 'DiskIds', rule: 'at most 10 ids', code: 'InvalidParameter', httpStatus: 400, message: 'no' },
    ]);
    logger.debug(at(refused));
    logger.debug(at(new EcsError({ code: 'Throttling', message: 'slow down', requestId: 'r-1' }, 400)));
    logger.debug(at(new CredentialsError('profile default', 'file not found')));
    expect(written).toEqual([
      { name: 'ParamError', message: 'no', path: 'regions.0.zones' },
      {
        name: 'EcsError',
        message: 'slow down',
        code: 'Throttling',
        requestId: 'r-1',
        httpStatus: 400,
        path: 'regions.0.zones',
      },
      {
        name: 'CredentialsError',
        message: 'profile default: file not found',
        path: 'regions.0.zones',
        stack: expect.stringContaining('CredentialsError: profile default: file not found'),
      },
    ]);
  });

  it('keeps our own GraphQL errors as they are', () => {
    const own = new GraphQLError('Argument page.size must be from 1 to 50', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(maskError(own, 'Unexpected error.')).toBe(own);
    const thrownInResolver = at(own);
    expect(maskError(thrownInResolver, 'Unexpected error.')).toBe(thrownInResolver);
  });
});

describe('redactSecrets', () => {
  it('removes signatures, tokens and secrets in URLs, objects and the string to sign', () => {
    expect(redactSecrets('GET /?Action=X&Signature=abc%3D&SecurityToken=tok&Format=XML')).toBe(
      'GET /?Action=X&Signature=[redacted]&SecurityToken=[redacted]&Format=XML',
    );
    expect(redactSecrets('{"accessKeySecret":"s3cr3t","region":"cn"}')).toBe(
      '{"accessKeySecret":"[redacted]","region":"cn"}',
    );
    expect(redactSecrets('authorization: Bearer xyz.abc')).toBe('authorization: [redacted]');
    expect(redactSecrets('{"Authorization":"Bearer xyz"}')).toBe('{"Authorization":"[redacted]"}');
    expect(redactSecrets('Signature mismatch. server string to sign is:GET&%2F&SecurityToken%3Dtok')).toBe(
      'Signature mismatch.',
    );
  });
});
