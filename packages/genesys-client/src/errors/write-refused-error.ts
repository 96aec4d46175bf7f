export type WriteRefusedReason = 'dry-run' | 'lease-expired';

/**
 * Thrown, before anything is sent, when a state-changing call must not happen: the org is in
 * dry-run mode, or the caller's lease (WriteGuard.deadline) has (nearly) expired.
 */
export class WriteRefusedError extends Error {
  readonly reason: WriteRefusedReason;
  readonly method: string;
  readonly route: string;

  constructor(reason: WriteRefusedReason, method: string, route: string) {
    super(
      reason === 'dry-run'
        ? `Genesys ${method} ${route} refused: the org is in dry-run mode`
        : `Genesys ${method} ${route} refused: the lease expires before the write could be sent`,
    );
    this.name = 'WriteRefusedError';
    this.reason = reason;
    this.method = method;
    this.route = route;
  }
}
