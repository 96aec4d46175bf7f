import { trunksOfOrg } from '../ingest/routing.js';
import type { TrunkView } from './api.js';
import type { OperatorContext } from './context.js';

/** Every trunk of the topology (or of one region) with its health as last seen and the agents parked on it. */
export async function trunkViews(ctx: OperatorContext, region?: string): Promise<TrunkView[]> {
  const views: TrunkView[] = [];
  for (const org of ctx.topology.topology.orgs) {
    if (region !== undefined && org.region !== region) continue;
    for (const trunk of trunksOfOrg(ctx.topology, org.id)) {
      const record = await ctx.trunks.get(org.id, trunk.id);
      views.push({
        orgId: org.id,
        region: org.region,
        trunkId: trunk.id,
        health: record?.health ?? 'unknown',
        since: record?.since ?? null,
        observedAt: record?.observedAt ?? null,
        parkedAgents: (await ctx.trunks.parkedAgents(org.id, trunk.id)).sort(),
      });
    }
  }
  return views;
}
