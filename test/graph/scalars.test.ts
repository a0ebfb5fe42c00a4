import { describe, expect, it } from 'vitest';
import { enumName } from '../../src/schema/enums.js';
import { DateTimeScalar, parseDateTime } from '../../src/schema/scalars.js';

describe('DateTime', () => {
  it('reads ECS times with and without seconds as UTC', () => {
    expect(DateTimeScalar.serialize('2014-05-26T12:00Z')).toBe('2014-05-26T12:00:00.000Z');
    expect(DateTimeScalar.serialize('2014-05-26T12:00:07Z')).toBe('2014-05-26T12:00:07.000Z');
    expect(DateTimeScalar.serialize('2024-01-02T03:04:05.5+08:00')).toBe('2024-01-01T19:04:05.500Z');
    expect(DateTimeScalar.serialize(new Date(Date.UTC(2014, 4, 26)))).toBe('2014-05-26T00:00:00.000Z');
  });

  it('refuses times without a zone or a time, naming the rule', () => {
    expect(parseDateTime('2014-05-26T12:00')).toBeUndefined();
    expect(parseDateTime('2014-05-26')).toBeUndefined();
    expect(parseDateTime('2014-13-45T12:00Z')).toBeUndefined();
    expect(() => DateTimeScalar.parseValue('yesterday')).toThrow(
      'DateTime variable: DateTime must be an ISO 8601 time with a zone, such as 2014-05-26T12:00:00Z; got "yesterday".',
    );
  });
});

describe('DateTime served again', () => {
  it('answers a repeated time the same, and refuses a text that is no time every time', () => {
    for (let round = 0; round < 3; round++) {
      expect(DateTimeScalar.serialize('2014-05-26T12:00Z')).toBe('2014-05-26T12:00:00.000Z');
      expect(() => DateTimeScalar.serialize('2014-05-26T12:00')).toThrow(
        'DateTime value: DateTime must be an ISO 8601 time with a zone, such as 2014-05-26T12:00:00Z; got "2014-05-26T12:00".',
      );
    }
  });
});

describe('enumName', () => {
  it('turns ECS values into GraphQL enum names', () => {
    expect(['Running', 'PendingCreate', 'cloud_efficiency', 'ephemeral_ssd', 'In_use'].map(enumName)).toEqual(
      ['RUNNING', 'PENDING_CREATE', 'CLOUD_EFFICIENCY', 'EPHEMERAL_SSD', 'IN_USE'],
    );
  });
});
