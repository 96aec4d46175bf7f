import {
  computeGroupPacing,
  desiredLineCount,
  type PacingAgent,
  type Plan,
  planCampaignPacing,
  type SyncKey,
} from '@wfm-sync/domain';
import { type Campaign, GenesysApiError } from '@wfm-sync/genesys-client';
import type { PipelineContext } from '../context.js';
import type { KeyState } from '../store/key-state.js';
import type { Lease } from '../store/lease.js';
import type { TrunkHealthRecord } from '../store/trunk-health-store.js';
import type { TrunkMonitor } from '../worker/trunk-monitor.js';
import { act, commitRun, lastWriteTrusted, sendOneWrite } from './spine.js';
import {
  type KeyPlanner,
  noDesiredStatePlan,
  type PlanOptions,
  type ReconcileResult,
  type Reconciler,
} from './types.js';

/** Immediate re-read-and-re-apply rounds on a version conflict before the delayed retry of the error policy. */
export const CAMPAIGN_VERSION_ROUNDS = 3;

/** Parses the agent index value `groupId|trunkId|available|callCapacity` written by ingest. */
export function parseAgentIndexValue(value: string): (PacingAgent & { groupId: string }) | undefined {
  const [groupId, trunkId, available, capacity] = value.split('|');
  if (!groupId || !trunkId) return undefined;
  return {
    groupId,
    trunkId,
    available: available === '1',
    callCapacity: capacity === '' || capacity === undefined ? undefined : Number(capacity),
  };
}

interface CampaignReading {
  /** The campaign's share of its group's lines: the `outboundLineCount` to write. */
  desired: number;
  /** Genesys' campaign as read, or as last written while that is trusted. */
  campaign: Campaign;
  verified: boolean;
  /** The plan against a campaign (again after a version conflict's re-read). */
  planFor(current: Campaign): Plan;
}

/**
 * Campaign pacing: `outboundLineCount` = the campaign's share of its group's lines (wfm-events.md), written with
 * the campaign's version and every other field as Genesys has it, so an administrator's edits survive.
 * The campaign as last written is reused for the next PUT; if someone changed it since, the version check
 * rejects the PUT and the campaign is read again.
 */
export class CampaignReconciler implements Reconciler, KeyPlanner {
  constructor(
    private readonly ctx: PipelineContext,
    private readonly trunks: TrunkMonitor,
  ) {}

  async plan(key: SyncKey, state: KeyState, options: PlanOptions = {}): Promise<Plan> {
    const reading = await this.read(key, state, this.ctx.now(), options);
    if (reading === undefined) return noDesiredStatePlan(key, 'campaign not in the topology');
    return reading.planFor(reading.campaign);
  }

  async reconcile(key: SyncKey, state: KeyState, lease: Lease): Promise<ReconcileResult> {
    const rev = state.rev;
    const now = this.ctx.now();
    const reading = await this.read(key, state, now, {});
    if (reading === undefined) return { outcome: 'noop', reason: 'not-in-topology', rev, again: false };
    const { desired, planFor } = reading;
    const client = this.ctx.clientFor(key.orgId);
    let { campaign, verified } = reading;

    for (let round = 1; ; round++) {
      const current = campaign;
      const plan = planFor(current);
      try {
        // `again` as everywhere (commitRun), though a campaign's rev does not move: no event names a campaign.
        // Its desired state is the agent index; agent events that change it re-enqueue the campaign instead, and
        // the enqueue policy keeps one run after the active one (ingest/jobs.ts), so no change is lost.
        return await act(this.ctx, key, lease, plan, rev, {
          noop: () =>
            commitRun(
              this.ctx,
              key,
              lease,
              { rev, appliedJson: JSON.stringify(current), status: 'noop', verified, plan },
              { at: now },
            ),
          write: async (deadline) => {
            const written = await sendOneWrite(lease, () =>
              client.putCampaign({ ...current, outboundLineCount: desired }, { deadline }),
            );
            const appliedJson = JSON.stringify(written);
            return commitRun(this.ctx, key, lease, {
              rev,
              appliedJson,
              status: 'applied',
              verified: true,
              plan,
            });
          },
        });
      } catch (error) {
        const conflict = error instanceof GenesysApiError && error.kind === 'version-conflict';
        if (!conflict || round >= CAMPAIGN_VERSION_ROUNDS) throw error;
        this.ctx.logger.debug(
          { org: key.orgId, key: key.id, round },
          'campaign version conflict: re-reading',
        );
        campaign = await client.getCampaign(key.id);
        verified = true;
      }
    }
  }

  /**
   * Reads what pacing needs (agent index, trunk health) and the campaign (unless the last write is trusted), and
   * returns the planner over them; writes nothing. Undefined when the campaign is in no routing group.
   */
  private async read(
    key: SyncKey,
    state: KeyState,
    now: number,
    options: PlanOptions,
  ): Promise<CampaignReading | undefined> {
    const group = this.ctx.topology.groupOfCampaign(key.orgId, key.id);
    if (!group) return undefined;

    const index = await this.ctx.redis.hgetall(this.ctx.names.org(key.orgId).agentIndex);
    const agents = Object.values(index)
      .map(parseAgentIndexValue)
      .filter((a): a is PacingAgent & { groupId: string } => a !== undefined && a.groupId === group.id);
    const trunkIds = new Set([...group.trunkIds, ...agents.map((a) => a.trunkId)]);
    const health = new Map<string, TrunkHealthRecord>();
    for (const trunkId of trunkIds)
      health.set(trunkId, await this.trunks.current(key.orgId, trunkId, { pacing: true }));
    const trunks = group.trunkIds.map((id) => ({
      id,
      maxConcurrentCalls: this.ctx.topology.trunk(key.orgId, id)?.maxConcurrentCalls ?? 0,
    }));
    const pacing = computeGroupPacing({ ...group, trunks }, agents, (id) => health.get(id)?.health);
    const unhealthyTrunks = group.trunkIds
      .map((id) => ({ id, health: health.get(id)?.health ?? 'unknown' }))
      .filter((t) => t.health !== 'healthy');

    const lastWritten = state.appliedJson ? (JSON.parse(state.appliedJson) as Campaign) : undefined;
    const trusted = lastWriteTrusted(this.ctx, state, now, options) && lastWritten !== undefined;
    const campaign = trusted ? lastWritten : await this.ctx.clientFor(key.orgId).getCampaign(key.id);
    return {
      desired: desiredLineCount(pacing, key.id),
      campaign,
      verified: !trusted,
      planFor: (current) =>
        planCampaignPacing({
          orgId: key.orgId,
          campaignId: key.id,
          groupId: group.id,
          pacing,
          unhealthyTrunks,
          currentLineCount: current.outboundLineCount ?? 0,
          lastAppliedLineCount: lastWritten?.outboundLineCount,
        }),
    };
  }
}
