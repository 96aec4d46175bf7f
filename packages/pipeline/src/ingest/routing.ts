import { isRegion, type Region, type TopologyIndex } from '@wfm-sync/config';
import type { SyncKey } from '@wfm-sync/domain';
import { agentQueueName, orgQueueName, regionQueueName } from '../store/names.js';

/**
 * Which queue a key goes to: agents to their (region, org, routing group); everything else to its org's own queue
 * (docs/decisions/025: one org's backlog never sits in front of another's).
 */
export function queueForKey(topology: TopologyIndex, key: SyncKey, routingGroupId?: string): string {
  const org = topology.org(key.orgId);
  if (!org) throw new Error(`org ${key.orgId} is not in the topology`);
  if (key.kind === 'agent' && routingGroupId !== undefined) {
    return agentQueueName(org.region, key.orgId, routingGroupId);
  }
  return orgQueueName(org.region, key.orgId);
}

/**
 * The queue to re-enqueue a stored key on (sweeper, resync): an agent's routing group is known only from the queue
 * ingest recorded with it; every other kind goes where `queueForKey` sends it today, so a key recorded with the
 * region queue of before decision 025 moves to its org's queue.
 */
export function queueOfStoredKey(topology: TopologyIndex, key: SyncKey, stored: unknown): string {
  if (key.kind === 'agent' && typeof stored === 'string' && stored !== '') return stored;
  return queueForKey(topology, key);
}

/** The queues of one org in its region: its own queue, then one per routing group. */
export function queuesOfOrg(topology: TopologyIndex, region: Region, orgId: string): string[] {
  return [
    orgQueueName(region, orgId),
    ...topology
      .routingGroupsInRegion(region)
      .filter((g) => g.orgId === orgId)
      .map((g) => agentQueueName(region, g.orgId, g.id)),
  ];
}

/**
 * Every queue a worker of `region` consumes (`all`: every region of the topology): per org its own queue and its
 * routing groups' queues, plus the region queue of before decision 025 (`legacy`), drained for jobs queued before
 * the upgrade.
 */
export function queuesOfRegion(
  topology: TopologyIndex,
  region: string,
): { region: Region; queues: string[]; legacy: string; byOrg: Map<string, string[]> }[] {
  const regions: readonly Region[] = region === 'all' ? topology.regions() : isRegion(region) ? [region] : [];
  return regions.map((r) => {
    const byOrg = new Map(topology.orgsInRegion(r).map((org) => [org.id, queuesOfOrg(topology, r, org.id)]));
    const legacy = regionQueueName(r);
    return { region: r, queues: [legacy, ...[...byOrg.values()].flat()], legacy, byOrg };
  });
}

export function trunksOfOrg(topology: TopologyIndex, orgId: string) {
  return topology.topology.trunks.filter((t) => t.orgId === orgId);
}

export function routingGroupsOfOrg(topology: TopologyIndex, orgId: string) {
  return topology.topology.routingGroups.filter((g) => g.orgId === orgId);
}
