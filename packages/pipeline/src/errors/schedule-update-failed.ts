import { keyLabel, type SyncKey } from '@wfm-sync/domain';

/**
 * Thrown when a schedule's uploads kept failing for the whole schedule (stale versions, publishing-window 409s,
 * operations without effect) through every immediate round of a run: the error policy retries the key later
 * (it classifies as transient), and dead-letters it when attempts run out.
 */
export class ScheduleUpdateFailedError extends Error {
  constructor(
    readonly key: SyncKey,
    readonly rounds: number,
    readonly lastFailure: string,
  ) {
    super(`schedule ${keyLabel(key)}: ${rounds} upload rounds failed; last: ${lastFailure}`);
    this.name = 'ScheduleUpdateFailedError';
  }
}
