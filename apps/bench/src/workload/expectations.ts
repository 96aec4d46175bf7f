import { type AgentCapacityData, computeGroupPacing, type PacingAgent } from '@wfm-sync/domain';
import { ORG_DEFAULT_UTILIZATION, type SimFixture } from '@wfm-sync/local-stack/gc-sim';
import type { SimUtilization } from '../sim/sim-admin-client.js';
import type { Expectation } from './types.js';

interface MediaState {
  maximumCapacity: number;
  interruptableMediaTypes: string[];
  includeNonAcd: boolean;
}

/** The full map Genesys shows after a PUT of `desired`: media types left out are reset to the org default. */
function fullMap(desired: AgentCapacityData['utilization']): Record<string, MediaState> {
  const map: Record<string, MediaState> = {};
  for (const [type, fallback] of Object.entries(ORG_DEFAULT_UTILIZATION)) {
    const given = desired[type as keyof typeof desired];
    map[type] = given
      ? {
          maximumCapacity: given.maximumCapacity,
          interruptableMediaTypes: [...(given.interruptableMediaTypes ?? [])].sort(),
          includeNonAcd: given.includeNonAcd ?? false,
        }
      : { ...fallback, interruptableMediaTypes: [...fallback.interruptableMediaTypes].sort() };
  }
  return map;
}

export function utilizationEquals(actual: SimUtilization | undefined, desired: AgentCapacityData): boolean {
  if (!actual) return false;
  const expected = fullMap(desired.utilization);
  return Object.entries(expected).every(([type, want]) => {
    const got = actual.utilization[type];
    return (
      got !== undefined &&
      got.maximumCapacity === want.maximumCapacity &&
      (got.includeNonAcd ?? false) === want.includeNonAcd &&
      [...(got.interruptableMediaTypes ?? [])].sort().join(',') === want.interruptableMediaTypes.join(',')
    );
  });
}

/** The agent's utilization in Genesys is its highest-sequence event's, as a full map. */
export function agentExpectation(orgId: string, data: AgentCapacityData): Expectation {
  return {
    orgId,
    kind: 'agent',
    label: `agent:${data.userId}`,
    matches: async (sim) => utilizationEquals(await sim.utilization(orgId, data.userId), data),
  };
}

/**
 * Every campaign at its share of its group's lines (docs/webhooks.md), computed from the agents' final data with every
 * trunk healthy: the storm ends with the trunks settled. Agents that sent nothing are unknown to any sync, and a
 * group none of whose agents sent anything has no expectation.
 */
export function campaignExpectations(
  fixture: SimFixture,
  finalAgents: ReadonlyMap<string, { orgId: string; data: AgentCapacityData }>,
): Expectation[] {
  const expectations: Expectation[] = [];
  for (const org of fixture.orgs) {
    for (const group of org.routingGroups) {
      const agents: PacingAgent[] = [...finalAgents.values()]
        .filter(({ orgId, data }) => orgId === org.id && data.routingGroupId === group.id)
        .map(({ data }) => ({
          trunkId: data.trunkId,
          available: data.available,
          callCapacity: data.utilization.call?.maximumCapacity,
        }));
      // No agent event for the group: nothing asks any sync to pace its campaigns.
      if (agents.length === 0) continue;
      const trunks = group.trunkIds.map((id) => ({
        id,
        maxConcurrentCalls: org.trunks.find((t) => t.id === id)?.maxConcurrentCalls ?? 0,
      }));
      const pacing = computeGroupPacing({ ...group, trunks }, agents, () => 'healthy');
      for (const [campaignId, lines] of pacing.shares) {
        expectations.push({
          orgId: org.id,
          kind: 'campaign',
          label: `campaign:${campaignId}`,
          matches: async (sim) => (await sim.campaign(org.id, campaignId))?.outboundLineCount === lines,
        });
      }
    }
  }
  return expectations;
}
