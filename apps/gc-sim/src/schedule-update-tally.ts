/**
 * How the schedule updates clients sent have gone: how many agents each carried and how they ended. Benchmarks read
 * it to compare batching (agents per update) without trusting a client's own account.
 */
export interface ScheduleUpdateTally {
  /** Updates that started an operation. */
  started: number;
  /** Agent schedules carried by the started updates. */
  agents: number;
  /** Updates refused at once with a version 409 (nothing started). */
  rejected: number;
  complete: number;
  error: number;
}

export function emptyScheduleUpdateTally(): ScheduleUpdateTally {
  return { started: 0, agents: 0, rejected: 0, complete: 0, error: 0 };
}
