import type { AgentCapacityData, WfmEvent } from '@wfm-sync/domain';
import { createPrng, type SimFixture } from '@wfm-sync/local-stack/gc-sim';
import { occurredAt, randomAgentCapacity } from '../workload/agent-data.js';
import { agentExpectation, campaignExpectations } from '../workload/expectations.js';
import type { Expectation } from '../workload/types.js';

export interface SoakStreamOptions {
  seed: number;
  /** Deliveries in total, redeliveries included. */
  events: number;
  batchSize: number;
  /** Share of each batch that redelivers events of the previous batch. */
  duplicateRate: number;
}

/**
 * A million events cannot sit in memory: batches are generated as they are sent, and the same options generate the
 * same batches again, which is how the expected final states are known before the feed.
 */
export function* soakBatches(fixture: SimFixture, options: SoakStreamOptions): Generator<WfmEvent[]> {
  const prng = createPrng(options.seed).fork('bench-soak');
  const agents = fixture.orgs.flatMap((org) => org.agents.map((agent) => ({ orgId: org.id, agent })));
  if (agents.length === 0) return;
  const sequences = agents.map(() => 0);
  let nextAgent = 0;
  let previous: WfmEvent[] = [];
  for (let sent = 0; sent < options.events; ) {
    const size = Math.min(options.batchSize, options.events - sent);
    const redeliveries = previous.length === 0 ? 0 : Math.round(size * options.duplicateRate);
    const fresh: WfmEvent[] = [];
    for (let i = 0; i < size - redeliveries; i++) {
      const index = nextAgent;
      nextAgent = (nextAgent + 1) % agents.length;
      const { orgId, agent } = agents[index]!;
      const sequence = ++sequences[index]!;
      fresh.push({
        id: `evt_soak_${index}_${sequence}`,
        type: 'agent.capacity.updated',
        orgId,
        occurredAt: occurredAt(sequence, index),
        sequence,
        data: randomAgentCapacity(prng, agent),
      });
    }
    const batch = [...fresh];
    for (let i = 0; i < redeliveries; i++) batch.push(previous[prng.int(0, previous.length - 1)]!);
    previous = fresh;
    sent += batch.length;
    yield batch;
  }
}

/** What Genesys must show after the soak: every agent at its last event, every campaign at its share. */
export function soakExpectations(fixture: SimFixture, options: SoakStreamOptions): Expectation[] {
  const finals = new Map<string, { orgId: string; data: AgentCapacityData; sequence: number }>();
  for (const batch of soakBatches(fixture, options)) {
    for (const event of batch) {
      if (event.type !== 'agent.capacity.updated') continue;
      const known = finals.get(event.data.userId);
      if (!known || known.sequence < event.sequence)
        finals.set(event.data.userId, { orgId: event.orgId, data: event.data, sequence: event.sequence });
    }
  }
  return [
    ...[...finals.values()].map(({ orgId, data }) => agentExpectation(orgId, data)),
    ...campaignExpectations(fixture, finals),
  ];
}
