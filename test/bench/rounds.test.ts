import { describe, expect, it } from 'vitest';
import { CallRecorder, dependentRounds } from '../../bench/lib/rounds.js';

const call = (startedAt: number, endedAt: number) => ({ startedAt, endedAt });

describe('dependentRounds', () => {
  it('counts calls made one after another as one round each', () => {
    expect(dependentRounds([call(0, 20), call(20, 40), call(40, 60)])).toBe(3);
  });

  it('counts calls in flight together as one round', () => {
    expect(dependentRounds([call(0, 20), call(1, 21), call(2, 22)])).toBe(1);
  });

  it('follows the longest chain through a fan-out: list, then children together, then grandchildren', () => {
    const list = call(0, 20);
    const children = [call(20, 40), call(21, 45), call(20, 41)];
    const grandchildren = [call(45, 65), call(41, 60)];
    expect(dependentRounds([...grandchildren, list, ...children])).toBe(3);
  });

  it('finds the longest chain even when a long call overlaps it', () => {
    // One slow call spans the whole time; the chain of short ones is what the clock waited for.
    expect(dependentRounds([call(0, 100), call(0, 30), call(30, 60), call(60, 90)])).toBe(3);
  });

  it('is 0 without calls and refuses a call that ends before it starts', () => {
    expect(dependentRounds([])).toBe(0);
    expect(() => dependentRounds([call(5, 4)])).toThrow('a call cannot end before it starts');
  });
});

describe('CallRecorder', () => {
  it('records each call on its clock, failed calls too, and forgets them on reset', async () => {
    let now = 0;
    const recorder = new CallRecorder(() => now);
    await recorder.record(async () => {
      now = 20;
    });
    await expect(
      recorder.record(async () => {
        now = 45;
        throw new Error('upstream failed');
      }),
    ).rejects.toThrow('upstream failed');
    expect(recorder.calls).toEqual([call(0, 20), call(20, 45)]);
    expect(recorder.rounds).toBe(2);
    recorder.reset();
    expect(recorder.calls).toEqual([]);
  });
});
