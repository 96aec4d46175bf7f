import type { Plan, SyncKey } from '@wfm-sync/domain';
import type { KeyState } from '../store/key-state.js';
import type { Lease } from '../store/lease.js';

export type ReconcileOutcome = 'applied' | 'noop' | 'parked' | 'planned';

/** What one reconcile did; expected cases are outcomes, not exceptions (Genesys failures are thrown). */
export interface ReconcileResult {
  outcome: ReconcileOutcome;
  reason: string;
  detail?: string;
  plan?: Plan;
  rev: number;
  /** A newer desired state arrived while this one was applied: reconcile again. */
  again: boolean;
}

export interface Reconciler {
  reconcile(key: SyncKey, state: KeyState, lease: Lease): Promise<ReconcileResult>;
}

export interface PlanOptions {
  /** Read Genesys even where what wfm-sync last wrote is still trusted as its value (`wfm-sync plan`). */
  fresh?: boolean;
}

/**
 * The read-and-plan half of a reconcile, on its own: reads what the plan needs (Genesys reads only) and returns
 * the plan, never writing anything. The reconciler's `reconcile` runs the same code before it executes the plan,
 * so `wfm-sync plan` shows exactly what a worker would do.
 */
export interface KeyPlanner {
  plan(key: SyncKey, state: KeyState, options?: PlanOptions): Promise<Plan>;
}

export function isKeyPlanner(reconciler: Reconciler): reconciler is Reconciler & KeyPlanner {
  return typeof (reconciler as Partial<KeyPlanner>).plan === 'function';
}

/** The plan of a key that has nothing to reconcile (no desired state, or not in the topology). */
export function noDesiredStatePlan(key: SyncKey, detail?: string): Plan {
  return { key, reason: 'no-desired-state', detail, changes: [], calls: [] };
}
