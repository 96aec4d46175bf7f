import { type BackoffPolicy, cappedFullJitter } from '@wfm-sync/domain';
import { pause } from '../pause.js';
import type { StrategyEnvironment, StrategyRun } from '../strategies/types.js';
import { type BaselineContext, startBaseline } from './baseline-run.js';
import { isConflict, isRateLimited, type PreparedWrite } from './genesys-writer.js';
import type { BaselineWrite } from './sync-model.js';

/** How a parallel baseline treats a 409. */
export type ConflictHandling = 'retry' | 'success';

/** The usual retry loop: five attempts, exponential backoff (1 s, 2 s, 4 s, 8 s) with full jitter. */
export const RETRY_ATTEMPTS = 5;
export const RETRY_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 30_000 };

/**
 * Every write is sent as soon as its event arrives, all in parallel. 429s (and the client's own "budget exhausted")
 * are retried with backoff; a 409 is retried the same way or taken as success. The request is prepared once, so a
 * retried campaign PUT carries the version token of the first read.
 */
async function writeWithRetries(
  ctx: BaselineContext,
  write: BaselineWrite,
  onConflict: ConflictHandling,
): Promise<void> {
  ctx.tally.writesStarted++;
  ctx.tally.inFlight++;
  try {
    let send: PreparedWrite | undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        send ??= await ctx.writer.prepare(write);
        await send();
        return;
      } catch (error) {
        if (ctx.signal.aborted) return;
        if (isConflict(error) && onConflict === 'success') {
          ctx.tally.conflictsTakenAsSuccess++;
          return;
        }
        const retryable = isRateLimited(error) || (isConflict(error) && onConflict === 'retry');
        if (!retryable || attempt >= RETRY_ATTEMPTS) {
          ctx.tally.giveUp(error);
          return;
        }
        if (!(await pause(cappedFullJitter(attempt, RETRY_BACKOFF, Math.random), ctx.signal))) return;
      }
    }
  } finally {
    ctx.tally.inFlight--;
  }
}

export function startRetryingBaseline(
  env: StrategyEnvironment,
  onConflict: ConflictHandling,
): Promise<StrategyRun> {
  return startBaseline(env, (ctx) => ({
    accept(writes) {
      for (const write of writes)
        writeWithRetries(ctx, write, onConflict).catch((error: unknown) => ctx.tally.giveUp(error));
    },
    queued: () => 0,
    finished: async () => {},
  }));
}
