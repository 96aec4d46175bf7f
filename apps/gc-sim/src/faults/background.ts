import type { Prng } from '../prng.js';
import type { OrgState } from '../state/org.js';
import { degradedVariants, type HealthVariant, offlineVariants, type TrunkHealth } from '../state/trunks.js';
import type { Timers } from '../timers.js';
import type { FaultProfile } from './profile.js';

export interface BackgroundDeps {
  orgs: readonly OrgState[];
  timers: Timers;
  adminPrng: Prng;
  flappingPrng: Prng;
  editCampaign(org: OrgState, campaignId: string, fields: Record<string, unknown>): void;
  resaveTimeOff(org: OrgState, timeOffRequestId: string): void;
  setTrunkHealth(org: OrgState, trunkId: string, health: TrunkHealth, variant?: HealthVariant): void;
  /** Now, on the simulator's clock. */
  now(): number;
}

export interface TrunkRef {
  org: OrgState;
  trunkId: string;
}

/** Resolves `trunkId` (in any org) or `orgId/trunkId`; throws naming the reference that matches nothing. */
export function resolveTrunkRefs(orgs: readonly OrgState[], refs: readonly string[]): TrunkRef[] {
  return refs.flatMap((ref) => {
    const slash = ref.indexOf('/');
    const orgId = slash >= 0 ? ref.slice(0, slash) : undefined;
    const trunkId = slash >= 0 ? ref.slice(slash + 1) : ref;
    const matches = orgs
      .filter((org) => (orgId === undefined || org.id === orgId) && org.trunks.get(trunkId))
      .map((org) => ({ org, trunkId }));
    if (matches.length === 0) throw new Error(`flapping: no trunk ${ref} in the fixture`);
    return matches;
  });
}

/**
 * The concurrent administrator and the flapping trunks: timers driven by the fault profile and a seeded PRNG.
 * `configure` replaces whatever ran before; `stop` ends everything.
 */
export class BackgroundActivity {
  private handles: Array<NodeJS.Timeout | undefined> = [];
  private flapping: TrunkRef[] = [];
  private editCount = 0;

  constructor(private readonly deps: BackgroundDeps) {}

  configure(profile: FaultProfile): void {
    const nextFlapping = resolveTrunkRefs(this.deps.orgs, profile.flapping.trunkIds);
    this.stopTimers();
    // Trunks that stop flapping return to healthy rather than staying wherever the last flap left them.
    const keep = new Set(nextFlapping.map((ref) => `${ref.org.id}/${ref.trunkId}`));
    for (const ref of this.flapping) {
      if (!keep.has(`${ref.org.id}/${ref.trunkId}`))
        this.deps.setTrunkHealth(ref.org, ref.trunkId, 'healthy');
    }
    this.flapping = nextFlapping;
    this.every(profile.admin.campaignEditsPerMinute, 'admin campaign edit', () => this.editRandomCampaign());
    this.every(profile.admin.timeOffResavesPerMinute, 'admin time-off re-save', () =>
      this.resaveRandomTimeOff(),
    );
    for (const ref of nextFlapping) this.flap(ref, profile.flapping.minDwellMs, profile.flapping.maxDwellMs);
    const publisher = profile.concurrentPublisher;
    this.every(publisher.publishesPerMinute, 'concurrent schedule publish', () =>
      this.republishRandomSchedule(publisher.agentShare),
    );
  }

  stop(): void {
    this.stopTimers();
  }

  private stopTimers(): void {
    for (const handle of this.handles) this.deps.timers.cancel(handle);
    this.handles = [];
  }

  private every(perMinute: number, what: string, action: () => void): void {
    if (perMinute <= 0) return;
    const intervalMs = 60_000 / perMinute;
    const tick = () => {
      action();
      this.handles.push(this.deps.timers.after(intervalMs, what, tick));
    };
    this.handles.push(this.deps.timers.after(intervalMs, what, tick));
  }

  private flap(ref: TrunkRef, minDwellMs: number, maxDwellMs: number): void {
    const { flappingPrng: prng } = this.deps;
    const step = () => {
      const current = ref.org.trunks.get(ref.trunkId)?.health ?? 'healthy';
      if (current === 'healthy') {
        const health = prng.pick(['degraded', 'offline'] as const);
        const variant = health === 'offline' ? prng.pick(offlineVariants) : prng.pick(degradedVariants);
        this.deps.setTrunkHealth(ref.org, ref.trunkId, health, variant);
      } else {
        this.deps.setTrunkHealth(ref.org, ref.trunkId, 'healthy');
      }
      this.handles.push(this.deps.timers.after(prng.int(minDwellMs, maxDwellMs), 'trunk flap', step));
    };
    this.handles.push(this.deps.timers.after(prng.int(minDwellMs, maxDwellMs), 'trunk flap', step));
  }

  private republishRandomSchedule(agentShare: number): void {
    const { adminPrng: prng } = this.deps;
    const schedules = this.deps.orgs.flatMap((org) =>
      org.fixture.businessUnits.flatMap((bu) => bu.schedules.map((schedule) => ({ org, bu, schedule }))),
    );
    if (schedules.length === 0) return;
    const { org, bu, schedule } = prng.pick(schedules);
    org.schedules.republish(
      bu.id,
      schedule.weekId,
      schedule.scheduleId,
      () => prng.chance(agentShare),
      this.deps.now(),
    );
  }

  private editRandomCampaign(): void {
    const { adminPrng: prng } = this.deps;
    const orgs = this.deps.orgs.filter((org) => org.campaigns.ids().length > 0);
    if (orgs.length === 0) return;
    const org = prng.pick(orgs);
    const campaignId = prng.pick(org.campaigns.ids());
    const current = org.campaigns.get(campaignId);
    const original = org.fixture.campaigns.find((c) => c.id === campaignId);
    if (!current || !original) return;
    this.editCount += 1;
    const field = prng.pick(['name', 'abandonRate', 'callerName'] as const);
    const fields: Record<string, unknown> = {};
    if (field === 'name') fields.name = `${original.name} (edited ${this.editCount})`;
    if (field === 'callerName') fields.callerName = `${original.callerName} ${this.editCount}`;
    if (field === 'abandonRate') {
      const choices = [2, 3, 4, 5, 6, 8, 10].filter((rate) => rate !== current.abandonRate);
      fields.abandonRate = prng.pick(choices);
    }
    this.deps.editCampaign(org, campaignId, fields);
  }

  private resaveRandomTimeOff(): void {
    const { adminPrng: prng } = this.deps;
    const orgs = this.deps.orgs.filter((org) => org.timeOff.liveIds().length > 0);
    if (orgs.length === 0) return;
    const org = prng.pick(orgs);
    this.deps.resaveTimeOff(org, prng.pick(org.timeOff.liveIds()));
  }
}
