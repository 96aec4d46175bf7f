import { describe, expect, it } from 'vitest';
import { ProgressBar } from './progress.js';

function stream(isTTY: boolean) {
  const out = { text: '', isTTY, write: (t: string) => (out.text += t) };
  return out;
}

describe('ProgressBar', () => {
  it('redraws a bar with done/total and the time left on a terminal', () => {
    let now = 0;
    const tty = stream(true);
    const bar = new ProgressBar(tty, 'planned keys', () => now);
    now = 2_000;
    bar.update(10, 40);
    expect(tty.text).toBe(`\r[${'#'.repeat(8)}${'.'.repeat(22)}] planned keys 10/40, about 6 s left\x1b[K`);
    now = 2_050;
    bar.update(11, 40);
    expect(tty.text).not.toContain('11/40');
    now = 8_000;
    bar.update(40, 40);
    bar.finish();
    expect(tty.text.endsWith('\rplanned keys 40/40 in 8 s\x1b[K\n')).toBe(true);
  });

  it('writes plain lines, at most every 2 s, when stderr is not a terminal', () => {
    let now = 0;
    const log = stream(false);
    const bar = new ProgressBar(log, 'planned keys', () => now);
    bar.update(0, 3);
    now = 500;
    bar.update(1, 3);
    now = 2_500;
    bar.update(2, 3);
    bar.finish();
    expect(log.text).toBe('planned keys 0/3\nplanned keys 2/3, about 1 s left\nplanned keys 2/3 in 2 s\n');
  });
});
