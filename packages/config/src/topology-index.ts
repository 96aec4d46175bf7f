import type { Region } from './regions.js';
import { REGIONS } from './regions.js';
import type { OrgConfig, RoutingGroupConfig, Topology, TrunkConfig } from './topology.js';

/**
 * Lookups over a validated topology. Unknown ids give undefined; listings keep file order. `replace` swaps the
 * whole topology at once (a SIGHUP reload, see TopologyHolder): every holder of the index sees the new one.
 */
export class TopologyIndex {
  private orgsById = new Map<string, OrgConfig>();
  private orgsByRegion = new Map<Region, OrgConfig[]>();
  private trunksByKey = new Map<string, TrunkConfig>();
  private groupsByKey = new Map<string, RoutingGroupConfig>();
  private groupsByTrunkKey = new Map<string, RoutingGroupConfig[]>();
  private groupByCampaignKey = new Map<string, RoutingGroupConfig>();
  private groupsByRegion = new Map<Region, RoutingGroupConfig[]>();
  private current: Topology;

  constructor(topology: Topology) {
    this.current = topology;
    this.build(topology);
  }

  get topology(): Topology {
    return this.current;
  }

  /** Replaces the topology: lookups answer from the new one from now on. */
  replace(topology: Topology): void {
    const next = new TopologyIndex(topology);
    this.orgsById = next.orgsById;
    this.orgsByRegion = next.orgsByRegion;
    this.trunksByKey = next.trunksByKey;
    this.groupsByKey = next.groupsByKey;
    this.groupsByTrunkKey = next.groupsByTrunkKey;
    this.groupByCampaignKey = next.groupByCampaignKey;
    this.groupsByRegion = next.groupsByRegion;
    this.current = topology;
  }

  private build(topology: Topology): void {
    for (const org of topology.orgs) {
      this.orgsById.set(org.id, org);
      pushTo(this.orgsByRegion, org.region, org);
    }
    for (const trunk of topology.trunks) {
      const key = orgScoped(trunk.orgId, trunk.id);
      this.trunksByKey.set(key, trunk);
      this.groupsByTrunkKey.set(key, []);
    }
    for (const group of topology.routingGroups) {
      this.groupsByKey.set(orgScoped(group.orgId, group.id), group);
      for (const trunkId of group.trunkIds)
        this.groupsByTrunkKey.get(orgScoped(group.orgId, trunkId))?.push(group);
      for (const campaignId of group.campaignIds) {
        this.groupByCampaignKey.set(orgScoped(group.orgId, campaignId), group);
      }
      const org = this.orgsById.get(group.orgId);
      if (org !== undefined) pushTo(this.groupsByRegion, org.region, group);
    }
  }

  org(orgId: string): OrgConfig | undefined {
    return this.orgsById.get(orgId);
  }

  orgsInRegion(region: Region): readonly OrgConfig[] {
    return this.orgsByRegion.get(region) ?? [];
  }

  trunk(orgId: string, trunkId: string): TrunkConfig | undefined {
    return this.trunksByKey.get(orgScoped(orgId, trunkId));
  }

  routingGroup(orgId: string, groupId: string): RoutingGroupConfig | undefined {
    return this.groupsByKey.get(orgScoped(orgId, groupId));
  }

  /** Groups that use the trunk ([] if none); undefined if the org has no such trunk. */
  groupsOfTrunk(orgId: string, trunkId: string): readonly RoutingGroupConfig[] | undefined {
    return this.groupsByTrunkKey.get(orgScoped(orgId, trunkId));
  }

  /** The one group whose campaigns include the campaign (the topology allows at most one). */
  groupOfCampaign(orgId: string, campaignId: string): RoutingGroupConfig | undefined {
    return this.groupByCampaignKey.get(orgScoped(orgId, campaignId));
  }

  /** Regions that have at least one org, in REGIONS order. */
  regions(): readonly Region[] {
    return REGIONS.filter((region) => this.orgsByRegion.has(region));
  }

  /** A routing group is in its org's region. */
  routingGroupsInRegion(region: Region): readonly RoutingGroupConfig[] {
    return this.groupsByRegion.get(region) ?? [];
  }
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

function orgScoped(orgId: string, id: string): string {
  return JSON.stringify([orgId, id]);
}
