import type { Plan, SyncKey } from '@wfm-sync/domain';
import type { KeyState } from '../key-state.js';
import type { Lease } from '../lease.js';

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
