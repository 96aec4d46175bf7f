import type { GenesysApiError } from '@wfm-sync/genesys-client';

/**
 * Thrown when a time-off request's days overlap another WFM record's request that may be about to move away (its
 * own event pending), or an overlap Genesys reported that a fresh query no longer shows: retried later, like a
 * Genesys conflict, by the failure policy (worker/failure.ts).
 */
export class TimeOffOverlapPendingError extends Error {
  constructor(
    message: string,
    /** The Genesys 409 behind it, if any, for the decision's status and correlation id. */
    readonly genesysError?: GenesysApiError,
  ) {
    super(message);
    this.name = 'TimeOffOverlapPendingError';
  }
}
