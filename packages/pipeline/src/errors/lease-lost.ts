import { keyLabel, type SyncKey } from '@wfm-sync/domain';

/** Thrown when a worker finds that its lease on a key is gone: it must not write, and stops at once. */
export class LeaseLostError extends Error {
  constructor(readonly key: SyncKey) {
    super(`lease lost on ${keyLabel(key)}`);
    this.name = 'LeaseLostError';
  }
}
