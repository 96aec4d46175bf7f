import { describe, expect, it } from 'vitest';
import { ProgressLine } from '../src/progress-line.js';

function output(isTTY: boolean) {
  const written: string[] = [];
  return { written, out: { isTTY, columns: 40, write: (text: string) => written.push(text) } };
}

describe('ProgressLine', () => {
  it('redraws one line in place on a terminal, and prints other lines above it', () => {
    const { written, out } = output(true);
    const line = new ProgressLine(out);
    line.update('[1s] events 10/100');
    line.update('[2s] events 20/100');
    line.say('all events delivered');
    line.finish('converged');
    expect(written).toEqual([
      '\r\x1b[2K[1s] events 10/100',
      '\r\x1b[2K[2s] events 20/100',
      '\r\x1b[2Kall events delivered\n[2s] events 20/100',
      '\r\x1b[2Kconverged\n',
    ]);
  });

  it('cuts a line wider than the terminal', () => {
    const { written, out } = output(true);
    new ProgressLine(out).update('x'.repeat(100));
    expect(written[0]).toBe(`\r\x1b[2K${'x'.repeat(38)}…`);
  });

  it('prints plain lines at most every interval when not a terminal', () => {
    const { written, out } = output(false);
    let now = 0;
    const line = new ProgressLine(out, 5_000, () => now);
    line.update('a');
    now = 1_000;
    line.update('b');
    now = 5_000;
    line.update('c');
    line.finish('done');
    expect(written).toEqual(['a\n', 'c\n', 'done\n']);
  });
});
