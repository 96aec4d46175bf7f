import {
  agentCapacityDataSchema,
  type CurrentUtilization,
  parkRecheckDelayMs,
  planAgentUtilization,
  type SyncKey,
  type UtilizationMap,
} from '@wfm-sync/domain';
import { isDryRun, type PipelineContext } from '../context.js';
import type { KeyState } from '../key-state.js';
import { type Lease, LeaseLostError } from '../lease.js';
import type { TrunkMonitor } from '../trunk-monitor.js';
import { recordPlanned } from './planned.js';
import type { ReconcileResult, Reconciler } from './types.js';

/**
 * Agent capacity: trunk gate first, then make Genesys' utilization equal the desired full map with as few calls
 * as possible. What wfm-sync last wrote is trusted as Genesys' value for `driftCheckMs` (no read before a write);
 * after that a read checks for drift.
 */
export class AgentReconciler implements Reconciler {
  constructor(
    private readonly ctx: PipelineContext,
    private readonly trunks: TrunkMonitor,
  ) {}

  async reconcile(key: SyncKey, state: KeyState, lease: Lease): Promise<ReconcileResult> {
    const rev = state.rev;
    if (state.desiredJson === undefined)
      return { outcome: 'noop', reason: 'no-desired-state', rev, again: false };
    const desired = agentCapacityDataSchema.parse(JSON.parse(state.desiredJson));
    const now = this.ctx.now();
    const trunk = await this.trunks.current(key.orgId, desired.trunkId);
    const lastApplied = state.appliedJson ? (JSON.parse(state.appliedJson) as UtilizationMap) : undefined;
    const trusted =
      lastApplied !== undefined && (state.verifiedAt ?? 0) > now - this.ctx.settings.driftCheckMs;
    const trunkInput = { health: trunk.health, since: new Date(trunk.since).toISOString() };

    if (trunk.health !== 'healthy') {
      const plan = planAgentUtilization({
        orgId: key.orgId,
        desired,
        trunk: trunkInput,
        current: {},
        lastApplied,
      });
      return this.park(key, lease, state, desired.trunkId, plan);
    }

    const client = this.ctx.clientFor(key.orgId);
    const current: CurrentUtilization = trusted
      ? lastApplied
      : (await client.getUtilization(desired.userId)).utilization;
    const plan = planAgentUtilization({ orgId: key.orgId, desired, trunk: trunkInput, current, lastApplied });
    const appliedJson = JSON.stringify(desired.utilization);

    if (plan.calls.length === 0) {
      const latest = await this.ctx.state.commit(
        key,
        lease.token,
        { rev, appliedJson, status: 'noop', verified: !trusted, plan },
        now,
      );
      if (latest === undefined) throw new LeaseLostError(key);
      return { outcome: 'noop', reason: plan.reason, plan, rev, again: latest > rev };
    }
    if (isDryRun(this.ctx, key.orgId)) return recordPlanned(this.ctx, key, lease, plan, rev);

    const deadline = await lease.extendForWrite();
    await client.putUtilization(desired.userId, { utilization: desired.utilization }, { deadline });
    const latest = await this.ctx.state.commit(
      key,
      lease.token,
      { rev, appliedJson, status: 'applied', verified: true, plan },
      this.ctx.now(),
    );
    if (latest === undefined) throw new LeaseLostError(key);
    return { outcome: 'applied', reason: plan.reason, detail: plan.detail, plan, rev, again: latest > rev };
  }

  private async park(
    key: SyncKey,
    lease: Lease,
    state: KeyState,
    trunkId: string,
    plan: ReturnType<typeof planAgentUtilization>,
  ): Promise<ReconcileResult> {
    await this.ctx.trunks.park(key.orgId, trunkId, key.id, state.queue ?? '');
    const parks = await this.ctx.state.markPending(key, lease.token, {
      status: 'parked',
      reason: plan.detail ?? 'trunk not healthy',
      dueAt: this.ctx.now() + parkRecheckDelayMs(state.parkCount + 1),
      plan,
      countPark: true,
    });
    if (parks === undefined) throw new LeaseLostError(key);
    // The trunk may have recovered between the gate and the park; its wake-up would then have missed this agent.
    const after = await this.ctx.trunks.get(key.orgId, trunkId);
    const recovered = after?.health === 'healthy';
    return {
      outcome: 'parked',
      reason: 'parked',
      detail: plan.detail,
      plan,
      rev: state.rev,
      again: recovered,
    };
  }
}
