import { describe, expect, it } from 'vitest';
import { table } from './table.js';
import { formatDuration } from './time.js';

describe('table', () => {
  it('pads columns, right-aligns numbers and shows empty cells as -', () => {
    expect(
      table(
        ['REGION', 'WAITING', 'OLDEST'],
        [
          ['ap-southeast-1', 12, '3 s'],
          ['us-east-1', 0, null],
        ],
      ),
    ).toBe(
      ['REGION          WAITING  OLDEST', 'ap-southeast-1       12  3 s', 'us-east-1             0  -'].join(
        '\n',
      ),
    );
  });
});

describe('formatDuration', () => {
  it.each([
    [850, '850 ms'],
    [12_400, '12 s'],
    [303_000, '5 m 03 s'],
    [7_500_000, '2 h 05 m'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
