import { keyOfCampaign } from './keys-of.js';
import type { PacingResult } from './pacing.js';
import { type Plan, reasonForDifference } from './plan.js';

export interface CampaignPlanInput {
  orgId: string;
  campaignId: string;
  groupId: string;
  pacing: PacingResult;
  /** Trunks of the group that count 0 because they are not healthy, for the plan's explanation. */
  unhealthyTrunks: { id: string; health: string }[];
  currentLineCount: number;
  lastAppliedLineCount?: number;
}

/** Plan for one campaign: its `outboundLineCount` must equal its share of the group's lines; nothing else. */
export function planCampaignPacing(input: CampaignPlanInput): Plan {
  const key = keyOfCampaign(input.orgId, input.campaignId);
  const desired = input.pacing.shares.get(input.campaignId) ?? input.pacing.lines;
  const unhealthy = input.unhealthyTrunks.map((t) => `${t.id} ${t.health}`).join(', ');
  const detail =
    `group ${input.groupId}: trunkLines ${input.pacing.trunkLines}, agentLines ${input.pacing.agentLines}` +
    (unhealthy ? `; ${unhealthy}` : '');
  if (desired === input.currentLineCount) return { key, reason: 'in-step', detail, changes: [], calls: [] };
  return {
    key,
    reason: reasonForDifference(
      input.lastAppliedLineCount === undefined ? undefined : input.lastAppliedLineCount === desired,
    ),
    detail,
    changes: [{ field: 'outboundLineCount', current: input.currentLineCount, desired }],
    calls: [{ method: 'PUT', resource: 'outbound-campaign', target: input.campaignId }],
  };
}

export function desiredLineCount(pacing: PacingResult, campaignId: string): number {
  return pacing.shares.get(campaignId) ?? pacing.lines;
}
