import type { KeyKind } from '@wfm-sync/domain';
import type { SimRequest } from '../sim/sim-admin-client.js';
import type { Expectation } from '../workload/types.js';

// Shared with the demo's summary.
export { lowerBoundSeconds, requestFigures } from '@wfm-sync/local-stack';

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

export function countByKind(expectations: readonly Expectation[]): Partial<Record<KeyKind, number>> {
  const counts: Partial<Record<KeyKind, number>> = {};
  for (const e of expectations) counts[e.kind] = (counts[e.kind] ?? 0) + 1;
  return counts;
}
