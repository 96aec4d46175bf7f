import { keyOfCampaign } from '@wfm-sync/domain';
import type { PipelineContext } from '../context.js';
import { routingGroupsOfOrg } from '../ingest/routing.js';
import { regionQueueName } from '../store/names.js';
import type { TrunkPollCadence } from './trunk-cadence.js';
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
    /** When set, a tick lists only when the org's cadence says so (decision 024); else every tick lists. */
    private readonly cadence?: TrunkPollCadence,
  ) {}

  /** Lists the org's trunks (unless the cadence skips this tick and it is not `force`d), then paces campaigns. */
  async poll(orgId: string, options: { force?: boolean } = {}): Promise<number> {
    const org = this.ctx.topology.org(orgId);
    if (!org) return 0;
    let listed = 0;
    if (options.force || !this.cadence || (await this.cadence.shouldList(orgId))) {
      // Stamped when the first page leaves.
      const stamp = stampAtSend(() => this.ctx.now());
      const listing = await this.ctx.clientFor(orgId).listAllTrunks(stamp.read);
      await this.trunks.observeListing(orgId, listing, stamp.observedAt());
      await this.cadence?.listed(orgId, stamp.observedAt());
      listed = listing.length;
    }
    const campaigns = routingGroupsOfOrg(this.ctx.topology, orgId)
      .flatMap((g) => g.campaignIds)
      .map((id) => ({ key: keyOfCampaign(orgId, id), queue: regionQueueName(org.region) }));
    await this.ctx.queues.enqueue(campaigns);
    return listed;
  }
}
