import type { SyncKey } from './keys.js';

/** Why a plan says what it says: the answer to "why did it write this". */
export const PLAN_REASONS = [
  'first-sync',
  'changed',
  'drifted',
  'in-step',
  'parked',
  'no-desired-state',
] as const;
export type PlanReason = (typeof PLAN_REASONS)[number];

export interface FieldChange {
  field: string;
  current: unknown;
  desired: unknown;
}

export interface PlannedCall {
  method: 'PUT' | 'PATCH' | 'POST';
  /** Resource type, e.g. `routing-utilization`, `outbound-campaign`. */
  resource: string;
  /** Resource id in Genesys. */
  target: string;
}

/**
 * What a reconcile intends, computed purely from what was read and the desired state.
 * Executing it is the only part that writes; dry-run records it instead.
 */
export interface Plan {
  key: SyncKey;
  reason: PlanReason;
  /** Human context, e.g. "trunk-sg-07 degraded since 09:02:11Z". */
  detail?: string;
  changes: FieldChange[];
  calls: PlannedCall[];
}

export function planWrites(plan: Plan): boolean {
  return plan.calls.length > 0;
}

/** Reason for a key whose desired state differs from Genesys, given what wfm-sync last applied. */
export function reasonForDifference(lastAppliedEqualsDesired: boolean | undefined): PlanReason {
  if (lastAppliedEqualsDesired === undefined) return 'first-sync';
  return lastAppliedEqualsDesired ? 'drifted' : 'changed';
}

/** One line per plan: `agent 5f1c  call.maximumCapacity 1 → 2  (changed)`. */
export function formatPlan(plan: Plan): string {
  const changes = plan.changes
    .map((c) => `${c.field} ${JSON.stringify(c.current)} → ${JSON.stringify(c.desired)}`)
    .join(', ');
  const detail = plan.detail ? `; ${plan.detail}` : '';
  const body = changes.length > 0 ? `  ${changes}` : '';
  return `${plan.key.kind} ${plan.key.id}${body}  (${plan.reason}${detail})`;
}
