import type { RoutingGroupConfig } from '@wfm-sync/config';
import { computeGroupPacing, type PacingAgent, type PacingResult, type TrunkHealth } from '@wfm-sync/domain';
import type { Campaign } from '@wfm-sync/genesys-client';
import { parseAgentIndexValue } from '../reconcile/campaign.js';
import type { PacingView } from './api.js';
import type { OperatorContext } from './context.js';

/**
 * Pacing per routing group as the next campaign reconcile would compute it, from the agent index and the trunk
 * health last seen (no Genesys read), with what was last written to each campaign.
 */
export async function pacingViews(ctx: OperatorContext, orgId?: string): Promise<PacingView[]> {
  const views: PacingView[] = [];
  for (const group of ctx.topology.topology.routingGroups) {
    if (orgId !== undefined && group.orgId !== orgId) continue;
    const org = ctx.topology.org(group.orgId);
    if (!org) continue;
    const pacing = await groupPacing(ctx, group, await groupAgents(ctx, group));
    const campaigns = [];
    for (const campaignId of group.campaignIds) {
      const applied = await ctx.redis.hget(
        ctx.names.org(group.orgId).state('campaign', campaignId),
        'applied',
      );
      const lastApplied = applied ? ((JSON.parse(applied) as Campaign).outboundLineCount ?? null) : null;
      campaigns.push({ campaignId, share: pacing.shares.get(campaignId) ?? pacing.lines, lastApplied });
    }
    views.push({
      orgId: group.orgId,
      region: org.region,
      groupId: group.id,
      trunkLines: pacing.trunkLines,
      agentLines: pacing.agentLines,
      lines: pacing.lines,
      campaigns,
    });
  }
  return views;
}

/** A campaign's share of its group's lines (see pacingViews); undefined when no agent of its group is known. */
export async function campaignDesiredLines(
  ctx: OperatorContext,
  orgId: string,
  campaignId: string,
): Promise<number | undefined> {
  const group = ctx.topology.groupOfCampaign(orgId, campaignId);
  if (!group) return undefined;
  const agents = await groupAgents(ctx, group);
  if (agents.length === 0) return undefined;
  const pacing = await groupPacing(ctx, group, agents);
  return pacing.shares.get(campaignId) ?? pacing.lines;
}

async function groupAgents(ctx: OperatorContext, group: RoutingGroupConfig): Promise<PacingAgent[]> {
  const index = await ctx.redis.hgetall(ctx.names.org(group.orgId).agentIndex);
  return Object.values(index)
    .map(parseAgentIndexValue)
    .filter((agent): agent is PacingAgent & { groupId: string } => agent?.groupId === group.id);
}

async function groupPacing(
  ctx: OperatorContext,
  group: RoutingGroupConfig,
  agents: PacingAgent[],
): Promise<PacingResult> {
  const health = new Map<string, TrunkHealth>();
  for (const trunkId of new Set([...group.trunkIds, ...agents.map((a) => a.trunkId)])) {
    const record = await ctx.trunks.get(group.orgId, trunkId);
    if (record) health.set(trunkId, record.health);
  }
  const trunks = group.trunkIds.map((id) => ({
    id,
    maxConcurrentCalls: ctx.topology.trunk(group.orgId, id)?.maxConcurrentCalls ?? 0,
  }));
  return computeGroupPacing({ ...group, trunks }, agents, (id) => health.get(id));
}
