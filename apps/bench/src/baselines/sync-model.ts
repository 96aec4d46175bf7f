import {
  computeGroupPacing,
  type PacingAgent,
  type ScheduleAgentData,
  type TimeOffData,
  type UtilizationMap,
  type WfmEvent,
} from '@wfm-sync/domain';
import type { SimTopology } from '@wfm-sync/local-stack/gc-sim';

/** One Genesys write a baseline decided on. */
export type BaselineWrite =
  | { kind: 'agent'; orgId: string; userId: string; utilization: UtilizationMap }
  | { kind: 'campaign'; orgId: string; campaignId: string; lines: number }
  | { kind: 'timeoff'; orgId: string; data: TimeOffData }
  /** One agent of one schedule: a typical integration uploads each agent's week as its event arrives. */
  | { kind: 'schedule'; orgId: string; data: ScheduleAgentData };

type RoutingGroup = SimTopology['routingGroups'][number];

/**
 * What a typical integration does with each event: keep the last event received per agent (no sequence check),
 * write the agent's utilization, and re-pace the agent's group when a campaign's share changed. Trunk health is
 * ignored, as people do: every trunk counts its lines and agents on unhealthy trunks are written. Time-off and
 * schedule events are written as they arrive, one request (or one upload) each.
 */
export class BaselineSyncModel {
  private readonly agents = new Map<string, PacingAgent & { groupId: string }>();
  private readonly lastLines = new Map<string, number>();
  private readonly groups = new Map<string, RoutingGroup>();
  private readonly trunkLines = new Map<string, number>();

  constructor(topology: SimTopology) {
    for (const group of topology.routingGroups) this.groups.set(`${group.orgId}/${group.id}`, group);
    for (const trunk of topology.trunks)
      this.trunkLines.set(`${trunk.orgId}/${trunk.id}`, trunk.maxConcurrentCalls);
  }

  writesFor(event: WfmEvent): BaselineWrite[] {
    switch (event.type) {
      case 'agent.capacity.updated': {
        const { data, orgId } = event;
        const key = `${orgId}/${data.userId}`;
        const previousGroup = this.agents.get(key)?.groupId;
        this.agents.set(key, {
          groupId: data.routingGroupId,
          trunkId: data.trunkId,
          available: data.available,
          callCapacity: data.utilization.call?.maximumCapacity,
        });
        const writes: BaselineWrite[] = [
          { kind: 'agent', orgId, userId: data.userId, utilization: data.utilization },
        ];
        const groups = new Set([data.routingGroupId, ...(previousGroup ? [previousGroup] : [])]);
        for (const groupId of groups) writes.push(...this.repace(orgId, groupId));
        return writes;
      }
      case 'trunk.status.changed':
        return [];
      case 'timeoff.upserted':
        return [{ kind: 'timeoff', orgId: event.orgId, data: event.data }];
      case 'schedule.agent.updated':
        return [{ kind: 'schedule', orgId: event.orgId, data: event.data }];
    }
  }

  private repace(orgId: string, groupId: string): BaselineWrite[] {
    const group = this.groups.get(`${orgId}/${groupId}`);
    if (!group) return [];
    const members = [...this.agents.entries()]
      .filter(([key, agent]) => key.startsWith(`${orgId}/`) && agent.groupId === groupId)
      .map(([, agent]) => agent);
    const trunks = group.trunkIds.map((id) => ({
      id,
      maxConcurrentCalls: this.trunkLines.get(`${orgId}/${id}`) ?? 0,
    }));
    const pacing = computeGroupPacing({ ...group, trunks }, members, () => 'healthy');
    const writes: BaselineWrite[] = [];
    for (const [campaignId, lines] of pacing.shares) {
      const key = `${orgId}/${campaignId}`;
      if (this.lastLines.get(key) === lines) continue;
      this.lastLines.set(key, lines);
      writes.push({ kind: 'campaign', orgId, campaignId, lines });
    }
    return writes;
  }
}
