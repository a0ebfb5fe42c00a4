import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { EcsTransportError, ParamError } from '../../src/ecs/errors.js';
import { maskError } from '../../src/plugins/mask-errors.js';
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
