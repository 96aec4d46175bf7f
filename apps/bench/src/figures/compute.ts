import type { KeyKind } from '@wfm-sync/domain';
import type { SimRequest } from '../sim/sim-admin-client.js';
import type { Expectation } from '../workload/types.js';
import type { RequestFigures } from './types.js';

const isSuccess = (status: number) => status >= 200 && status <= 299;

/**
 * Calls, applied changes and conflicts, from the simulator's request log of one run. A 409 is resolved when the
 * client later succeeded on the same resource: a write, or the read that showed it already in step.
 */
export function requestFigures(entries: readonly SimRequest[]): RequestFigures {
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

/** Each org's request rate (per minute) over [from, to]: near its budget means the run was budget-bound. */
export function callsPerMinuteBetween(
  entries: readonly SimRequest[],
  from: number,
  to: number,
): Record<string, number> {
  const minutes = (to - from) / 60_000;
  const counts: Record<string, number> = {};
  if (minutes <= 0) return counts;
  for (const entry of entries) {
    if (entry.orgId === null || entry.at < from || entry.at > to) continue;
    counts[entry.orgId] = (counts[entry.orgId] ?? 0) + 1;
  }
  for (const org of Object.keys(counts)) counts[org] = Math.round((counts[org]! / minutes) * 10) / 10;
  return counts;
}

/** Keys per org whose expectation did not hold before the feed: what any sync has to write at least once. */
export function changedKeysByOrg(mismatchedBefore: readonly Expectation[]): Map<string, number> {
  const byOrg = new Map<string, number>();
  for (const e of mismatchedBefore) byOrg.set(e.orgId, (byOrg.get(e.orgId) ?? 0) + 1);
  return byOrg;
}

/** Distinct write units per org among the expectations that did not hold before the feed (see `writeUnit`). */
export function changedWriteUnitsByOrg(mismatchedBefore: readonly Expectation[]): Map<string, number> {
  const units = new Map<string, Set<string>>();
  for (const e of mismatchedBefore) {
    const set = units.get(e.orgId) ?? new Set<string>();
    set.add(e.writeUnit ?? e.label);
    units.set(e.orgId, set);
  }
  return new Map([...units].map(([orgId, set]) => [orgId, set.size]));
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

export function countByKind(expectations: readonly Expectation[]): Partial<Record<KeyKind, number>> {
  const counts: Partial<Record<KeyKind, number>> = {};
  for (const e of expectations) counts[e.kind] = (counts[e.kind] ?? 0) + 1;
  return counts;
}
