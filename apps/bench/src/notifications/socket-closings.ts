import type { Logger } from '@wfm-sync/observability';
import { pause } from '../pause.js';

/** One maintenance announcement: when, from the start of the feed, and how many live connections it reached. */
export interface SocketClosingAnnouncement {
  atS: number;
  connections: number;
}

export interface SocketClosingPlan {
  /** Announcements to make; 0 makes none. */
  count: number;
  /** How long the feed is planned to last: the announcements are spread over it. */
  feedMs: number;
  /** Sends `v2.system.socket_closing` to every live connection; answers how many it reached. */
  announce(): Promise<number>;
  logger: Logger;
  /** Ends the wait early (the run failed). */
  signal: AbortSignal;
}

/** A moment without a live connection (a cut, a reconnect) is tried again this often… */
const RETRY_EVERY_MS = 500;
/** …for this long, so that a run gets the maintenance it asked for; after that it counts as reaching nobody. */
const RETRY_FOR_MS = 10_000;

/** When the i-th of `count` announcements is due: at even fractions of the feed, never at its very start or end. */
export function announcementDueMs(i: number, count: number, feedMs: number): number {
  return Math.round(((i + 1) * feedMs) / (count + 1));
}

/**
 * Genesys' maintenance during the feed, as the bench's `--notif-socket-closing` asks: each announcement goes to every
 * live connection, which then has `socketClosingDelayMs` to be replaced (decision 024: a replacement that connects in
 * time is no gap). Resolves once every announcement is made or given up; call it as the feed starts.
 */
export async function announceSocketClosings(plan: SocketClosingPlan): Promise<SocketClosingAnnouncement[]> {
  const startedAt = Date.now();
  const made: SocketClosingAnnouncement[] = [];
  for (let i = 0; i < plan.count; i++) {
    const dueAt = startedAt + announcementDueMs(i, plan.count, plan.feedMs);
    if (!(await pause(Math.max(0, dueAt - Date.now()), plan.signal))) return made;
    let connections = 0;
    while (connections === 0 && Date.now() - dueAt < RETRY_FOR_MS) {
      try {
        connections = await plan.announce();
      } catch (error) {
        // The simulator's admin API failing is no reason to lose the run's figures: the count says it reached nobody.
        plan.logger.warn({ err: error }, 'socket_closing announcement failed');
      }
      if (connections === 0 && !(await pause(RETRY_EVERY_MS, plan.signal))) break;
    }
    const atS = Math.round((Date.now() - startedAt) / 100) / 10;
    if (connections === 0) plan.logger.warn({ atS }, 'socket_closing reached no live connection');
    else plan.logger.info({ atS, connections }, 'socket_closing announced');
    made.push({ atS, connections });
  }
  return made;
}
