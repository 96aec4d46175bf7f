import type { StrategyReport } from '../strategies/types.js';
import { failureKind } from './genesys-writer.js';

/** A baseline's own counters, and how many of its writes are still queued or in flight. */
export class BaselineTally {
  writesStarted = 0;
  inFlight = 0;
  conflictsTakenAsSuccess = 0;
  private readonly gaveUp: Record<string, number> = {};

  giveUp(error: unknown): void {
    const kind = failureKind(error);
    this.gaveUp[kind] = (this.gaveUp[kind] ?? 0) + 1;
  }

  report(): StrategyReport {
    return {
      writesStarted: this.writesStarted,
      gaveUp: { ...this.gaveUp },
      ...(this.conflictsTakenAsSuccess > 0 ? { conflictsTakenAsSuccess: this.conflictsTakenAsSuccess } : {}),
    };
  }
}
