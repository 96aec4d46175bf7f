import type { TrunkHealth } from './trunk-health.js';

export interface PacingAgent {
  trunkId: string;
  available: boolean;
  /** `utilization.call.maximumCapacity`; undefined means the documented default of 1. */
  callCapacity: number | undefined;
}

export interface PacingGroup {
  trunks: readonly { id: string; maxConcurrentCalls: number }[];
  callsPerAgent: number;
  minLines: number;
  /** Campaign ids in configured order: the first `lines mod n` get one line more. */
  campaignIds: readonly string[];
}

export interface PacingResult {
  trunkLines: number;
  agentLines: number;
  lines: number;
  /** campaignId → outboundLineCount */
  shares: Map<string, number>;
}

/** docs/webhooks.md, "Derived: campaign pacing", exactly. */
export function computeGroupPacing(
  group: PacingGroup,
  agents: Iterable<PacingAgent>,
  healthOf: (trunkId: string) => TrunkHealth | undefined,
): PacingResult {
  const trunkLines = group.trunks
    .filter((t) => healthOf(t.id) === 'healthy')
    .reduce((sum, t) => sum + t.maxConcurrentCalls, 0);
  let capacity = 0;
  for (const agent of agents) {
    if (agent.available && healthOf(agent.trunkId) === 'healthy') capacity += agent.callCapacity ?? 1;
  }
  // Rounding guards against 0.1+0.2-style error pushing an exact product below an integer.
  const agentLines = Math.floor(Math.round(capacity * group.callsPerAgent * 1e9) / 1e9);
  const lines = Math.max(group.minLines, Math.min(trunkLines, agentLines));
  return { trunkLines, agentLines, lines, shares: shareLines(lines, group.campaignIds) };
}

export function shareLines(lines: number, campaignIds: readonly string[]): Map<string, number> {
  const shares = new Map<string, number>();
  const n = campaignIds.length;
  if (n === 0) return shares;
  const base = Math.floor(lines / n);
  const extra = lines % n;
  campaignIds.forEach((id, i) => {
    shares.set(id, base + (i < extra ? 1 : 0));
  });
  return shares;
}
