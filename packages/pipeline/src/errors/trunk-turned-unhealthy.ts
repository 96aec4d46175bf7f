import type { TrunkHealthRecord } from '../store/trunk-health-store.js';

/** Thrown by the agent's send-time gate: its trunk was found unhealthy right before the write left, so it was not sent. */
export class TrunkTurnedUnhealthyError extends Error {
  constructor(readonly record: TrunkHealthRecord) {
    super(`trunk ${record.health} at send time`);
    this.name = 'TrunkTurnedUnhealthyError';
  }
}
