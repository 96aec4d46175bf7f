import type { KeyKind, WfmEvent } from '@wfm-sync/domain';
import type { SimStateReader } from '../sim/sim-admin-client.js';

/** One event and when, counted from the start of the feed, it is handed to the strategy. */
export interface TimedDelivery {
  atMs: number;
  event: WfmEvent;
}

/**
 * What Genesys must show for one key once the storm is over. `matches` reads the simulator's state, so a new kind
 * of key (time-off, schedules: issue 6) only needs a new expectation, not a new checker.
 */
export interface Expectation {
  orgId: string;
  kind: KeyKind;
  /** `agent:<userId>`, `campaign:<campaignId>`, `timeoff:<externalId>`, `schedule:<scheduleId>/<userId>`: unique within the org. */
  label: string;
  /**
   * Expectations with the same write unit can be brought in step by one write (the agents of one schedule, in one
   * upload); without it, the expectation is its own unit. The lower bound counts units, not expectations.
   */
  writeUnit?: string;
  matches(sim: SimStateReader): Promise<boolean>;
}

/** A seeded scenario's input and its expected outcome. */
export interface Workload {
  /** In delivery order (duplicates and late arrivals included). */
  deliveries: TimedDelivery[];
  expectations: Expectation[];
}
