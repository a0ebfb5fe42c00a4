import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  escapeXml,
  ShapeMismatchError,
  serializeError,
  serializeResult,
} from '../../src/simulator/serialize.js';
import { defineAction } from '../../src/spec/action.js';
import { t } from '../../src/spec/shape.js';
import { getV1, type Harness, publicParams, startHarness } from './support.js';

const DescribeThings = defineAction({
  name: 'DescribeThings',
  summary: 'A shape with every kind of field.',
  idempotency: 'read',
  params: {},
  response: {
    TotalCount: t.int,
    Things: t.list(
      'Thing',
      t.object({
        ThingId: t.string,
        Size: t.int,
        Ratio: t.float,
        Portable: t.bool,
        Labels: t.list('Label', t.string),
        Lock: t.object({ Reason: t.string }),
      }),
    ),
  },
});

describe('serializeResult', () => {
  const result = {
    TotalCount: 1,
    Things: [
      {
        ThingId: 't-1',
        Size: 40,
        Ratio: 0.5,
        Portable: false,
        Labels: ['a<b', 'c&d'],
        Lock: { Reason: `"quoted" 'single' >` },
      },
    ],
  };

  it('writes compact XML with RequestId first and lists as <Things><Thing>…', () => {
    expect(serializeResult(DescribeThings, result, 'R-1', 'XML')).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><DescribeThingsResponse><RequestId>R-1</RequestId>' +
        '<TotalCount>1</TotalCount><Things><Thing><ThingId>t-1</ThingId><Size>40</Size><Ratio>0.5</Ratio>' +
        '<Portable>false</Portable><Labels><Label>a&lt;b</Label><Label>c&amp;d</Label></Labels>' +
        '<Lock><Reason>&quot;quoted&quot; &apos;single&apos; &gt;</Reason></Lock></Thing></Things>' +
        '</DescribeThingsResponse>',
    );
  });

  it('writes JSON with one-element lists as arrays, numbers as numbers and booleans as booleans', () => {
    expect(JSON.parse(serializeResult(DescribeThings, result, 'R-1', 'JSON'))).toEqual({
      RequestId: 'R-1',
      TotalCount: 1,
      Things: {
        Thing: [
          {
            ThingId: 't-1',
            Size: 40,
            Ratio: 0.5,
            Portable: false,
            Labels: { Label: ['a<b', 'c&d'] },
            Lock: { Reason: `"quoted" 'single' >` },
          },
        ],
      },
    });
    expect(Object.keys(JSON.parse(serializeResult(DescribeThings, result, 'R-1', 'JSON')))[0]).toBe(
      'RequestId',
    );
  });

  it('omits undefined fields and writes empty lists as empty containers', () => {
    const empty = { TotalCount: 0, Things: [{ ThingId: 't-2', Labels: [] }] };
    expect(serializeResult(DescribeThings, empty, 'R-2', 'XML')).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><DescribeThingsResponse><RequestId>R-2</RequestId>' +
        '<TotalCount>0</TotalCount><Things><Thing><ThingId>t-2</ThingId><Labels></Labels></Thing></Things>' +
        '</DescribeThingsResponse>',
    );
    expect(JSON.parse(serializeResult(DescribeThings, empty, 'R-2', 'JSON'))).toEqual({
      RequestId: 'R-2',
      TotalCount: 0,
      Things: { Thing: [{ ThingId: 't-2', Labels: { Label: [] } }] },
    });
  });

  it('refuses results that do not fit the declared shape, naming the path', () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ TotalCount: '1', Things: [] }, 'DescribeThingsResponse.TotalCount must be an integer'],
      [{ TotalCount: 1.5, Things: [] }, 'TotalCount must be an integer'],
      [{ Things: [{ Portable: 'yes' }] }, 'DescribeThingsResponse.Things[0].Portable must be a boolean'],
      [{ Things: {} }, 'Things must be an array'],
      [{ Things: [], Extra: 1 }, 'DescribeThingsResponse.Extra is not in the declared response shape'],
    ];
    for (const [bad, message] of cases) {
      for (const format of ['XML', 'JSON'] as const) {
        expect(() => serializeResult(DescribeThings, bad, 'R', format)).toThrow(ShapeMismatchError);
        expect(() => serializeResult(DescribeThings, bad, 'R', format)).toThrow(message);
      }
    }
  });

  it('replaces characters XML 1.0 cannot carry', () => {
    expect(escapeXml('a\u0000b\u0007c\td\ne\uD800f😀')).toBe('a\uFFFDb\uFFFDc\td\ne\uFFFDf😀');
  });
});

describe('serializeError', () => {
  const error = { requestId: 'R-9', hostId: 'ecs.aliyuncs.com', code: 'Bad<Code>', message: 'It & "that"' };

  it('writes the reference XML error shape, escaped', () => {
    expect(serializeError(error, 'XML')).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Error><RequestId>R-9</RequestId><HostId>ecs.aliyuncs.com</HostId>' +
        '<Code>Bad&lt;Code&gt;</Code><Message>It &amp; &quot;that&quot;</Message></Error>',
    );
  });

  it('writes the reference JSON error shape', () => {
    expect(serializeError(error, 'JSON')).toBe(
      '{"RequestId":"R-9","HostId":"ecs.aliyuncs.com","Code":"Bad<Code>","Message":"It & \\"that\\""}',
    );
  });
});

describe('responses over HTTP', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.server.close();
  });

  it('answers DescribeRegions in XML by default', async () => {
    const answer = await getV1(h.server, publicParams('DescribeRegions'));
    expect(answer.status).toBe(200);
    expect(answer.contentType).toBe('text/xml;charset=utf-8');
    expect(answer.body).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><DescribeRegionsResponse><RequestId>REQ-1</RequestId><Regions>' +
        '<Region><RegionId>cn-hangzhou</RegionId><LocalName>China (Hangzhou)</LocalName></Region>' +
        '<Region><RegionId>cn-qingdao</RegionId><LocalName>China (Qingdao)</LocalName></Region>' +
        '</Regions></DescribeRegionsResponse>',
    );
  });

  it('answers in JSON for Format=JSON (any case), a one-zone list staying a list', async () => {
    const answer = await getV1(
      h.server,
      publicParams('DescribeZones', { RegionId: 'cn-hangzhou', Format: 'json' }),
    );
    expect(answer.contentType).toBe('application/json;charset=utf-8');
    expect(JSON.parse(answer.body)).toEqual({
      RequestId: 'REQ-1',
      Zones: {
        Zone: [
          {
            ZoneId: 'cn-hangzhou-a',
            LocalName: 'Zone <A> & "B" \'C\'',
            AvailableResourceCreation: { ResourceTypes: ['Instance'] },
            AvailableDiskCategories: { DiskCategories: ['cloud', 'cloud_ssd'] },
            AvailableInstanceTypes: { InstanceTypes: [] },
          },
        ],
      },
    });
  });

  it('escapes text in XML answers', async () => {
    const answer = await getV1(h.server, publicParams('DescribeZones', { RegionId: 'cn-hangzhou' }));
    expect(answer.body).toContain('<LocalName>Zone &lt;A&gt; &amp; &quot;B&quot; &apos;C&apos;</LocalName>');
  });
});
