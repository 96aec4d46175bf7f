import { pause } from '../pause.js';
import type { StrategyEnvironment, StrategyRun } from '../strategies/types.js';
import { sendOnce, startBaseline } from './baseline-run.js';
import { WriteQueue } from './write-queue.js';

export interface PacedWrites {
  /** Wait for each write's answer before the pause (serial), or send and move on (parallel). */
  awaitEachWrite: boolean;
  /** The fixed pause after each write: the only rate limiter these baselines have. */
  delayMs: number;
}

/** Baselines 1 and 2: writes in arrival order, a fixed pause after each, a failed write logged and forgotten. */
export function startPacedBaseline(env: StrategyEnvironment, paced: PacedWrites): Promise<StrategyRun> {
  return startBaseline(env, (ctx) => {
    const queue = new WriteQueue();
    const loop = (async () => {
      for (;;) {
        const write = await queue.next(ctx.signal);
        if (!write) return;
        const sent = sendOnce(ctx, write);
        if (paced.awaitEachWrite) await sent;
        else void sent;
        if (!(await pause(paced.delayMs, ctx.signal))) return;
      }
    })();
    return {
      accept: (writes) => queue.push(writes),
      queued: () => queue.length,
      finished: () => loop,
    };
  });
}
