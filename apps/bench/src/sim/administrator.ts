import { createPrng, type Prng, type SimFixture } from '@wfm-sync/local-stack/gc-sim';
import type { Logger } from '@wfm-sync/observability';
import type { SimAdminClient, SimRequest } from './sim-admin-client.js';

const CAMPAIGN_ROUTE = '/api/v2/outbound/campaigns/:campaignId';

/**
 * A person in the admin UI who edits a campaign right after a share of the sync's successful campaign writes
 * (name or caller name: fields the sync does not own). Following the writes, rather than editing on a clock,
 * keeps the interference proportional to each strategy's own campaign writes.
 */
export class CampaignAdministrator {
  edits = 0;
  failures = 0;
  private readonly prng: Prng;
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly sim: SimAdminClient,
    private readonly fixture: SimFixture,
    private readonly share: number,
    seed: number,
    private readonly logger: Logger,
  ) {
    this.prng = createPrng(seed).fork('bench-administrator');
  }

  /** Feed of the simulator's request log. */
  observe(entry: SimRequest): void {
    const write = entry.method === 'PUT' || entry.method === 'PATCH';
    if (!write || entry.route !== CAMPAIGN_ROUTE || entry.status < 200 || entry.status > 299) return;
    if (entry.orgId === null || !this.prng.chance(this.share)) return;
    const campaignId = decodeURIComponent(entry.path.split('/').at(-1) ?? '');
    const original = this.fixture.orgs
      .find((org) => org.id === entry.orgId)
      ?.campaigns.find((c) => c.id === campaignId);
    if (!original) return;
    this.edits++;
    const fields = this.prng.chance(0.5)
      ? { name: `${original.name} (edited ${this.edits})` }
      : { callerName: `${original.callerName} ${this.edits}` };
    const edit = this.sim.editCampaignAsAdmin(entry.orgId, campaignId, fields).catch((error: unknown) => {
      this.failures++;
      this.logger.warn({ err: error, campaignId }, 'administrator edit failed');
    });
    this.pending.add(edit);
    void edit.finally(() => this.pending.delete(edit));
  }

  async settled(): Promise<void> {
    await Promise.all([...this.pending]);
  }
}
