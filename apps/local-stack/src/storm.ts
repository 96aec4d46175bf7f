import type { AgentCapacityData, WfmEvent } from '@wfm-sync/domain';
import type { SimFixture } from '@wfm-sync/gc-sim';
import { type Disorder, disorder } from './disorder.js';
import { seededRandom } from './rng.js';

export interface StormOptions extends Disorder {
  seed: number;
  /** Agents taken from the fixture (all orgs, in order). */
  agents: number;
  eventsPerAgent: number;
}

export interface Storm {
  /** Deliveries in sending order (duplicates included). */
  deliveries: WfmEvent[];
  /** userId → the data of its highest-sequence event: what Genesys must end with. */
  expected: Map<string, { orgId: string; data: AgentCapacityData }>;
}

/**
 * A peak-hour storm of agent capacity events: each agent gets `eventsPerAgent` changes with increasing sequence,
 * interleaved across agents, with redeliveries and out-of-order arrivals. Deterministic for a seed.
 */
export function generateAgentStorm(fixture: SimFixture, options: StormOptions): Storm {
  const random = seededRandom(options.seed);
  const agents = fixture.orgs
    .flatMap((org) => org.agents.map((agent) => ({ org, agent })))
    .slice(0, options.agents);
  const perKey: WfmEvent[][] = agents.map(({ org, agent }, a) =>
    Array.from({ length: options.eventsPerAgent }, (_, i) => {
      const data: AgentCapacityData = {
        userId: agent.id,
        routingGroupId: agent.routingGroupId,
        trunkId: agent.trunkId,
        available: random() > 0.2,
        utilization: {
          call: { maximumCapacity: 1 + Math.floor(random() * 3) },
          chat: { maximumCapacity: Math.floor(random() * 4), interruptableMediaTypes: ['call'] },
          email: { maximumCapacity: Math.floor(random() * 2) },
        },
      };
      return {
        id: `evt_${options.seed}_${a}_${i}`,
        type: 'agent.capacity.updated' as const,
        orgId: org.id,
        occurredAt: new Date(Date.UTC(2026, 10, 23, 9, 0, 0) + i * 1000 + a).toISOString(),
        sequence: 1000 + i,
        data,
      };
    }),
  );
  const { deliveries, finals } = disorder(perKey, random, options);
  const expected = new Map<string, { orgId: string; data: AgentCapacityData }>();
  for (const last of finals) {
    if (last.type === 'agent.capacity.updated')
      expected.set(last.data.userId, { orgId: last.orgId, data: last.data });
  }
  return { deliveries, expected };
}
