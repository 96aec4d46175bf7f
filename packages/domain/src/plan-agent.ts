import { type AgentCapacityData, MEDIA_TYPES, type UtilizationMap } from './events.js';
import { keyOfAgent } from './keys-of.js';
import { type FieldChange, type Plan, reasonForDifference } from './plan.js';
import type { TrunkHealth } from './trunk-health.js';
import { type CurrentUtilization, utilizationDifferences } from './utilization.js';

export interface AgentPlanInput {
  orgId: string;
  desired: AgentCapacityData;
  trunk: { health: TrunkHealth; since?: string };
  /**
   * Current utilization: read from Genesys, or the value wfm-sync last wrote while it is trusted as fresh.
   * `not-read` on an agent's first write: the PUT replaces the whole map, so a read could only save a write
   * that the read itself would cost (decision 015).
   */
  current: CurrentUtilization | 'not-read';
  /** What wfm-sync last wrote for this agent, if it ever did. */
  lastApplied?: UtilizationMap;
}

/** Plan for one agent: park on an unhealthy trunk, else write the full map only when a media type differs. */
export function planAgentUtilization(input: AgentPlanInput): Plan {
  const key = keyOfAgent(input.orgId, input.desired.userId);
  if (input.trunk.health !== 'healthy') {
    const since = input.trunk.since ? ` since ${input.trunk.since}` : '';
    return {
      key,
      reason: 'parked',
      detail: `${input.desired.trunkId} ${input.trunk.health}${since}`,
      changes: [],
      calls: [],
    };
  }
  if (input.current === 'not-read') {
    const changes = MEDIA_TYPES.filter((type) => type in input.desired.utilization).map((type) => ({
      field: `${type}.maximumCapacity`,
      current: 'not read',
      desired: input.desired.utilization[type]?.maximumCapacity ?? null,
    }));
    // Nothing owned, nothing to compare or write (a read would find it in step too).
    if (changes.length === 0) return { key, reason: 'in-step', changes: [], calls: [] };
    return {
      key,
      reason: 'first-sync',
      detail: 'first write of this agent: the full map, without reading Genesys first',
      changes,
      calls: [{ method: 'PUT', resource: 'routing-utilization', target: input.desired.userId }],
    };
  }
  const current = input.current;
  const differing = utilizationDifferences(input.desired.utilization, current);
  if (differing.length === 0) return { key, reason: 'in-step', changes: [], calls: [] };
  const changes: FieldChange[] = differing.map((type) => ({
    field: `${type}.maximumCapacity`,
    current: current[type]?.maximumCapacity ?? null,
    desired: input.desired.utilization[type]?.maximumCapacity ?? null,
  }));
  const lastAppliedEqual =
    input.lastApplied === undefined
      ? undefined
      : utilizationDifferences(input.desired.utilization, input.lastApplied).length === 0;
  return {
    key,
    reason: reasonForDifference(lastAppliedEqual),
    changes,
    calls: [{ method: 'PUT', resource: 'routing-utilization', target: input.desired.userId }],
  };
}
