import type { RequestLogEntry } from '@wfm-sync/gc-sim';

/** The fields of a simulator request-log entry the run figures read. */
export type LoggedRequest = Pick<
  RequestLogEntry,
  'seq' | 'method' | 'path' | 'route' | 'status' | 'stateChanging'
>;

/** What the simulator's request log says about a run. */
export interface RequestFigures {
  /** Every request Genesys received (API and token), whatever the answer. */
  apiCalls: number;
  /** State-changing requests answered 2xx. */
  appliedChanges: number;
  conflictsSeen: number;
  /** 409s after which the client never succeeded on that resource again (a write, or a read showing it in step). */
  conflictsUnresolved: number;
  status429: number;
  /** `METHOD route` → calls, for reading where the calls went. */
  callsByRoute: Record<string, number>;
}

const isSuccess = (status: number) => status >= 200 && status <= 299;

/**
 * Calls, applied changes and conflicts, from the simulator's request log of one run. A 409 is resolved when the
 * client later succeeded on the same resource: a write, or the read that showed it already in step.
 */
export function requestFigures(entries: readonly LoggedRequest[]): RequestFigures {
  const ordered = [...entries].sort((a, b) => a.seq - b.seq);
  const lastSuccess = new Map<string, number>();
  for (const entry of ordered) {
    if (isSuccess(entry.status)) lastSuccess.set(entry.path, entry.seq);
  }
  let appliedChanges = 0;
  let conflictsSeen = 0;
  let conflictsUnresolved = 0;
  let status429 = 0;
  const callsByRoute: Record<string, number> = {};
  for (const entry of ordered) {
    const route = `${entry.method} ${entry.route}`;
    callsByRoute[route] = (callsByRoute[route] ?? 0) + 1;
    if (entry.stateChanging && isSuccess(entry.status)) appliedChanges++;
    if (entry.status === 429) status429++;
    if (entry.status !== 409) continue;
    conflictsSeen++;
    if ((lastSuccess.get(entry.path) ?? -1) < entry.seq) conflictsUnresolved++;
  }
  return {
    apiCalls: ordered.length,
    appliedChanges,
    conflictsSeen,
    conflictsUnresolved,
    status429,
    callsByRoute,
  };
}

/**
 * The fastest any sync can converge after the last event: each changed write unit (a key; the agents of one
 * schedule together) needs at least one write, and each org has `requestsPerMinute`; orgs run in parallel, so the
 * busiest org decides.
 */
export function lowerBoundSeconds(
  changedByOrg: ReadonlyMap<string, number>,
  requestsPerMinute: number,
): number {
  let busiest = 0;
  for (const changed of changedByOrg.values()) busiest = Math.max(busiest, changed);
  return (busiest * 60) / requestsPerMinute;
}
