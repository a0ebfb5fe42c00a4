import { describe, expect, it } from 'vitest';
import { decodeErrorBody, decodeResponse, decodeResponseGeneric } from '../../src/ecs/decode.js';
import { EcsTransportError } from '../../src/ecs/errors.js';
import { defineAction } from '../../src/spec/action.js';
import { DescribeRegions, DescribeZones } from '../../src/spec/actions/regions.js';
import { t } from '../../src/spec/shape.js';

// Test-only shapes covering what the declared actions do not yet: ints, floats,
// bools, nested objects, lists of strings inside list items.
const DescribeDisksLike = defineAction({
  name: 'DescribeDisks',
  summary: 'test shape',
  idempotency: 'read',
  params: {},
  response: {
    TotalCount: t.int,
    PageNumber: t.int,
    Disks: t.list(
      'Disk',
      t.object({
        DiskId: t.string,
        DiskName: t.string,
        Size: t.int,
        Portable: t.bool,
        DeleteWithInstance: t.bool,
        Price: t.float,
        Placement: t.object({ ZoneId: t.string }),
        OperationLocks: t.list('OperationLock', t.object({ LockReason: t.string })),
        Tags: t.list('Tag', t.object({ TagKey: t.string, TagValue: t.string })),
        MountPoints: t.list('MountPoint', t.string),
      }),
    ),
  },
});

function both(action: Parameters<typeof decodeResponse>[0], xml: string, json: string) {
  const fromXml = decodeResponse(action, xml, 'XML');
  const fromJson = decodeResponse(action, json, 'JSON');
  expect(fromXml).toStrictEqual(fromJson);
  return fromXml;
}

describe('decodeResponse', () => {
  it('decodes DescribeRegions from the reference example, lists as arrays', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<DescribeRegionsResponse>
<Regions>
  <Region>
    <LocalName>Qingdao node</LocalName>
    <RegionId>cn-qingdao</RegionId>
  </Region>
  <Region>
    <LocalName>Hangzhou node</LocalName>
    <RegionId>cn-hangzhou</RegionId>
  </Region>
</Regions>
<RequestId>833C6B2C-E309-45D4-A5C3-03A7A7A48ACF</RequestId>
</DescribeRegionsResponse>`;
    const json = JSON.stringify({
      RequestId: '833C6B2C-E309-45D4-A5C3-03A7A7A48ACF',
      Regions: {
        Region: [
          { RegionId: 'cn-qingdao', LocalName: 'Qingdao node' },
          { RegionId: 'cn-hangzhou', LocalName: 'Hangzhou node' },
        ],
      },
    });
    expect(both(DescribeRegions, xml, json)).toStrictEqual({
      RequestId: '833C6B2C-E309-45D4-A5C3-03A7A7A48ACF',
      Regions: [
        { RegionId: 'cn-qingdao', LocalName: 'Qingdao node' },
        { RegionId: 'cn-hangzhou', LocalName: 'Hangzhou node' },
      ],
    });
  });

  it('decodes a single-element list as a one-item array', () => {
    const xml =
      '<DescribeRegionsResponse><RequestId>r</RequestId><Regions><Region><RegionId>cn-beijing</RegionId></Region></Regions></DescribeRegionsResponse>';
    const json = '{"RequestId":"r","Regions":{"Region":[{"RegionId":"cn-beijing"}]}}';
    expect(both(DescribeRegions, xml, json).Regions).toStrictEqual([{ RegionId: 'cn-beijing' }]);
    // Some JSON producers send a lone element unwrapped; it is still one item.
    expect(
      decodeResponse(DescribeRegions, '{"RequestId":"r","Regions":{"Region":{"RegionId":"x"}}}', 'JSON')
        .Regions,
    ).toStrictEqual([{ RegionId: 'x' }]);
  });

  it.each([
    ['self-closing', '<Regions/>'],
    ['empty', '<Regions></Regions>'],
    ['whitespace-only', '<Regions>\n   \t</Regions>'],
    ['absent', ''],
  ])('decodes a %s list element as an empty array', (_name, element) => {
    const xml = `<DescribeRegionsResponse><RequestId>r</RequestId>${element}</DescribeRegionsResponse>`;
    expect(decodeResponse(DescribeRegions, xml, 'XML')).toStrictEqual({ RequestId: 'r', Regions: [] });
  });

  it.each([
    ['{"RequestId":"r","Regions":{"Region":[]}}'],
    ['{"RequestId":"r","Regions":{}}'],
    ['{"RequestId":"r"}'],
    ['{"RequestId":"r","Regions":null}'],
  ])('decodes an empty JSON list %s as an empty array', (json) => {
    expect(decodeResponse(DescribeRegions, json, 'JSON')).toStrictEqual({ RequestId: 'r', Regions: [] });
  });

  it('keeps numeric-looking and padded strings exactly as sent', () => {
    const xml =
      '<DescribeRegionsResponse><RequestId>0001</RequestId><Regions><Region><RegionId>2014</RegionId><LocalName>  1e3 </LocalName></Region><Region><RegionId>007</RegionId><LocalName>true</LocalName></Region></Regions></DescribeRegionsResponse>';
    const json = JSON.stringify({
      RequestId: '0001',
      Regions: {
        Region: [
          { RegionId: '2014', LocalName: '  1e3 ' },
          { RegionId: '007', LocalName: 'true' },
        ],
      },
    });
    expect(both(DescribeRegions, xml, json)).toStrictEqual({
      RequestId: '0001',
      Regions: [
        { RegionId: '2014', LocalName: '  1e3 ' },
        { RegionId: '007', LocalName: 'true' },
      ],
    });
  });

  it('decodes entities, numeric character references and CDATA', () => {
    const xml =
      '<DescribeRegionsResponse><RequestId>r</RequestId><Regions><Region><RegionId>a&amp;b</RegionId><LocalName>&lt;&#x41;&#169;&gt; <![CDATA[x<y]]></LocalName></Region></Regions></DescribeRegionsResponse>';
    const json = JSON.stringify({
      RequestId: 'r',
      Regions: { Region: [{ RegionId: 'a&b', LocalName: '<A©> x<y' }] },
    });
    both(DescribeRegions, xml, json);
  });

  it('decodes a list of strings inside each list item (DescribeZones)', () => {
    const xml = `<DescribeZonesResponse><RequestId>r</RequestId><Zones>
      <Zone><ZoneId>cn-hangzhou-a</ZoneId><LocalName>A</LocalName>
        <AvailableResourceCreation><ResourceTypes>Instance</ResourceTypes><ResourceTypes>Disk</ResourceTypes></AvailableResourceCreation>
        <AvailableDiskCategories><DiskCategories>cloud</DiskCategories></AvailableDiskCategories>
        <AvailableInstanceTypes/>
      </Zone></Zones></DescribeZonesResponse>`;
    const json = JSON.stringify({
      RequestId: 'r',
      Zones: {
        Zone: [
          {
            ZoneId: 'cn-hangzhou-a',
            LocalName: 'A',
            AvailableResourceCreation: { ResourceTypes: ['Instance', 'Disk'] },
            AvailableDiskCategories: { DiskCategories: ['cloud'] },
            AvailableInstanceTypes: { InstanceTypes: [] },
          },
        ],
      },
    });
    expect(both(DescribeZones, xml, json).Zones).toStrictEqual([
      {
        ZoneId: 'cn-hangzhou-a',
        LocalName: 'A',
        AvailableResourceCreation: ['Instance', 'Disk'],
        AvailableDiskCategories: ['cloud'],
        AvailableInstanceTypes: [],
      },
    ]);
  });

  it('types ints, floats and bools per the shape, drops unknown fields, keeps XML and JSON equal', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<DescribeDisksResponse>
  <RequestId>r-1</RequestId>
  <TotalCount>2</TotalCount>
  <PageNumber>1</PageNumber>
  <Unknown><Deep>1</Deep></Unknown>
  <Disks>
    <Disk>
      <DiskId>d-1</DiskId>
      <DiskName></DiskName>
      <Size>40</Size>
      <Portable>false</Portable>
      <DeleteWithInstance>true</DeleteWithInstance>
      <Price>0.25</Price>
      <Placement><ZoneId>cn-hangzhou-b</ZoneId></Placement>
      <OperationLocks><OperationLock><LockReason>financial</LockReason></OperationLock></OperationLocks>
      <Tags/>
      <MountPoints><MountPoint>/dev/xvda</MountPoint></MountPoints>
      <Category>cloud</Category>
    </Disk>
    <Disk>
      <DiskId>d-2</DiskId>
      <Size>0</Size>
      <OperationLocks>
      </OperationLocks>
      <Tags><Tag><TagKey>env</TagKey><TagValue>prod</TagValue></Tag><Tag><TagKey>k</TagKey><TagValue/></Tag></Tags>
      <MountPoints><MountPoint/></MountPoints>
    </Disk>
  </Disks>
</DescribeDisksResponse>`;
    const json = JSON.stringify({
      RequestId: 'r-1',
      TotalCount: 2,
      PageNumber: '1',
      Unknown: { Deep: 1 },
      Disks: {
        Disk: [
          {
            DiskId: 'd-1',
            DiskName: '',
            Size: 40,
            Portable: false,
            DeleteWithInstance: 'true',
            Price: 0.25,
            Placement: { ZoneId: 'cn-hangzhou-b' },
            OperationLocks: { OperationLock: [{ LockReason: 'financial' }] },
            Tags: { Tag: [] },
            MountPoints: { MountPoint: ['/dev/xvda'] },
            Category: 'cloud',
          },
          {
            DiskId: 'd-2',
            Size: 0,
            OperationLocks: { OperationLock: [] },
            Tags: {
              Tag: [
                { TagKey: 'env', TagValue: 'prod' },
                { TagKey: 'k', TagValue: '' },
              ],
            },
            MountPoints: { MountPoint: [''] },
          },
        ],
      },
    });
    expect(both(DescribeDisksLike, xml, json)).toStrictEqual({
      RequestId: 'r-1',
      TotalCount: 2,
      PageNumber: 1,
      Disks: [
        {
          DiskId: 'd-1',
          DiskName: '',
          Size: 40,
          Portable: false,
          DeleteWithInstance: true,
          Price: 0.25,
          Placement: { ZoneId: 'cn-hangzhou-b' },
          OperationLocks: [{ LockReason: 'financial' }],
          Tags: [],
          MountPoints: ['/dev/xvda'],
        },
        {
          DiskId: 'd-2',
          Size: 0,
          OperationLocks: [],
          Tags: [
            { TagKey: 'env', TagValue: 'prod' },
            { TagKey: 'k', TagValue: '' },
          ],
          MountPoints: [''],
        },
      ],
    });
  });

  it('leaves out empty numeric elements instead of inventing a zero', () => {
    const xml =
      '<DescribeDisksResponse><RequestId>r</RequestId><TotalCount/><Disks><Disk><Size> </Size><Portable></Portable></Disk></Disks></DescribeDisksResponse>';
    expect(decodeResponse(DescribeDisksLike, xml, 'XML')).toStrictEqual({
      RequestId: 'r',
      Disks: [{ OperationLocks: [], Tags: [], MountPoints: [] }],
    });
  });

  it.each([
    [
      'a non-integer int',
      '<DescribeDisksResponse><RequestId>r</RequestId><TotalCount>1.5</TotalCount></DescribeDisksResponse>',
      /TotalCount should be an integer/,
    ],
    [
      'a hex int',
      '<DescribeDisksResponse><RequestId>r</RequestId><TotalCount>0x10</TotalCount></DescribeDisksResponse>',
      /TotalCount should be an integer/,
    ],
    [
      'a bad bool',
      '<DescribeDisksResponse><RequestId>r</RequestId><Disks><Disk><Portable>yes</Portable></Disk></Disks></DescribeDisksResponse>',
      /Disks\[0\]\.Portable should be true or false/,
    ],
    [
      'an object where a string belongs',
      '<DescribeDisksResponse><RequestId>r</RequestId><Disks><Disk><DiskId><X>1</X></DiskId></Disk></Disks></DescribeDisksResponse>',
      /Disks\[0\]\.DiskId should be a string/,
    ],
    [
      'text where a list belongs',
      '<DescribeDisksResponse><RequestId>r</RequestId><Disks>oops</Disks></DescribeDisksResponse>',
      /Disks should be a list of Disk/,
    ],
  ])('refuses %s as InvalidResponse naming the path', (_name, xml, pattern) => {
    expect(() => decodeResponse(DescribeDisksLike, xml, 'XML')).toThrow(pattern);
  });

  it.each([
    ['XML', ''],
    ['XML', '<DescribeRegionsResponse><RequestId>r</RequestId><Regions><Reg'],
    ['XML', '<DescribeRegionsResponse><RequestId>r</RequestId>'],
    ['XML', '<html><body><h1>502 Bad Gateway</h1></body></html>'],
    ['XML', '<DescribeZonesResponse><RequestId>r</RequestId></DescribeZonesResponse>'],
    ['XML', '<DescribeRegionsResponse><Regions/></DescribeRegionsResponse>'],
    ['XML', '<DescribeRegionsResponse><RequestId>r</RequestId></DescribeRegionsResponse><Extra/>'],
    ['JSON', ''],
    ['JSON', '{"RequestId":"r","Regions":{"Region":[{"Regi'],
    ['JSON', '[]'],
    ['JSON', 'null'],
    ['JSON', '"text"'],
    ['JSON', '{}'],
    ['JSON', '<DescribeRegionsResponse><RequestId>r</RequestId></DescribeRegionsResponse>'],
  ] as const)('refuses a malformed %s body %j as InvalidResponse, never an empty result', (format, body) => {
    let caught: unknown;
    try {
      decodeResponse(DescribeRegions, body, format, { httpStatus: 200, requestId: 'hdr' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EcsTransportError);
    expect(caught).toMatchObject({
      code: 'InvalidResponse',
      httpStatus: 200,
      requestId: 'hdr',
      retryable: false,
    });
    expect((caught as Error).message).toMatch(/^DescribeRegions: the (XML|JSON) response /);
  });
});

describe('decodeResponse over XML: the shape-driven reader or fast-xml-parser, one answer', () => {
  const context = { httpStatus: 200, requestId: 'hdr' };
  const settle = (decode: typeof decodeResponse, body: string) => {
    try {
      return { result: decode(DescribeRegions, body, 'XML', context) };
    } catch (error) {
      return { error };
    }
  };

  it.each([
    [
      'read by the shape reader',
      '<DescribeRegionsResponse><RequestId>r</RequestId><Regions/></DescribeRegionsResponse>',
    ],
    [
      'with a comment, left to fast-xml-parser',
      '<DescribeRegionsResponse><!--c--><RequestId>r</RequestId></DescribeRegionsResponse>',
    ],
    [
      'read by the shape reader, without RequestId',
      '<DescribeRegionsResponse><Regions/></DescribeRegionsResponse>',
    ],
    [
      'with a CDATA RequestId',
      '<DescribeRegionsResponse><RequestId><![CDATA[]]></RequestId></DescribeRegionsResponse>',
    ],
    ['cut short', '<DescribeRegionsResponse><RequestId>r</Req'],
  ])('answers a body %s as fast-xml-parser alone does', (_name, body) => {
    const answer = settle(decodeResponse, body);
    expect(answer).toStrictEqual(settle(decodeResponseGeneric, body));
    if ('error' in answer) expect(answer.error).toMatchObject({ code: 'InvalidResponse', ...context });
  });
});

describe('decodeErrorBody', () => {
  const fields = {
    code: 'UnsupportedOperation',
    message: 'The specified action is not supported.',
    requestId: '8906582E-6722-409A-A6C4-0E7863B733A5',
    hostId: 'ecs.aliyuncs.com',
    recommend: undefined,
  };

  it('reads the reference XML and JSON error bodies to the same fields', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<Error>
    <RequestId>8906582E-6722-409A-A6C4-0E7863B733A5</RequestId>
    <HostId>ecs.aliyuncs.com</HostId>
    <Code>UnsupportedOperation</Code>
    <Message>The specified action is not supported.</Message>
</Error>`;
    const json = `{
    "RequestId": "8906582E-6722-409A-A6C4-0E7863B733A5",
    "HostId": "ecs.aliyuncs.com",
    "Code": "UnsupportedOperation",
    "Message": "The specified action is not supported."
}`;
    expect(decodeErrorBody(xml)).toStrictEqual(fields);
    expect(decodeErrorBody(json)).toStrictEqual(fields);
  });

  it('reads Recommend when present and tolerates a missing Message', () => {
    expect(
      decodeErrorBody('{"Code":"Throttling.User","RequestId":"r","Recommend":"https://diag/r"}'),
    ).toStrictEqual({
      code: 'Throttling.User',
      message: '',
      requestId: 'r',
      hostId: undefined,
      recommend: 'https://diag/r',
    });
  });

  it.each([
    '',
    '   ',
    '<html><body>502 Bad Gateway</body></html>',
    '<!DOCTYPE html><html><body><br></body></html>',
    '<Error><Code>Throttling</Code>',
    '{"Code":"Throttl',
    '{"Message":"no code"}',
    '<Error>plain text</Error>',
    'Bad Gateway',
  ])('returns undefined for a body that is not an ECS error: %j', (body) => {
    expect(decodeErrorBody(body)).toBeUndefined();
  });
});
