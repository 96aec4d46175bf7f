import { randomUUID } from 'node:crypto';
import type { WfmEvent } from '@wfm-sync/domain';
import type { OrgAgent } from './topology.js';

export type CapacityEvent = Extract<WfmEvent, { type: 'agent.capacity.updated' }>;

export interface EventOverrides {
  id?: string;
  occurredAt?: string;
}

/** An agent.capacity.updated event for a fixture agent, valid against the topology. */
export function capacityEvent(
  { orgId, agent }: OrgAgent,
  callCapacity: number,
  sequence: number,
  overrides: EventOverrides = {},
): CapacityEvent {
  return {
    id: overrides.id ?? `evt_${randomUUID()}`,
    type: 'agent.capacity.updated',
    orgId,
    occurredAt: overrides.occurredAt ?? '2026-11-22T09:00:00.000Z',
    sequence,
    data: {
      userId: agent.id,
      routingGroupId: agent.routingGroupId,
      trunkId: agent.trunkId,
      available: true,
      utilization: {
        call: { maximumCapacity: callCapacity },
        chat: { maximumCapacity: 3, interruptableMediaTypes: ['call'] },
      },
    },
  };
}

/** The body a sender posts: one event alone, several as a batch. */
export function bodyOf(events: readonly WfmEvent[]): unknown {
  return events.length === 1 ? events[0] : { events };
}
