import { describe, expect, it } from 'vitest';
import { cell, renderTable } from '../../bench/lib/table.js';

describe('renderTable', () => {
  it('writes a Markdown table with padded columns, its title and notes', () => {
    const text = renderTable({
      title: 'Calls',
      columns: ['case', 'calls'],
      rows: [
        ['full page', 16],
        ['small', 1.23456],
      ],
      notes: ['Counted by the simulator.'],
    });
    expect(text).toBe(
      [
        '**Calls**',
        '',
        '| case      | calls |',
        '| --------- | ----- |',
        '| full page | 16    |',
        '| small     | 1.23  |',
        '',
        'Counted by the simulator.',
      ].join('\n'),
    );
  });

  it('refuses a row whose cells do not match the columns', () => {
    expect(() => renderTable({ title: 'T', columns: ['a', 'b'], rows: [['only one']] })).toThrow(
      'T: a row has 1 cells for 2 columns',
    );
  });
});

describe('cell', () => {
  it('keeps integers and strings, gives others 3 significant digits, and whole numbers above 100', () => {
    expect(cell(42)).toBe('42');
    expect(cell('—')).toBe('—');
    expect(cell(0.012345)).toBe('0.0123');
    expect(cell(6135.4)).toBe('6135');
    expect(cell(Number.NaN)).toBe('NaN');
  });
});
