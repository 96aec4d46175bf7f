import {
  type AgentCapacityData,
  agentCapacityDataSchema,
  type CurrentUtilization,
  type Plan,
  parkRecheckDelayMs,
  planAgentUtilization,
  type SyncKey,
  type UtilizationMap,
} from '@wfm-sync/domain';
import { isDryRun, type PipelineContext } from '../context.js';
import { TrunkTurnedUnhealthyError } from '../errors/trunk-turned-unhealthy.js';
import type { KeyState } from '../store/key-state.js';
import type { Lease } from '../store/lease.js';
import type { TrunkMonitor } from '../worker/trunk-monitor.js';
import { act, commitRun, lastWriteTrusted, markPendingOrThrow, sendOneWrite } from './spine.js';
import {
  type KeyPlanner,
  noDesiredStatePlan,
  type PlanOptions,
  type ReconcileResult,
  type Reconciler,
} from './types.js';

interface AgentReading {
  desired: AgentCapacityData;
  plan: Plan;
  /** The plan compared with what wfm-sync last wrote, not with a fresh read. */
  trusted: boolean;
}

/**
 * Agent capacity: trunk gate first, then make Genesys' utilization equal the desired full map with as few calls
 * as possible. An agent's first write goes without a read; what wfm-sync last wrote is trusted as Genesys' value
 * for `driftCheckMs` (no read before a write); after that a read checks for drift.
 */
export class AgentReconciler implements Reconciler, KeyPlanner {
  constructor(
    private readonly ctx: PipelineContext,
    private readonly trunks: TrunkMonitor,
  ) {}

  async plan(key: SyncKey, state: KeyState, options: PlanOptions = {}): Promise<Plan> {
    // An operator's plan reads a never-written agent, to show what differs; the worker would write it blind.
    const reading = await this.read(key, state, this.ctx.now(), options, false);
    return reading?.plan ?? noDesiredStatePlan(key);
  }

  async reconcile(key: SyncKey, state: KeyState, lease: Lease): Promise<ReconcileResult> {
    const rev = state.rev;
    const now = this.ctx.now();
    const reading = await this.read(key, state, now, {}, !isDryRun(this.ctx, key.orgId));
    if (reading === undefined) return { outcome: 'noop', reason: 'no-desired-state', rev, again: false };
    const { desired, plan, trusted } = reading;
    if (plan.reason === 'parked') return this.park(key, lease, state, desired.trunkId, plan);

    const appliedJson = JSON.stringify(desired.utilization);
    return act(this.ctx, key, lease, plan, rev, {
      noop: () =>
        commitRun(
          this.ctx,
          key,
          lease,
          { rev, appliedJson, status: 'noop', verified: !trusted, plan },
          { at: now },
        ),
      write: async (deadline) => {
        try {
          await sendOneWrite(lease, () =>
            this.ctx
              .clientFor(key.orgId)
              .putUtilization(
                desired.userId,
                { utilization: desired.utilization },
                { deadline, beforeSend: () => this.trunkStillHealthy(key.orgId, desired.trunkId) },
              ),
          );
        } catch (error) {
          if (!(error instanceof TrunkTurnedUnhealthyError)) throw error;
          const parked = planAgentUtilization({
            orgId: key.orgId,
            desired,
            trunk: { health: error.record.health, since: new Date(error.record.since).toISOString() },
            current: {},
          });
          return this.park(key, lease, state, desired.trunkId, parked);
        }
        return commitRun(this.ctx, key, lease, { rev, appliedJson, status: 'applied', verified: true, plan });
      },
    });
  }

  /**
   * Reads (trunk health, then Genesys' utilization unless the last write is trusted, or `blindFirstWrite` and
   * nothing was ever written) and plans; writes nothing.
   */
  private async read(
    key: SyncKey,
    state: KeyState,
    now: number,
    options: PlanOptions,
    blindFirstWrite: boolean,
  ): Promise<AgentReading | undefined> {
    if (state.desiredJson === undefined) return undefined;
    const desired = agentCapacityDataSchema.parse(JSON.parse(state.desiredJson));
    const trunk = await this.trunks.current(key.orgId, desired.trunkId);
    const lastApplied = state.appliedJson ? (JSON.parse(state.appliedJson) as UtilizationMap) : undefined;
    const trusted = lastWriteTrusted(this.ctx, state, now, options) && lastApplied !== undefined;
    const trunkInput = { health: trunk.health, since: new Date(trunk.since).toISOString() };
    const planWith = (current: CurrentUtilization | 'not-read') =>
      planAgentUtilization({ orgId: key.orgId, desired, trunk: trunkInput, current, lastApplied });

    // No read on an unhealthy trunk: the plan is to park, whatever Genesys holds.
    if (trunk.health !== 'healthy') return { desired, trusted, plan: planWith({}) };
    if (trusted) return { desired, trusted, plan: planWith(lastApplied) };
    // Never written: the PUT replaces the whole map, so a read could only save the call it costs (decision 015).
    if (blindFirstWrite && lastApplied === undefined) return { desired, trusted, plan: planWith('not-read') };
    const current = (await this.ctx.clientFor(key.orgId).getUtilization(desired.userId)).utilization;
    return { desired, trusted, plan: planWith(current) };
  }

  /**
   * The gate again, at send time: the write may have waited seconds for the org's budget, so the health it was
   * planned on may be older than allowed by now (`current` reads the trunk again if so).
   */
  private async trunkStillHealthy(orgId: string, trunkId: string): Promise<void> {
    const record = await this.trunks.current(orgId, trunkId);
    if (record.health !== 'healthy') throw new TrunkTurnedUnhealthyError(record);
  }

  private async park(
    key: SyncKey,
    lease: Lease,
    state: KeyState,
    trunkId: string,
    plan: Plan,
  ): Promise<ReconcileResult> {
    await this.ctx.trunks.park(key.orgId, trunkId, key.id, state.queue ?? '');
    await markPendingOrThrow(this.ctx, key, lease, {
      status: 'parked',
      reason: plan.detail ?? 'trunk not healthy',
      dueAt: this.ctx.now() + parkRecheckDelayMs(state.parkCount + 1),
      plan,
      countPark: true,
    });
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
