import type { SyncKey } from '@wfm-sync/domain';
import type { PipelineContext } from '../context.js';
import type { KeyState } from '../store/key-state.js';
import type { Lease } from '../store/lease.js';
import type { TrunkMonitor } from '../worker/trunk-monitor.js';
import { commitRun } from './spine.js';
import type { ReconcileResult, Reconciler } from './types.js';

/** A `trunk.status.changed` hint: never trusted, the trunk is read again and its health re-derived. */
export class TrunkReconciler implements Reconciler {
  constructor(
    private readonly ctx: PipelineContext,
    private readonly trunks: TrunkMonitor,
  ) {}

  async reconcile(key: SyncKey, state: KeyState, lease: Lease): Promise<ReconcileResult> {
    const record = await this.trunks.read(key.orgId, key.id);
    const plan = {
      key,
      reason: 'in-step' as const,
      detail: `trunk ${record.health}`,
      changes: [],
      calls: [],
    };
    const appliedJson = JSON.stringify(record);
    // Nothing is ever written to Genesys for a trunk: the read is the run, and its record is the applied value.
    return commitRun(
      this.ctx,
      key,
      lease,
      { rev: state.rev, appliedJson, status: 'noop', verified: true, plan },
      { reason: 'trunk-read', detail: `${key.id} ${record.health}` },
    );
  }
}
