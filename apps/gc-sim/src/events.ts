import type { ScheduleOperation } from './state/schedules.js';
import type { TrunkState } from './state/trunks.js';

/** What happened inside the simulator that a listener (the notification hub) may care about. */
export interface SimEventMap {
  /** A trunk's health or the way it shows it changed (admin, flapping, a trunk leaving the flapping set). */
  trunkHealthChanged: { orgId: string; trunk: TrunkState };
  /** A schedule update operation ended, Complete or Error. */
  scheduleOperationFinished: {
    orgId: string;
    buId: string;
    weekId: string;
    scheduleId: string;
    operation: ScheduleOperation;
  };
}

export type SimEventName = keyof SimEventMap;

/**
 * A small typed emitter: the simulator announces state changes here, so state stays unaware of who listens
 * (WebSockets, metrics). A listener that throws is reported through `onError` and never stops the others
 * or the state change that emitted.
 */
export class SimEvents {
  private readonly listeners: { [K in SimEventName]: Set<(event: SimEventMap[K]) => void> } = {
    trunkHealthChanged: new Set(),
    scheduleOperationFinished: new Set(),
  };

  constructor(private readonly onError: (error: unknown, event: SimEventName) => void) {}

  /** Returns the function that removes the listener. */
  on<K extends SimEventName>(name: K, listener: (event: SimEventMap[K]) => void): () => void {
    this.listeners[name].add(listener);
    return () => this.listeners[name].delete(listener);
  }

  emit<K extends SimEventName>(name: K, event: SimEventMap[K]): void {
    for (const listener of this.listeners[name]) {
      try {
        listener(event);
      } catch (error) {
        this.onError(error, name);
      }
    }
  }
}
