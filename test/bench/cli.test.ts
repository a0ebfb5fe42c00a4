import { describe, expect, it } from 'vitest';
import { DEFAULT_OUT, parseBenchArgs } from '../../bench/lib/cli.js';

const KNOWN = ['calls', 'latency', 'overhead', 'micro'];

describe('parseBenchArgs', () => {
  it('runs everything by default', () => {
    expect(parseBenchArgs([], KNOWN)).toEqual({
      only: undefined,
      quick: false,
      out: DEFAULT_OUT,
      limits: '2014',
    });
  });

  it('takes --only as a list, repeated or with =, and --quick and --out', () => {
    expect(
      parseBenchArgs(['--only', 'overhead', '--only=micro,calls', '--quick', '--out', 'x.json'], KNOWN),
    ).toEqual({
      only: ['overhead', 'micro', 'calls'],
      quick: true,
      out: 'x.json',
      limits: '2014',
    });
  });

  it('takes --limits 2014 or current, and refuses any other profile', () => {
    expect(parseBenchArgs(['--limits', 'current'], KNOWN).limits).toBe('current');
    expect(parseBenchArgs(['--limits=2014'], KNOWN).limits).toBe('2014');
    expect(() => parseBenchArgs(['--limits', 'latest'], KNOWN)).toThrow(
      '--limits takes 2014 or current; got latest',
    );
    expect(() => parseBenchArgs(['--limits'], KNOWN)).toThrow('--limits needs a value');
  });

  it('names an unknown scenario and the known ones', () => {
    expect(() => parseBenchArgs(['--only', 'overhed'], KNOWN)).toThrow(
      '--only: no scenario named overhed; the scenarios are calls, latency, overhead, micro',
    );
  });

  it('refuses an unknown argument and a flag without its value', () => {
    expect(() => parseBenchArgs(['--fast'], KNOWN)).toThrow('unknown argument --fast');
    expect(() => parseBenchArgs(['--out'], KNOWN)).toThrow('--out needs a value');
  });
});
