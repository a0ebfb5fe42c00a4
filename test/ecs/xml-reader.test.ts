import { describe, expect, it } from 'vitest';
import { decodeResponse, decodeResponseGeneric } from '../../src/ecs/decode.js';
import { readXmlDocument } from '../../src/ecs/xml-reader.js';
import { defineAction } from '../../src/spec/action.js';
import { DescribeZones } from '../../src/spec/actions/regions.js';
import { t } from '../../src/spec/shape.js';

// A test-only shape with every kind, a list of objects holding a list of strings, and a list of lists.
const DescribeThings = defineAction({
  name: 'DescribeThings',
  summary: 'test shape',
  idempotency: 'read',
  params: {},
  response: {
    TotalCount: t.int,
    Price: t.float,
    Enabled: t.bool,
    Placement: t.object({ ZoneId: t.string }),
    Things: t.list('Thing', t.object({ Name: t.string, Ids: t.list('Id', t.string) })),
    Grid: t.list('Row', t.list('Cell', t.int)),
  },
});

const wrap = (inner: string) =>
  `<DescribeThingsResponse><RequestId>r</RequestId>${inner}</DescribeThingsResponse>`;

/** What the shape-driven reader alone makes of a body; undefined when it leaves it to fast-xml-parser. */
const read = (body: string) => readXmlDocument(body, 'DescribeThingsResponse', DescribeThings.response);

/** decodeResponse's answer, checked equal to the reference's. */
function decoded(body: string) {
  const result = decodeResponse(DescribeThings, body, 'XML');
  expect(result).toStrictEqual(decodeResponseGeneric(DescribeThings, body, 'XML'));
  return result;
}

/** A decoder's result, or the kind and words of its refusal. */
function outcome(decode: typeof decodeResponse, body: string): unknown {
  try {
    return decode(DescribeThings, body, 'XML');
  } catch (error) {
    return { refusal: String(error), code: (error as { code?: unknown }).code };
  }
}

const EMPTY = { RequestId: 'r', Things: [], Grid: [] };

describe('readXmlDocument', () => {
  it('replaces the five XML entities and decimal and hex character references', () => {
    const body = wrap(
      '<Placement><ZoneId>&lt;a&gt; &amp;amp; &quot;q&quot; &apos;s&apos; &#169;&#xa9;&#x1F600;&#38;lt;</ZoneId></Placement>',
    );
    const expected = { ...EMPTY, Placement: { ZoneId: '<a> &amp; "q" \'s\' ©©😀&lt;' } };
    expect(read(body)).toStrictEqual(expected);
    expect(decoded(body)).toStrictEqual(expected);
  });

  it.each([
    ['an HTML entity', '&nbsp;x'],
    ['an unknown entity', '&bogus;'],
    ['an uppercase hex reference', '&#X41;'],
    ['a reference to NUL', '&#0;'],
    ['a reference to a surrogate', '&#xD800;'],
    ['a reference past Unicode', '&#x110000;'],
    ['an empty reference', '&#;'],
    ['a bare ampersand', 'a & b'],
  ])('leaves %s to fast-xml-parser, with the same result or refusal', (_name, text) => {
    const body = wrap(`<Placement><ZoneId>${text}</ZoneId></Placement>`);
    expect(read(body)).toBeUndefined();
    expect(outcome(decodeResponse, body)).toStrictEqual(outcome(decodeResponseGeneric, body));
  });

  it('leaves CDATA to fast-xml-parser, which decodes it to the same text', () => {
    const body = wrap('<Placement><ZoneId>a <![CDATA[<b> & c]]></ZoneId></Placement>');
    expect(read(body)).toBeUndefined();
    expect(decoded(body)).toStrictEqual({ ...EMPTY, Placement: { ZoneId: 'a <b> & c' } });
  });

  it.each([
    ['inside a value', wrap('<Placement><ZoneId>a<!-- c -->b</ZoneId></Placement>')],
    ['between elements', wrap('<!-- c --><TotalCount>3</TotalCount>')],
    ['before the root', `<!-- c -->${wrap('<TotalCount>3</TotalCount>')}`],
  ])('leaves a comment %s to fast-xml-parser', (_where, body) => {
    expect(read(body)).toBeUndefined();
    expect(decoded(body).RequestId).toBe('r');
  });

  it('decodes self-closing and empty elements per their shape', () => {
    const body = wrap(
      '<TotalCount/><Price></Price><Enabled/><Placement/><Things><Thing/><Thing><Name></Name><Ids/></Thing></Things><Grid/>',
    );
    const expected = { ...EMPTY, Placement: {}, Things: [{ Ids: [] }, { Name: '', Ids: [] }] };
    expect(read(body)).toStrictEqual(expected);
    expect(decoded(body)).toStrictEqual(expected);
  });

  it('decodes a one-element list as a one-item array', () => {
    const body = wrap('<Things><Thing><Name>a</Name><Ids><Id>i-1</Id></Ids></Thing></Things>');
    const expected = { ...EMPTY, Things: [{ Name: 'a', Ids: ['i-1'] }] };
    expect(read(body)).toStrictEqual(expected);
    expect(decoded(body)).toStrictEqual(expected);
  });

  it('decodes nested lists: lists inside list items and a list of lists', () => {
    const body = wrap(
      '<Things><Thing><Ids><Id>1</Id><Id>2</Id></Ids></Thing><Thing><Ids><Id>3</Id></Ids></Thing></Things>' +
        '<Grid><Row><Cell>1</Cell><Cell> 2 </Cell></Row><Row/><Row><Cell>3</Cell></Row></Grid>',
    );
    const expected = {
      ...EMPTY,
      Things: [{ Ids: ['1', '2'] }, { Ids: ['3'] }],
      Grid: [[1, 2], [], [3]],
    };
    expect(read(body)).toStrictEqual(expected);
    expect(decoded(body)).toStrictEqual(expected);
  });

  it('types numbers and booleans as the shape says and keeps strings exactly', () => {
    const body = wrap(
      '<TotalCount> 42 </TotalCount><Price>1.5e2</Price><Enabled>TRUE</Enabled><Placement><ZoneId> 2014 </ZoneId></Placement>',
    );
    const expected = { ...EMPTY, TotalCount: 42, Price: 150, Enabled: true, Placement: { ZoneId: ' 2014 ' } };
    expect(read(body)).toStrictEqual(expected);
    expect(decoded(body)).toStrictEqual(expected);
  });

  it('skips undeclared elements, nested ones too, by their end tags', () => {
    const body = wrap(
      '<Extra><Things><Thing><Name>not mine</Name></Thing></Things><Extra>&amp;</Extra></Extra><Unknown/>' +
        '<Things><Thing><Name>mine</Name><Note><Ids><Id>x</Id></Ids></Note></Thing></Things>',
    );
    const expected = { ...EMPTY, Things: [{ Name: 'mine', Ids: [] }] };
    expect(read(body)).toStrictEqual(expected);
    expect(decoded(body)).toStrictEqual(expected);
  });

  it('reads pretty-printed documents with a declaration, LF or CRLF, as compact ones', () => {
    const lines = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<DescribeThingsResponse>',
      '  <RequestId>r</RequestId>',
      '  <Things>',
      '    <Thing>',
      '      <Name>two\r\nlines</Name>',
      '    </Thing>',
      '  </Things>',
      '</DescribeThingsResponse>',
      '',
    ];
    const expected = { ...EMPTY, Things: [{ Name: 'two\nlines', Ids: [] }] };
    for (const newline of ['\n', '\r\n']) {
      const body = lines.join(newline);
      expect(read(body)).toStrictEqual(expected);
      expect(decoded(body)).toStrictEqual(expected);
    }
  });

  it('puts fields in declaration order whatever the wire order', () => {
    const body =
      '<DescribeThingsResponse><Enabled>false</Enabled><TotalCount>1</TotalCount><RequestId>r</RequestId></DescribeThingsResponse>';
    expect(Object.keys(read(body)!)).toStrictEqual(['TotalCount', 'Enabled', 'Things', 'Grid', 'RequestId']);
    expect(Object.keys(decoded(body))).toStrictEqual(Object.keys(read(body)!));
  });

  it.each([
    ['a declaration after whitespace', ` <?xml version="1.0"?>${wrap('')}`],
    ['a declaration with markup in it', `<?xml version="1.0" x="<"?>${wrap('')}`],
    ['a processing instruction', `<?xml-stylesheet href="a"?>${wrap('')}`],
    ['a DOCTYPE', `<!DOCTYPE DescribeThingsResponse>${wrap('')}`],
    ['a byte order mark', `\ufeff${wrap('')}`],
    [
      'an attribute',
      '<DescribeThingsResponse xmlns="urn:x"><RequestId>r</RequestId></DescribeThingsResponse>',
    ],
    ['a space in a tag', wrap('<TotalCount >1</TotalCount >')],
    ['mixed content', wrap('<Placement>zone <ZoneId>a</ZoneId></Placement>')],
    ['text where an object belongs', wrap('<Placement>zone</Placement>')],
    ['an element where a string belongs', wrap('<Placement><ZoneId><X/></ZoneId></Placement>')],
    ['a repeated field', wrap('<TotalCount>1</TotalCount><TotalCount>2</TotalCount>')],
    ['a number that is not one', wrap('<TotalCount>0x10</TotalCount>')],
    ['an empty number in a list', wrap('<Grid><Row><Cell/></Row></Grid>')],
    ['another root', '<DescribeZonesResponse><RequestId>r</RequestId></DescribeZonesResponse>'],
    ['a mismatched end tag', wrap('<Placement><ZoneId>a</ZoneID></Placement>')],
    ['a truncated document', wrap('<Things><Thing><Name>a</Name>').slice(0, -10)],
    ['text after the root', `${wrap('')} x`],
    ['a second root', `${wrap('')}<Other/>`],
    ['a reserved name', wrap('<constructor>1</constructor>')],
    ['nesting deeper than the reference allows', wrap(`${'<X>'.repeat(120)}${'</X>'.repeat(120)}`)],
  ])('gives up on %s, and decodeResponse ends as the reference does', (_name, body) => {
    expect(read(body)).toBeUndefined();
    expect(outcome(decodeResponse, body)).toStrictEqual(outcome(decodeResponseGeneric, body));
  });

  it('reads the reference DescribeZones example shape without falling back', () => {
    const body =
      '<DescribeZonesResponse><RequestId>r</RequestId><Zones><Zone><ZoneId>cn-hangzhou-a</ZoneId>' +
      '<AvailableResourceCreation><ResourceTypes>Instance</ResourceTypes><ResourceTypes>Disk</ResourceTypes></AvailableResourceCreation>' +
      '</Zone></Zones></DescribeZonesResponse>';
    expect(readXmlDocument(body, 'DescribeZonesResponse', DescribeZones.response)).toStrictEqual(
      decodeResponseGeneric(DescribeZones, body, 'XML'),
    );
  });
});
