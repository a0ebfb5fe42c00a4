import { describe, expect, it } from 'vitest';
import {
  canonicalizedQueryString,
  formatTimestamp,
  percentEncode,
  signature,
  stringToSign,
} from '../../src/signature/v1.js';

describe('percentEncode', () => {
  it('keeps the unreserved set and escapes everything else as UTF-8 %XY', () => {
    expect(percentEncode('AZaz09-_.~')).toBe('AZaz09-_.~');
    expect(percentEncode(' ')).toBe('%20');
    expect(percentEncode('*')).toBe('%2A');
    expect(percentEncode("!'()")).toBe('%21%27%28%29');
    expect(percentEncode('+/=&')).toBe('%2B%2F%3D%26');
    expect(percentEncode('"')).toBe('%22');
    expect(percentEncode('é')).toBe('%C3%A9');
    expect(percentEncode('杭州')).toBe('%E6%9D%AD%E5%B7%9E');
    expect(percentEncode('😀')).toBe('%F0%9F%98%80');
  });
});

describe('signature v1', () => {
  // The reference's DescribeRegions example. Its printed value drops a character
  // (shared/reference/README.md); this is the value the prose's rules produce.
  const referenceExample = {
    TimeStamp: '2012-12-26T10:33:56Z',
    Format: 'XML',
    AccessKeyId: 'testid',
    Action: 'DescribeRegions',
    SignatureMethod: 'HMAC-SHA1',
    RegionId: 'region1',
    SignatureNonce: 'NwDAxvLU6tFE0DVb',
    Version: '2014-05-26',
    SignatureVersion: '1.0',
  };

  it('builds the reference StringToSign', () => {
    expect(stringToSign('GET', referenceExample)).toBe(
      'GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26RegionId%3Dregion1%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3DNwDAxvLU6tFE0DVb%26SignatureVersion%3D1.0%26TimeStamp%3D2012-12-26T10%253A33%253A56Z%26Version%3D2014-05-26',
    );
  });

  it('reproduces the reference DescribeRegions signature', () => {
    expect(signature('GET', referenceExample, 'testsecret')).toBe('K9fCVP6Jrklpd3rLYKh1pfrrFNo=');
  });

  it('reproduces the official Node SDK (@alicloud/pop-core 1.8.0) vector', () => {
    const params = {
      Format: 'JSON',
      Version: '2014-05-26',
      AccessKeyId: 'testid',
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      SignatureNonce: 'c1b2f3a4-0000-4000-8000-000000000001',
      Timestamp: '2024-01-02T03:04:05Z',
      Action: 'DescribeInstances',
      RegionId: 'cn-hangzhou',
      InstanceIds: '["i-abc","i-def"]',
      PageSize: '10',
      'Tag.1.Key': 'env',
      'Tag.1.Value': 'prod test*~',
      'Tag.2.Key': 'owner',
      'Tag.2.Value': "a+b!'()",
    };
    expect(signature('GET', params, 'testsecret')).toBe('stiWt6AJkNGRP82zKTYdMjNx3yY=');
  });

  it('leaves a Signature parameter out of the canonical query', () => {
    expect(canonicalizedQueryString({ B: '2', A: '1', Signature: 'x' })).toBe('A=1&B=2');
  });

  it('formats timestamps as UTC with whole seconds', () => {
    expect(formatTimestamp(new Date('2014-05-26T12:00:00.789Z'))).toBe('2014-05-26T12:00:00Z');
  });
});
