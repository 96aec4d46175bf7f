import type { GenesysApiError } from '@wfm-sync/genesys-client';

/**
 * Thrown by a reconciler for a failure that retrying cannot fix and that has its own name (e.g. a time-off request
 * that overlaps one wfm-sync did not create): dead-lettered at once with `reason`.
 */
export class PermanentFailureError extends Error {
  constructor(
    readonly reason: string,
    message: string,
    /** The Genesys error behind it, if any, for the dead letter's status and correlation id. */
    readonly genesysError?: GenesysApiError,
  ) {
    super(message);
    this.name = 'PermanentFailureError';
  }
}
