import EcsModule, * as $Ecs from '@alicloud/ecs20140526';
import * as $OpenApi from '@alicloud/openapi-client';
import RPCClient from '@alicloud/pop-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acs3Signature, parseAcs3Authorization } from '../../src/simulator/acs3.js';
import { startCaptureServer } from './capture.js';
import { ACCESS_KEY_ID, ACCESS_KEY_SECRET, type Harness, startHarness } from './support.js';

/**
 * The official SDKs as real clients of the simulator: @alicloud/pop-core signs with
 * signature v1 (HMAC-SHA1), @alicloud/ecs20140526 with ACS3-HMAC-SHA256. The simulator
 * runs on the real clock here, since the SDKs stamp their calls with it.
 */

// The SDK is CommonJS with an ES default export: Node's ESM loader hands over
// module.exports (the class under .default), vitest hands over the class; accept both.
type EcsClass = typeof EcsModule.default;
const Ecs: EcsClass =
  (EcsModule as unknown as { default?: EcsClass }).default ?? (EcsModule as unknown as EcsClass);

function ecsClient(port: number, secret = ACCESS_KEY_SECRET): InstanceType<EcsClass> {
  return new Ecs(
    new $OpenApi.Config({
      accessKeyId: ACCESS_KEY_ID,
      accessKeySecret: secret,
      endpoint: `127.0.0.1:${port}`,
      protocol: 'http',
      regionId: 'cn-hangzhou',
    }),
  );
}

function popClient(url: string, secret = ACCESS_KEY_SECRET) {
  return new RPCClient({
    accessKeyId: ACCESS_KEY_ID,
    accessKeySecret: secret,
    endpoint: url,
    apiVersion: '2014-05-26',
  });
}

describe('what @alicloud/ecs20140526 puts on the wire', () => {
  it('escapes the query differently from what it signs, and the verifier checks what was signed', async () => {
    const capture = await startCaptureServer();
    try {
      await ecsClient(capture.port).describeInstances(
        new $Ecs.DescribeInstancesRequest({
          regionId: 'cn-hangzhou',
          instanceIds: '["i-abc","i-def"]',
          pageSize: 10,
          tag: [
            new $Ecs.DescribeInstancesRequestTag({ key: 'env', value: 'prod test*~' }),
            new $Ecs.DescribeInstancesRequestTag({ key: 'owner', value: "a+b!'()" }),
          ],
        }),
      );
      const [sent] = capture.requests;
      if (!sent) throw new Error('the SDK sent nothing');
      expect(sent.method).toBe('POST');
      // querystring.stringify leaves * ! ' ( ) raw; the signature covers %2A %21 %27 %28 %29.
      expect(sent.url).toContain('Tag.2.Value=a%2Bb!%27()');
      expect(sent.url).toContain('Tag.1.Value=prod%20test*~');
      expect(sent.headers['x-acs-action']).toBe('DescribeInstances');
      expect(sent.headers['x-acs-version']).toBe('2014-05-26');

      const authorization = parseAcs3Authorization(String(sent.headers.authorization));
      if (!authorization) throw new Error('no ACS3 Authorization header');
      expect(authorization.signedHeaders).toEqual([
        'host',
        'x-acs-action',
        'x-acs-content-sha256',
        'x-acs-credentials-provider',
        'x-acs-date',
        'x-acs-signature-nonce',
        'x-acs-version',
      ]);
      const query = Object.fromEntries(new URLSearchParams(sent.url.slice(2)));
      expect(query['Tag.2.Value']).toBe("a+b!'()");
      const request = { method: sent.method, path: '/', query, headers: sent.headers, body: sent.body };
      expect(acs3Signature(request, authorization.signedHeaders, ACCESS_KEY_SECRET)).toBe(
        authorization.signature,
      );
    } finally {
      await capture.close();
    }
  });
});

describe('official SDKs against the simulator', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ clock: { now: () => new Date() } });
  });
  afterEach(async () => {
    await h.server.close();
  });

  it('@alicloud/pop-core (signature v1, GET and POST) calls DescribeRegions', async () => {
    const client = popClient(h.server.url);
    for (const method of ['GET', 'POST'] as const) {
      const result = (await client.request('DescribeRegions', {}, { method })) as {
        RequestId: string;
        Regions: { Region: Array<{ RegionId: string }> };
      };
      expect(result.Regions.Region.map((region) => region.RegionId)).toEqual(['cn-hangzhou', 'cn-qingdao']);
      expect(result.RequestId).toMatch(/^REQ-\d+$/);
    }
    expect(h.server.stats.calls('DescribeRegions')).toBe(2);
  });

  it("@alicloud/pop-core surfaces the simulator's error code", async () => {
    const wrongSecret = popClient(h.server.url, 'not-the-secret');
    await expect(wrongSecret.request('DescribeRegions', {})).rejects.toMatchObject({
      code: 'SignatureDoesNotMatch',
    });
    await expect(
      popClient(h.server.url).request('DescribeZones', { RegionId: 'cn-nowhere' }),
    ).rejects.toMatchObject({
      code: 'InvalidRegionId.NotFound',
    });
  });

  it('@alicloud/ecs20140526 (ACS3-HMAC-SHA256) calls DescribeRegions', async () => {
    const response = await ecsClient(h.server.port).describeRegions(new $Ecs.DescribeRegionsRequest({}));
    expect(response.statusCode).toBe(200);
    expect(
      response.body?.regions?.region?.map(
        (region: $Ecs.DescribeRegionsResponseBodyRegionsRegion) => region.regionId,
      ),
    ).toEqual(['cn-hangzhou', 'cn-qingdao']);
    expect(response.body?.requestId).toMatch(/^REQ-\d+$/);
    expect(h.backend.calls.map((call) => call.context.accessKeyId)).toEqual([ACCESS_KEY_ID]);
  });

  it("@alicloud/ecs20140526 surfaces the simulator's error code", async () => {
    await expect(
      ecsClient(h.server.port, 'not-the-secret').describeRegions(new $Ecs.DescribeRegionsRequest({})),
    ).rejects.toMatchObject({ code: 'SignatureDoesNotMatch', statusCode: 400 });

    h.backend.implemented.delete('DescribeZones');
    await expect(
      ecsClient(h.server.port).describeZones(new $Ecs.DescribeZonesRequest({ regionId: 'cn-hangzhou' })),
    ).rejects.toMatchObject({ code: 'UnsupportedOperation', statusCode: 400 });
  });
});
