import { keyOfCampaign } from '@wfm-sync/domain';
import type { PipelineContext } from '../context.js';
import { routingGroupsOfOrg } from '../ingest/routing.js';
import { orgQueueName } from '../store/names.js';
import { stampAtSend, type TrunkMonitor } from './trunk-monitor.js';

/**
 * One poll of an org's trunks (run by a BullMQ job scheduler per org, so one poller per region however many
 * workers run): one paged list call reads up to 100 trunks. Every poll also re-derives the pacing of the org's
 * campaigns — level-triggered, costing no Genesys call while a campaign is in step.
 */
export class TrunkPoller {
  constructor(
    private readonly ctx: PipelineContext,
    private readonly trunks: TrunkMonitor,
  ) {}

  async poll(orgId: string): Promise<number> {
    const org = this.ctx.topology.org(orgId);
    if (!org) return 0;
    // Stamped when the first page leaves.
    const stamp = stampAtSend(() => this.ctx.now());
    const listing = await this.ctx.clientFor(orgId).listAllTrunks(stamp.read);
    await this.trunks.observeListing(orgId, listing, stamp.observedAt());
    const campaigns = routingGroupsOfOrg(this.ctx.topology, orgId)
      .flatMap((g) => g.campaignIds)
      .map((id) => ({ key: keyOfCampaign(orgId, id), queue: orgQueueName(org.region, orgId) }));
    await this.ctx.queues.enqueue(campaigns);
    return listing.length;
  }
}
