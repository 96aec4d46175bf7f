import { pause } from '../pause.js';
import type { Strategy } from '../strategies/types.js';
import { sendOnce, startBaseline } from './baseline-run.js';
import { WriteQueue } from './write-queue.js';

/** Baseline 1: one write at a time, in arrival order, with `sleep(1000)` after each, to stay "safely" under 429s. */
export const serialSleep: Strategy = {
  name: 'serial-sleep',
  start: (env) =>
    startBaseline(env, (ctx) => {
      const queue = new WriteQueue();
      const loop = (async () => {
        for (;;) {
          const write = await queue.next(ctx.signal);
          if (!write) return;
          await sendOnce(ctx, write);
          if (!(await pause(1_000, ctx.signal))) return;
        }
      })();
      return {
        accept: (writes) => queue.push(writes),
        queued: () => queue.length,
        finished: () => loop,
      };
    }),
};
