import { setTimeout as sleep } from 'node:timers/promises';
import type { WfmEvent } from '@wfm-sync/domain';
import type { TimedDelivery } from '../workload/types.js';

export interface FeedOptions {
  /** Deliveries due within one tick go out together (a webhook batch for wfm-sync). */
  tickMs: number;
}

export interface FeedResult {
  /** Epoch ms of the first hand-over. */
  startedAt: number;
  /** Epoch ms of the last hand-over: "the last event". */
  lastAt: number;
}

/**
 * Hands the deliveries to `sink` on their schedule, counted from the start. The schedule is absolute, so a slow
 * sink makes batches larger rather than the feed longer; what is late goes out at once.
 */
export async function feed(
  deliveries: readonly TimedDelivery[],
  sink: (events: WfmEvent[]) => void,
  options: FeedOptions,
): Promise<FeedResult> {
  const startedAt = Date.now();
  let lastAt = startedAt;
  let next = 0;
  while (next < deliveries.length) {
    const elapsed = Date.now() - startedAt;
    const batch: WfmEvent[] = [];
    while (next < deliveries.length && deliveries[next]!.atMs <= elapsed)
      batch.push(deliveries[next++]!.event);
    if (batch.length > 0) {
      sink(batch);
      lastAt = Date.now();
    }
    if (next < deliveries.length) {
      const untilNext = deliveries[next]!.atMs - (Date.now() - startedAt);
      await sleep(Math.max(options.tickMs, untilNext));
    }
  }
  return { startedAt, lastAt };
}
