import { describe, expect, it } from 'vitest';
import { encodeParams } from '../../src/ecs/encode-params.js';
import { ParamError } from '../../src/ecs/errors.js';
import { parseParams, WireParamError } from '../../src/simulator/parse-params.js';
import { API_LIMITS } from '../../src/spec/limits.js';
import type { ParamProblem } from '../../src/spec/param-checks.js';
import { type InputOf, type Params, p } from '../../src/spec/params.js';
import { prng } from '../support/prng.js';

const OLD = API_LIMITS['2014'];
const NEW = API_LIMITS.current;

/** A DescribeInstances-like declaration using every kind of parameter. */
const describeParams = {
  RegionId: p.string({ required: true }),
  InstanceIds: p.idList({ max: 'ids' }),
  Status: p.string({ values: ['Running', 'Stopped'] }),
  InstanceName: p.string({ minLength: 2, maxLength: 128 }),
  PageNumber: p.pageNumber(),
  PageSize: p.pageSize(),
  DryRun: p.bool(),
  Period: p.int({ min: 1, max: 9, code: 'InvalidPeriod', httpStatus: 403 }),
  Tag: p.repeated({
    max: 20,
    fields: { Key: p.string({ maxLength: 128 }), Value: p.string({ maxLength: 128 }) },
  }),
} satisfies Params;
type DescribeInput = InputOf<typeof describeParams>;

/** Tag.N.Key is required when Tag.N is given, as in CreateSnapshot. */
const taggedParams = {
  DiskId: p.string({ required: true }),
  Tag: p.repeated({
    max: 20,
    fields: { Key: p.string({ required: true }), Value: p.string({ maxLength: 3 }) },
  }),
} satisfies Params;

function problems(run: () => unknown): Pick<ParamProblem, 'param' | 'rule' | 'code' | 'httpStatus'>[] {
  try {
    run();
  } catch (error) {
    // The client refuses with its ParamError, the simulator with its WireParamError:
    // two implementations of one declaration, answering the same problems.
    if (!(error instanceof ParamError || error instanceof WireParamError)) throw error;
    return error.problems.map(({ param, rule, code, httpStatus }) => ({
      param,
      rule,
      code,
      httpStatus,
    }));
  }
  throw new Error('expected a refusal');
}

const invalid = (param: string, rule: string) => ({ param, rule, code: 'InvalidParameter', httpStatus: 400 });
const missing = (param: string) => ({ param, rule: 'required', code: 'MissingParameter', httpStatus: 400 });
const ids = (n: number) => Array.from({ length: n }, (_, i) => `i-${i}`);

describe('encodeParams', () => {
  it('flattens a typed input to wire parameters', () => {
    const input: DescribeInput = {
      RegionId: 'cn-hangzhou',
      InstanceIds: ['i-abc', 'i-def'],
      PageSize: 50,
      DryRun: false,
      Tag: [{ Key: 'env', Value: 'prod test*~' }, { Key: 'owner' }],
    };
    expect(encodeParams(describeParams, input, OLD)).toEqual({
      RegionId: 'cn-hangzhou',
      InstanceIds: '["i-abc","i-def"]',
      PageSize: '50',
      DryRun: 'false',
      'Tag.1.Key': 'env',
      'Tag.1.Value': 'prod test*~',
      'Tag.2.Key': 'owner',
    });
  });

  it('keeps [] as an effective filter (matches nothing) and leaves undefined off the wire', () => {
    expect(
      encodeParams(
        describeParams,
        { RegionId: 'r', InstanceIds: [], Status: undefined, DryRun: true, Tag: undefined },
        OLD,
      ),
    ).toEqual({ RegionId: 'r', InstanceIds: '[]', DryRun: 'true' });
  });

  it('reports every problem at once, naming the wire parameter and the rule', () => {
    const input = {
      InstanceIds: ids(11),
      Status: 'Paused',
      InstanceName: 'x',
      PageNumber: 0,
      PageSize: 51,
      DryRun: 'yes',
      Period: 10,
      Tag: [{ Key: 'ok' }, { Key: 'k'.repeat(129), Value: 7 }],
    } as unknown as DescribeInput;
    expect(problems(() => encodeParams(describeParams, input, OLD))).toEqual([
      missing('RegionId'),
      invalid('InstanceIds', 'at most 10 ids'),
      invalid('Status', 'one of Running, Stopped'),
      invalid('InstanceName', 'at least 2 characters'),
      invalid('PageNumber', 'an integer of at least 1'),
      invalid('PageSize', 'an integer from 1 to 50'),
      invalid('DryRun', 'must be true or false'),
      { param: 'Period', rule: 'an integer from 1 to 9', code: 'InvalidPeriod', httpStatus: 403 },
      invalid('Tag.2.Key', 'at most 128 characters'),
      invalid('Tag.2.Value', 'must be a string'),
    ]);
  });

  it("words its messages as the API's", () => {
    const error = (() => {
      try {
        encodeParams(describeParams, { PageSize: 0 } as DescribeInput, OLD);
      } catch (caught) {
        return caught as ParamError;
      }
      throw new Error('expected a ParamError');
    })();
    expect(error.first.message).toBe(
      'The input parameter "RegionId" that is mandatory for processing this request is not supplied.',
    );
    expect(error.message).toBe(
      'The input parameter "RegionId" that is mandatory for processing this request is not supplied. ' +
        'The specified parameter "PageSize" is not valid: an integer from 1 to 50.',
    );
  });

  it('rejects malformed typed values: ids that are empty or not strings, too many entries, non-object entries', () => {
    const input = {
      RegionId: 'r',
      InstanceIds: ['i-1', ''],
      PageSize: 1.5,
      Tag: [{ Key: 'a' }, 'b'],
    } as unknown as DescribeInput;
    expect(problems(() => encodeParams(describeParams, input, OLD))).toEqual([
      invalid('InstanceIds', 'a JSON array of non-empty id strings'),
      invalid('PageSize', 'must be an integer'),
      invalid('Tag.2', 'must be an object'),
    ]);
    const many = { RegionId: 'r', Tag: Array.from({ length: 21 }, () => ({ Key: 'k' })) };
    expect(problems(() => encodeParams(describeParams, many, OLD))).toEqual([
      invalid('Tag', 'at most 20 entries'),
    ]);
  });

  it('names each entry that repeats a unique field, with the declared code', () => {
    const unique = {
      Tag: p.repeated({
        max: 20,
        unique: { field: 'Key', code: 'Duplicate.TagKey' },
        fields: { Key: p.string({ required: true }), Value: p.string() },
      }),
    } satisfies Params;
    const input = { Tag: [{ Key: 'env' }, { Key: 'team' }, { Key: 'env', Value: 'x' }, { Key: 'env' }] };
    expect(problems(() => encodeParams(unique, input, OLD))).toEqual(
      [3, 4].map((n) => ({
        param: `Tag.${n}.Key`,
        rule: 'must differ from Tag.1.Key: no two entries may share it',
        code: 'Duplicate.TagKey',
        httpStatus: 400,
      })),
    );
    expect(encodeParams(unique, { Tag: [{ Key: 'env' }, { Key: 'Env' }] }, OLD)).toEqual({
      'Tag.1.Key': 'env',
      'Tag.2.Key': 'Env',
    });
  });

  it('switches limits with the API_LIMITS table: 10 vs 100 ids, PageSize 50 vs 100', () => {
    const at = (limit: number, pageSize: number): DescribeInput => ({
      RegionId: 'r',
      InstanceIds: ids(limit),
      PageSize: pageSize,
    });
    expect(encodeParams(describeParams, at(10, 50), OLD).InstanceIds).toBe(JSON.stringify(ids(10)));
    expect(problems(() => encodeParams(describeParams, at(11, 51), OLD))).toEqual([
      invalid('InstanceIds', 'at most 10 ids'),
      invalid('PageSize', 'an integer from 1 to 50'),
    ]);
    expect(encodeParams(describeParams, at(100, 100), NEW).PageSize).toBe('100');
    expect(problems(() => encodeParams(describeParams, at(101, 101), NEW))).toEqual([
      invalid('InstanceIds', 'at most 100 ids'),
      invalid('PageSize', 'an integer from 1 to 100'),
    ]);
  });
});

describe('parseParams', () => {
  it('parses wire parameters into the typed input', () => {
    expect(
      parseParams(
        describeParams,
        {
          RegionId: 'cn-hangzhou',
          InstanceIds: '["i-abc","i-def"]',
          PageNumber: '2',
          PageSize: '50',
          DryRun: 'true',
          'Tag.1.Key': 'env',
          'Tag.1.Value': '',
          'Tag.2.Value': 'only a value',
          Unknown: 'ignored, as ECS ignores it',
        },
        OLD,
      ),
    ).toEqual({
      RegionId: 'cn-hangzhou',
      InstanceIds: ['i-abc', 'i-def'],
      PageNumber: 2,
      PageSize: 50,
      DryRun: true,
      Tag: [{ Key: 'env', Value: '' }, { Value: 'only a value' }],
    });
  });

  it('keeps [] as a filter', () => {
    expect(parseParams(describeParams, { RegionId: 'r', InstanceIds: '[]' }, OLD)).toEqual({
      RegionId: 'r',
      InstanceIds: [],
    });
  });

  it('reads Tag.N with gaps in wire order, and names problems by their wire N', () => {
    const wire = { DiskId: 'd-1', 'Tag.1.Key': 'a', 'Tag.3.Key': 'c', 'Tag.3.Value': 'v', 'Tag.7.Key': 'g' };
    expect(parseParams(taggedParams, wire, OLD)).toEqual({
      DiskId: 'd-1',
      Tag: [{ Key: 'a' }, { Key: 'c', Value: 'v' }, { Key: 'g' }],
    });
    expect(
      problems(() =>
        parseParams(
          taggedParams,
          { DiskId: 'd-1', 'Tag.1.Key': 'a', 'Tag.3.Value': 'long', 'Tag.5.Value': 'v' },
          OLD,
        ),
      ),
    ).toEqual([missing('Tag.3.Key'), invalid('Tag.3.Value', 'at most 3 characters'), missing('Tag.5.Key')]);
  });

  it('reports every N out of range', () => {
    expect(
      problems(() =>
        parseParams(
          taggedParams,
          { DiskId: 'd', 'Tag.0.Key': 'a', 'Tag.21.Key': 'b', 'Tag.2.Key': 'c' },
          OLD,
        ),
      ),
    ).toEqual([invalid('Tag.0', 'N from 1 to 20'), invalid('Tag.21', 'N from 1 to 20')]);
  });

  it('reports every malformed or out-of-range value at once, with MissingParameter for required ones', () => {
    expect(
      problems(() =>
        parseParams(
          describeParams,
          {
            InstanceIds: 'i-1,i-2',
            Status: 'Paused',
            PageNumber: '1.5',
            PageSize: '51',
            DryRun: 'True',
            Period: '0',
            'Tag.1.Key': 'k'.repeat(129),
          },
          OLD,
        ),
      ),
    ).toEqual([
      missing('RegionId'),
      invalid('InstanceIds', 'a JSON array of id strings'),
      invalid('Status', 'one of Running, Stopped'),
      invalid('PageNumber', 'must be an integer'),
      invalid('PageSize', 'an integer from 1 to 50'),
      invalid('DryRun', 'must be true or false'),
      { param: 'Period', rule: 'an integer from 1 to 9', code: 'InvalidPeriod', httpStatus: 403 },
      invalid('Tag.1.Key', 'at most 128 characters'),
    ]);
  });

  it.each([
    ['[1,2]', 'a JSON array of id strings'],
    ['{"a":"b"}', 'a JSON array of id strings'],
    ['["i-1",""]', 'a JSON array of non-empty id strings'],
  ])('rejects the id list %s', (raw, rule) => {
    expect(problems(() => parseParams(describeParams, { RegionId: 'r', InstanceIds: raw }, OLD))).toEqual([
      invalid('InstanceIds', rule),
    ]);
  });

  it('switches limits: 11 ids and PageSize 100 pass only with the current limits', () => {
    const wire = { RegionId: 'r', InstanceIds: JSON.stringify(ids(11)), PageSize: '100' };
    expect(problems(() => parseParams(describeParams, wire, OLD))).toEqual([
      invalid('InstanceIds', 'at most 10 ids'),
      invalid('PageSize', 'an integer from 1 to 50'),
    ]);
    expect(parseParams(describeParams, wire, NEW)).toMatchObject({ InstanceIds: ids(11), PageSize: 100 });
  });

  it('a required repeated parameter that is absent is MissingParameter', () => {
    const params = {
      Tag: p.repeated({ required: true, max: 5, fields: { Key: p.string() } }),
    } satisfies Params;
    expect(problems(() => parseParams(params, {}, OLD))).toEqual([missing('Tag')]);
    expect(problems(() => encodeParams(params, {} as InputOf<typeof params>, OLD))).toEqual([missing('Tag')]);
  });
});

const CHARS = [...'abcXYZ019-_. ,"[]{}\\/&=+%杭州😀\u0000\n'];

describe('round trip', () => {
  it('parseParams(encodeParams(x)) deep-equals x for random valid inputs', () => {
    const random = prng(526);
    const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
    const maybe = <T>(make: () => T): T | undefined => (random() < 0.5 ? make() : undefined);
    const text = (min: number, max: number) =>
      Array.from({ length: int(min, max) }, () => CHARS[int(0, CHARS.length - 1)]).join('');

    for (let round = 0; round < 500; round += 1) {
      const limits = random() < 0.5 ? OLD : NEW;
      const candidate: Record<string, unknown> = {
        RegionId: text(0, 12),
        InstanceIds: maybe(() => Array.from({ length: int(0, limits.ids) }, () => text(1, 10))),
        Status: maybe(() => (random() < 0.5 ? 'Running' : 'Stopped')),
        InstanceName: maybe(() => text(2, 20)),
        PageNumber: maybe(() => int(1, 1e6)),
        PageSize: maybe(() => int(1, limits.pageSize)),
        DryRun: maybe(() => random() < 0.5),
        Period: maybe(() => int(1, 9)),
        // The wire cannot carry an empty entry (Tag.N with no field), so every entry has one.
        Tag: maybe(() =>
          Array.from({ length: int(1, 20) }, () => {
            const key = maybe(() => text(0, 10));
            return key === undefined || random() < 0.5
              ? { Key: key ?? text(0, 5), Value: text(0, 10) }
              : { Key: key };
          }),
        ),
      };
      const input = Object.fromEntries(
        Object.entries(candidate).filter(([, value]) => value !== undefined),
      ) as DescribeInput;
      const wire = encodeParams(describeParams, input, limits);
      expect(parseParams(describeParams, wire, limits), JSON.stringify({ round, input })).toEqual(input);
    }
  });
});
