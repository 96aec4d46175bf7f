import { deriveTrunkHealth, keyOfCampaign, type TrunkHealth } from '@wfm-sync/domain';
import { GenesysApiError, type GenesysClient, type ReadOptions, type Trunk } from '@wfm-sync/genesys-client';
import type { PipelineContext } from '../context.js';
import type { KeyToEnqueue } from '../ingest/queues.js';
import { trunksOfOrg } from '../ingest/routing.js';
import type { TrunkUpdate } from '../notifications/feed-messages.js';
import { nextGateGapMs, refreshAhead } from '../notifications/poll-cadence.js';
import { TrunkReadStore } from '../notifications/trunk-push.js';
import { orgQueueName } from '../store/names.js';
import type { TrunkHealthRecord } from '../store/trunk-health-store.js';

/**
 * The time a trunk read is stamped with: when its request leaves, not before the org's budget wait. At peak that
 * wait is seconds, and a stamp taken before it would make the answer look stale on arrival and cause another read.
 */
export function stampAtSend(now: () => number): { read: ReadOptions; observedAt: () => number } {
  let at = now();
  return {
    read: {
      onSent: () => {
        at = now();
      },
    },
    observedAt: () => at,
  };
}

/** One trunk's health as Genesys tells it now; a trunk Genesys does not know counts as offline. */
export async function readTrunkHealth(
  client: GenesysClient,
  trunkId: string,
  read: ReadOptions = {},
): Promise<TrunkHealth> {
  try {
    return deriveTrunkHealth(await client.getTrunk(trunkId, read));
  } catch (error) {
    if (!(error instanceof GenesysApiError && error.kind === 'not-found')) throw error;
    return 'offline';
  }
}

/**
 * Trunk health as the pipeline sees it: a cache fed by the per-region poller, by trunk hints and by on-demand
 * reads, and the reactions to a change (wake parked agents, recompute the pacing of the trunk's groups).
 */
/** What one listing took: when it started (before the budget wait), left, and was recorded. */
export interface ListingTimes {
  startedAt: number;
  sentAt: number;
  answeredAt: number;
}

/** Trunks one list call reads (genesys-api.md: `pageSize` 100). */
const TRUNKS_PER_LISTING_CALL = 100;

export class TrunkMonitor {
  private readonly inFlight = new Map<string, Promise<TrunkHealthRecord>>();
  private readonly listings = new Map<string, Promise<number>>();
  /** Orgs whose last listing took more than one call: a single trunk is then cheaper to read alone. */
  private readonly paged = new Set<string>();
  private onListed: ((orgId: string, times: ListingTimes) => Promise<void>) | undefined;
  /** What reads answered, per trunk, so that a push (which lacks state/inService/enabled) becomes a health. */
  private readonly readStore: TrunkReadStore;
  private listening: ((orgId: string) => boolean) | undefined;
  /** Per org, what this process's agent gates and listings look like lately (for `refreshAhead`). */
  private readonly pace = new Map<
    string,
    { lastGateAt?: number; gateGapMs?: number; lastListing?: { waitMs: number; roundTripMs: number } }
  >();

  constructor(private readonly ctx: PipelineContext) {
    this.readStore = new TrunkReadStore(ctx.redis, ctx.names.prefix);
  }

  /**
   * Health no older than `trunkHealthMaxAgeMs`; reads Genesys when the cache is older. `pacing`: while the org
   * listens to notifications, pushes keep the cached health current between listings, so campaign pacing takes it
   * whatever its age (agent writes never do: their gate wants a read no older than the bound, decision 024).
   */
  async current(
    orgId: string,
    trunkId: string,
    options: { pacing?: boolean } = {},
  ): Promise<TrunkHealthRecord> {
    const cached = await this.ctx.trunks.get(orgId, trunkId);
    const ageMs = cached ? this.ctx.now() - cached.observedAt : Number.POSITIVE_INFINITY;
    if (!options.pacing) this.gated(orgId, trunkId, ageMs);
    if (cached && ageMs <= this.ctx.settings.trunkHealthMaxAgeMs) return cached;
    if (cached && options.pacing && this.listening?.(orgId)) return cached;
    return this.read(orgId, trunkId);
  }

  /**
   * An agent gate of a listening org: when its health is fresh but will not be for the next agent, the next
   * listing starts now in the background (`refreshAhead`; while not listening, the poller lists every tick).
   */
  private gated(orgId: string, trunkId: string, ageMs: number): void {
    const now = this.ctx.now();
    const maxAgeMs = this.ctx.settings.trunkHealthMaxAgeMs;
    const pace = this.pace.get(orgId);
    const gateGapMs =
      pace?.lastGateAt === undefined
        ? pace?.gateGapMs
        : nextGateGapMs(pace.gateGapMs, now - pace.lastGateAt, maxAgeMs);
    this.pace.set(orgId, {
      ...pace,
      lastGateAt: now,
      ...(gateGapMs === undefined ? {} : { gateGapMs }),
    });
    if (ageMs > maxAgeMs || this.listings.has(orgId) || this.listening?.(orgId) !== true) return;
    const ahead = refreshAhead({ ageMs, gateMaxAgeMs: maxAgeMs, lastListing: pace?.lastListing, gateGapMs });
    if (!ahead) return;
    this.read(orgId, trunkId).catch((error: unknown) =>
      this.ctx.logger.warn(
        { org: orgId, err: error },
        'trunk listing ahead of the gate failed; the gate reads',
      ),
    );
  }

  /**
   * Whether an org listens now, and what to tell of each listing (set by the worker's listening): pacing then
   * trusts pushed health, and the poll cadence learns what listings take.
   */
  listenWith(
    isListening: (orgId: string) => boolean,
    onListed?: (orgId: string, times: ListingTimes) => Promise<void>,
  ): void {
    this.listening = isListening;
    this.onListed = onListed;
  }

  /**
   * Reads a trunk from Genesys (a trunk Genesys does not know counts as offline) and records it. A list call
   * costs one request like a single-trunk read but refreshes every trunk of the org, so the gate lists (the next
   * agent of another trunk then finds fresh health) unless the org's trunks take more than one call or the trunk
   * is not in the topology.
   */
  async read(orgId: string, trunkId: string): Promise<TrunkHealthRecord> {
    const configured = trunksOfOrg(this.ctx.topology, orgId).some((t) => t.id === trunkId);
    if (!configured || this.paged.has(orgId)) return this.readOne(orgId, trunkId);
    await this.list(orgId);
    const record = await this.ctx.trunks.get(orgId, trunkId);
    return record ?? this.readOne(orgId, trunkId);
  }

  /**
   * Lists every trunk of the org (one call per 100) and records them, stamped when the first page left.
   * Single-flight per org in this process: the poller and gating agents share one listing. Returns the count.
   */
  list(orgId: string): Promise<number> {
    const pending = this.listings.get(orgId);
    if (pending) return pending;
    const listing = this.listNow(orgId).finally(() => this.listings.delete(orgId));
    this.listings.set(orgId, listing);
    return listing;
  }

  private async listNow(orgId: string): Promise<number> {
    const startedAt = this.ctx.now();
    const stamp = stampAtSend(() => this.ctx.now());
    const trunks = await this.ctx.clientFor(orgId).listAllTrunks(stamp.read);
    if (trunks.length > TRUNKS_PER_LISTING_CALL) this.paged.add(orgId);
    else this.paged.delete(orgId);
    await this.observeListing(orgId, trunks, stamp.observedAt());
    const times = { startedAt, sentAt: stamp.observedAt(), answeredAt: this.ctx.now() };
    this.pace.set(orgId, {
      ...this.pace.get(orgId),
      lastListing: { waitMs: times.sentAt - times.startedAt, roundTripMs: times.answeredAt - times.sentAt },
    });
    await this.onListed?.(orgId, times);
    return trunks.length;
  }

  /**
   * Reads one trunk alone. Single-flight per trunk in this process: the agents of one trunk gating at once share
   * one read, instead of spending the org's budget on the same answer many times.
   */
  private readOne(orgId: string, trunkId: string): Promise<TrunkHealthRecord> {
    const id = `${orgId}\n${trunkId}`;
    const pending = this.inFlight.get(id);
    if (pending) return pending;
    const reading = this.readNow(orgId, trunkId).finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, reading);
    return reading;
  }

  private async readNow(orgId: string, trunkId: string): Promise<TrunkHealthRecord> {
    const stamp = stampAtSend(() => this.ctx.now());
    let trunk: Trunk | undefined;
    try {
      trunk = await this.ctx.clientFor(orgId).getTrunk(trunkId, stamp.read);
    } catch (error) {
      if (!(error instanceof GenesysApiError && error.kind === 'not-found')) throw error;
    }
    const health = trunk ? deriveTrunkHealth(trunk) : 'offline';
    const observedAt = stamp.observedAt();
    if (trunk) await this.readStore.recordReads(orgId, [{ ...trunk, id: trunkId }], observedAt);
    const observation = await this.observe(orgId, trunkId, health, observedAt);
    return { health, since: observation.since, observedAt };
  }

  /** Records a list read of every trunk of an org (the poller); topology trunks missing from it are offline. */
  async observeListing(orgId: string, trunks: readonly Trunk[], observedAt: number): Promise<void> {
    const byId = new Map(trunks.map((t) => [t.id, t]));
    const configured = trunksOfOrg(this.ctx.topology, orgId);
    await this.readStore.recordReads(
      orgId,
      configured.flatMap((t) => {
        const found = byId.get(t.id);
        return found ? [found] : [];
      }),
      observedAt,
    );
    for (const trunk of configured) {
      const found = byId.get(trunk.id);
      await this.observe(orgId, trunk.id, found ? deriveTrunkHealth(found) : 'offline', observedAt);
    }
  }

  /**
   * A trunk's pushed connection/REGISTER/OPTIONS states (decision 024). Its health is derived with the last read's
   * other fields and stored without moving `observedAt`: a push never makes health look fresher, only reads do.
   * A pushed degradation therefore parks agents at once; a pushed recovery wakes the parked agents (their gate
   * still wants a read no older than `trunkHealthMaxAgeMs`). A trunk never read is read instead.
   */
  async observePush(update: TrunkUpdate): Promise<void> {
    const { orgId, trunkId } = update;
    if (!trunksOfOrg(this.ctx.topology, orgId).some((t) => t.id === trunkId)) return;
    const after = await this.readStore.healthAfterPush(update);
    if (!after) {
      await this.read(orgId, trunkId);
      return;
    }
    const cached = await this.ctx.trunks.get(orgId, trunkId);
    // The freshness stays the last read's (the store refuses an older stamp than the one it holds).
    const observedAt = Math.max(after.lastReadAt, cached?.observedAt ?? 0);
    await this.observe(orgId, trunkId, after.health, observedAt);
  }

  private async observe(orgId: string, trunkId: string, health: TrunkHealth, observedAt: number) {
    const observation = await this.ctx.trunks.observe(orgId, trunkId, health, observedAt);
    if (!observation.changed) return observation;
    this.ctx.metrics.trunkHealthChanges.inc({ org: orgId, health });
    this.ctx.logger.info(
      {
        org: orgId,
        trunk: trunkId,
        health,
        previous: observation.previous ?? null,
        woken: observation.woken.length,
      },
      'trunk health changed',
    );
    const work: KeyToEnqueue[] = observation.woken.map(({ userId, queue }) => ({
      key: { orgId, kind: 'agent', id: userId },
      queue,
    }));
    work.push(...this.campaignsOfTrunk(orgId, trunkId));
    await this.ctx.queues.enqueue(work);
    return observation;
  }

  private campaignsOfTrunk(orgId: string, trunkId: string): KeyToEnqueue[] {
    const org = this.ctx.topology.org(orgId);
    if (!org) return [];
    return (this.ctx.topology.groupsOfTrunk(orgId, trunkId) ?? [])
      .flatMap((g) => g.campaignIds)
      .map((campaignId) => ({
        key: keyOfCampaign(orgId, campaignId),
        queue: orgQueueName(org.region, orgId),
      }));
  }
}
