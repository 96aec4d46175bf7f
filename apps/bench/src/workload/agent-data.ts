import type { AgentCapacityData } from '@wfm-sync/domain';
import type { FixtureAgent, Prng } from '@wfm-sync/local-stack/gc-sim';

/** A plausible capacity change for one agent: what a WFM system sends when a shift or skill changes. */
export function randomAgentCapacity(prng: Prng, agent: FixtureAgent): AgentCapacityData {
  return {
    userId: agent.id,
    routingGroupId: agent.routingGroupId,
    trunkId: agent.trunkId,
    available: prng.next() > 0.2,
    utilization: {
      call: { maximumCapacity: prng.int(1, 3) },
      chat: { maximumCapacity: prng.int(0, 3), interruptableMediaTypes: ['call'] },
      email: { maximumCapacity: prng.int(0, 1) },
    },
  };
}

/** Event times of a storm: a fixed day, so that a seed always gives the same bytes. */
export function occurredAt(round: number, agentIndex: number): string {
  return new Date(Date.UTC(2026, 10, 23, 9, 0, 0) + round * 1_000 + agentIndex).toISOString();
}
