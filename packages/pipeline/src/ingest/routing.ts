import { isRegion, type Region, type TopologyIndex } from '@wfm-sync/config';
import type { SyncKey } from '@wfm-sync/domain';
import { agentQueueName, regionQueueName } from '../store/names.js';

/** Which queue a key goes to: agents to their (region, org, routing group); everything else to its region. */
export function queueForKey(topology: TopologyIndex, key: SyncKey, routingGroupId?: string): string {
  const org = topology.org(key.orgId);
  if (!org) throw new Error(`org ${key.orgId} is not in the topology`);
  if (key.kind === 'agent' && routingGroupId !== undefined) {
    return agentQueueName(org.region, key.orgId, routingGroupId);
  }
  return regionQueueName(org.region);
}

/** Every queue a worker of `region` consumes (`all`: every region of the topology). */
export function queuesOfRegion(
  topology: TopologyIndex,
  region: string,
): { region: Region; queues: string[] }[] {
  const regions: readonly Region[] = region === 'all' ? topology.regions() : isRegion(region) ? [region] : [];
  return regions.map((r) => ({
    region: r,
    queues: [
      regionQueueName(r),
      ...topology.routingGroupsInRegion(r).map((g) => agentQueueName(r, g.orgId, g.id)),
    ],
  }));
}

export function trunksOfOrg(topology: TopologyIndex, orgId: string) {
  return topology.topology.trunks.filter((t) => t.orgId === orgId);
}

export function routingGroupsOfOrg(topology: TopologyIndex, orgId: string) {
  return topology.topology.routingGroups.filter((g) => g.orgId === orgId);
}
