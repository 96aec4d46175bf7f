import { keyOfCampaign } from '@wfm-sync/domain';
import type { PipelineContext } from '../context.js';
import { routingGroupsOfOrg } from '../ingest/routing.js';
import { orgQueueName } from '../store/names.js';
import { classifyFailure } from './failure.js';
import { enqueueForcedListing } from './forced-listing.js';
import { CLIENT_RECHECK_MS, holdOrgOnFailure } from './org-hold.js';
import type { TrunkPollCadence } from './trunk-cadence.js';
import type { TrunkMonitor } from './trunk-monitor.js';

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

  private readonly lastRecheck = new Map<string, number>();

  /**
   * Lists the org's trunks (unless the cadence skips this tick and it is not `force`d), then paces campaigns.
   * Nothing is sent to a held org (decision 026), except, now and then, the poll that re-checks a refused
   * client's credentials: its token fetch succeeding lifts the hold.
   */
  async poll(orgId: string, options: { force?: boolean } = {}): Promise<number> {
    const org = this.ctx.topology.org(orgId);
    if (!org) return 0;
    const holds = await this.ctx.holds.active(orgId);
    const recheck = holds.length === 1 && holds[0]?.reason === 'client-refused';
    if (holds.length > 0 && !(recheck && this.recheckDue(orgId))) return 0;
    let listed = 0;
    if (recheck || options.force || (await this.listsNow(orgId))) {
      try {
        listed = await this.trunks.list(orgId);
      } catch (error) {
        await holdOrgOnFailure(this.ctx, orgId, classifyFailure(error));
        throw error;
      }
      if (recheck) {
        const woken = await this.ctx.holds.lift(orgId, 'client-refused');
        this.ctx.logger.info(
          { org: orgId, woken },
          'org client accepted again: hold lifted, held keys woken',
        );
      }
    }
    const campaigns = routingGroupsOfOrg(this.ctx.topology, orgId)
      .flatMap((g) => g.campaignIds)
      .map((id) => ({ key: keyOfCampaign(orgId, id), queue: orgQueueName(org.region, orgId) }));
    await this.ctx.queues.enqueue(campaigns);
    return listed;
  }

  /** The cadence's decision for this tick; a listing due before the next tick is scheduled at its time. */
  private async listsNow(orgId: string): Promise<boolean> {
    if (!this.cadence) return true;
    const decision = await this.cadence.decide(orgId);
    if (decision.kind !== 'list-at') return decision.kind === 'list';
    const at = Math.round(decision.at);
    await enqueueForcedListing(this.ctx, orgId, {
      kind: 'guard',
      id: String(at),
      delayMs: at - this.ctx.now(),
    });
    return false;
  }

  private recheckDue(orgId: string): boolean {
    const now = this.ctx.now();
    if (now - (this.lastRecheck.get(orgId) ?? 0) < CLIENT_RECHECK_MS) return false;
    this.lastRecheck.set(orgId, now);
    return true;
  }
}
