import { pause } from '../pause.js';
import type { Strategy } from '../strategies/types.js';
import { sendOnce, startBaseline } from './baseline-run.js';
import { WriteQueue } from './write-queue.js';

/**
 * Baseline 2: writes go out in parallel (nobody waits for an answer), one every 500 ms: a fixed delay per request
 * as the rate limiter. A failed write is logged and forgotten.
 */
export const fixedDelay: Strategy = {
  name: 'fixed-delay',
  start: (env) =>
    startBaseline(env, (ctx) => {
      const queue = new WriteQueue();
      const loop = (async () => {
        for (;;) {
          const write = await queue.next(ctx.signal);
          if (!write) return;
          void sendOnce(ctx, write);
          if (!(await pause(500, ctx.signal))) return;
        }
      })();
      return {
        accept: (writes) => queue.push(writes),
        queued: () => queue.length,
        finished: () => loop,
      };
    }),
};
