import type { AgentCapacityData, WfmEvent } from '@wfm-sync/domain';
import { createPrng, type Prng, type SimFixture } from '@wfm-sync/local-stack/gc-sim';
import { occurredAt, randomAgentCapacity } from './agent-data.js';
import { agentExpectation, campaignExpectations } from './expectations.js';
import type { TimedDelivery, Workload } from './types.js';

export interface AgentStormOptions {
  seed: number;
  /** Deliveries in total, duplicates included. */
  events: number;
  /** The deliveries are spread evenly over this time. */
  feedMs: number;
  /** Share of deliveries that are redeliveries of an earlier event (same id). */
  duplicateRate: number;
  /** Share of events that arrive after the next event of the same key (late arrival). */
  outOfOrderRate: number;
}

/** Redeliveries arrive this many deliveries after the original, at most (a fraction of a second at peak rate). */
const MAX_REDELIVERY_LAG = 100;

function shuffled<T>(items: readonly T[], prng: Prng): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = prng.int(0, i);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/**
 * A peak-hour storm of agent capacity changes over every agent of the fixture: rounds in which each agent changes
 * once (so every agent's final change comes near the end, as in a shift change), with redeliveries and late
 * arrivals. Exactly `events` deliveries; the same options give the same bytes.
 */
export function generateAgentStormWorkload(fixture: SimFixture, options: AgentStormOptions): Workload {
  const prng = createPrng(options.seed).fork('bench-agent-storm');
  const agents = fixture.orgs.flatMap((org) => org.agents.map((agent) => ({ org, agent })));
  const unique = Math.round(options.events / (1 + options.duplicateRate));
  const duplicates = options.events - unique;

  const perAgent: WfmEvent[][] = agents.map(({ org, agent }, a) => {
    const count = Math.floor(unique / agents.length) + (a < unique % agents.length ? 1 : 0);
    return Array.from({ length: count }, (_, i) => ({
      id: `evt_${options.seed}_${a}_${i}`,
      type: 'agent.capacity.updated' as const,
      orgId: org.id,
      occurredAt: occurredAt(i, a),
      sequence: 1_000 + i,
      data: randomAgentCapacity(prng, agent),
    }));
  });

  const finalAgents = new Map<string, { orgId: string; data: AgentCapacityData }>();
  for (const events of perAgent) {
    const last = events.at(-1);
    if (last?.type === 'agent.capacity.updated')
      finalAgents.set(last.data.userId, { orgId: last.orgId, data: last.data });
    for (let i = 0; i + 1 < events.length; i++) {
      if (prng.chance(options.outOfOrderRate)) {
        [events[i], events[i + 1]] = [events[i + 1]!, events[i]!];
        i++;
      }
    }
  }

  const ordered: WfmEvent[] = [];
  const rounds = Math.max(0, ...perAgent.map((events) => events.length));
  for (let round = 0; round < rounds; round++) {
    for (const events of shuffled(perAgent, prng)) {
      const event = events[round];
      if (event) ordered.push(event);
    }
  }

  const slots = ordered.map((event, position) => ({ order: position, event }));
  for (const position of shuffled(
    ordered.map((_, i) => i),
    prng,
  ).slice(0, duplicates)) {
    slots.push({ order: position + prng.int(1, MAX_REDELIVERY_LAG) + 0.5, event: ordered[position]! });
  }
  slots.sort((a, b) => a.order - b.order);
  const total = slots.length;
  const deliveries: TimedDelivery[] = slots.map(({ event }, k) => ({
    atMs: Math.floor((k * options.feedMs) / Math.max(1, total)),
    event,
  }));

  return {
    deliveries,
    expectations: [
      ...[...finalAgents.values()].map(({ orgId, data }) => agentExpectation(orgId, data)),
      ...campaignExpectations(fixture, finalAgents),
    ],
  };
}
