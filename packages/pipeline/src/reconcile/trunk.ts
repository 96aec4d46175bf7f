import { planWrites, type SyncKey } from '@wfm-sync/domain';
import type { PipelineContext } from '../context.js';
import type { KeyState } from '../store/key-state.js';
import { type Lease, LeaseLostError } from '../store/lease.js';
import type { TrunkMonitor } from '../worker/trunk-monitor.js';
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
    const latest = await this.ctx.state.commit(
      key,
      lease.token,
      { rev: state.rev, appliedJson: JSON.stringify(record), status: 'noop', verified: true, plan },
      this.ctx.now(),
    );
    if (latest === undefined) throw new LeaseLostError(key);
    return {
      outcome: planWrites(plan) ? 'applied' : 'noop',
      reason: 'trunk-read',
      detail: `${key.id} ${record.health}`,
      rev: state.rev,
      again: latest > state.rev,
    };
  }
}
