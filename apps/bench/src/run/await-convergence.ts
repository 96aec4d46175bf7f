import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@wfm-sync/observability';
import type { StrategyRun } from '../strategies/types.js';
import type { BenchContext } from './bench-context.js';
import type { ConvergenceTracker } from './convergence.js';

export interface ConvergenceOutcome {
  stoppedBecause: 'converged' | 'idle' | 'time-limit';
  /** Epoch ms of the check that began the final streak of converged checks; undefined when the last check was not. */
  convergedSince: number | undefined;
}

/**
 * Waits after the last event until every key matches and the strategy has nothing left in flight (so a late,
 * stale write cannot undo it), until the strategy sits idle without converging, or until the time limit.
 */
export async function awaitConvergence(
  ctx: BenchContext,
  run: StrategyRun,
  tracker: ConvergenceTracker,
  deadline: number,
  logger: Logger,
): Promise<ConvergenceOutcome> {
  let convergedSince: number | undefined;
  let idleSince: number | undefined;
  let lastProgressLog = Date.now();
  for (;;) {
    const checkedAt = Date.now();
    const converged = await tracker.converged();
    convergedSince = converged ? (convergedSince ?? checkedAt) : undefined;
    const idle = await run.idle();
    idleSince = idle ? (idleSince ?? checkedAt) : undefined;
    if (converged && idle) return { stoppedBecause: 'converged', convergedSince };
    if (idleSince !== undefined && checkedAt - idleSince >= ctx.idleStopMs)
      return { stoppedBecause: 'idle', convergedSince };
    if (checkedAt >= deadline) return { stoppedBecause: 'time-limit', convergedSince };
    if (checkedAt - lastProgressLog >= 30_000) {
      lastProgressLog = checkedAt;
      logger.info(
        { converged, idle, secondsLeft: Math.round((deadline - checkedAt) / 1000) },
        'waiting for convergence',
      );
    }
    await sleep(Math.min(ctx.pollEveryMs, Math.max(0, deadline - Date.now())));
  }
}
