import { setTimeout as sleep } from 'node:timers/promises';
import {
  DEFAULT_SCHEDULE_UPLOAD_LIMITS,
  keyLabel,
  type Plan,
  parseScheduleKeyId,
  planScheduleUpload,
  type SchedulePlan,
  type ScheduleUploadLimits,
  type Shift,
  type SyncKey,
} from '@wfm-sync/domain';
import type { GenesysApiError, GenesysClient } from '@wfm-sync/genesys-client';
import { isDryRun, type PipelineContext } from '../../context.js';
import { ScheduleUpdateFailedError } from '../../errors/schedule-update-failed.js';
import type { KeyState } from '../../store/key-state.js';
import type { Lease } from '../../store/lease.js';
import {
  fingerprintOf,
  isBehind,
  type ScheduleAgentRecord,
  ScheduleAgentStore,
} from '../../store/schedule-agents.js';
import { recordPlanned } from '../spine.js';
import {
  type KeyPlanner,
  noDesiredStatePlan,
  type PlanOptions,
  type ReconcileResult,
  type Reconciler,
} from '../types.js';
import { deadLetterAgents } from './rejections.js';
import {
  readAgentSchedules,
  type ScheduleIds,
  type ScheduleListening,
  ScheduleUploader,
  type UploadAgent,
  type UploadListening,
  type UploadResult,
} from './upload.js';

export interface ScheduleReconcilerOptions {
  /** Agents and bytes per upload; larger uploads are split. @defaultValue 200 agents, 4 MiB */
  limits?: ScheduleUploadLimits;
  /** Immediate read-plan-upload rounds per run after a failure of the whole upload, before the delayed retry. @defaultValue 4 */
  rounds?: number;
  /** First wait before reading whether an update took effect; doubles up to `pollMaxMs`. @defaultValue 250 */
  pollInitialMs?: number;
  /** @defaultValue 2000 */
  pollMaxMs?: number;
  /** Wait before a round after a publishing-window 409 or a 5xx, times the round. @defaultValue 250 */
  retryDelayMs?: number;
  /** @defaultValue registered in the pipeline's registry */
  sleep?: (ms: number) => Promise<void>;
  /** Schedule operation ends pushed by Genesys (decision 024); without it, every update's end is read. */
  listening?: ScheduleListening;
  /** How long the first update of a business unit (in this process) waits for its topic to be live. @defaultValue 3000 */
  firstListenWaitMs?: number;
}

/** What one run did, for its decision's detail. */
interface Tally {
  uploads: number;
  uploaded: number;
  inStep: number;
  deadLettered: number;
  failedRounds: number;
}

type WholeUploadFailure = Extract<UploadResult, { kind: 'stale' | 'retry' }>;

/** An agent of an upload, with the rev its plan decided on (what is recorded when it lands). */
type RunUpload = UploadAgent & { rev: number };

/** One reconcile of one schedule: what it reads, uploads and counts, passed between the steps. */
interface Run {
  key: SyncKey;
  lease: Lease;
  client: GenesysClient;
  ids: ScheduleIds;
  uploader: ScheduleUploader;
  tally: Tally;
  /** The schedule's agents as last loaded. */
  agents: ScheduleAgentRecord[];
  /** The last round's plan, and the first one that had uploads (its reason is the run's when agents landed). */
  plan?: SchedulePlan;
  firstUploadPlan?: SchedulePlan;
}

function emptyTally(): Tally {
  return { uploads: 0, uploaded: 0, inStep: 0, deadLettered: 0, failedRounds: 0 };
}

/**
 * Schedules: the key is the schedule, the desired state is per agent (each ordered on its own by ingest).
 * A run is level-triggered: it reads which agents are behind (desired rev above what was applied), reads their
 * current agent schedules and the schedule's version, leaves out agents already equal, and uploads the rest in
 * as few updates as the size limits allow, one at a time. A stale version re-reads and re-plans (agents that now
 * match drop out, agents that moved meanwhile join); an agent Genesys refuses is isolated and dead-lettered
 * alone. Per-agent results are recorded fenced; the schedule leaves the due set only when no agent is behind.
 */
export class ScheduleReconciler implements Reconciler, KeyPlanner {
  private readonly store: ScheduleAgentStore;
  private readonly limits: ScheduleUploadLimits;
  private readonly rounds: number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** This process's uploads, for the mean logged with each one. */
  private readonly totals = { uploads: 0, agents: 0 };
  /** Business units whose schedules topic this process asked for already. */
  private readonly listenedUnits = new Set<string>();

  constructor(
    private readonly ctx: PipelineContext,
    private readonly options: ScheduleReconcilerOptions = {},
  ) {
    this.store = new ScheduleAgentStore(ctx.redis, ctx.names);
    this.limits = options.limits ?? DEFAULT_SCHEDULE_UPLOAD_LIMITS;
    this.rounds = Math.max(1, options.rounds ?? 4);
    this.sleep = options.sleep ?? ((ms) => sleep(ms));
  }

  async reconcile(key: SyncKey, _state: KeyState, lease: Lease): Promise<ReconcileResult> {
    const org = this.ctx.topology.org(key.orgId);
    if (!org) return { outcome: 'noop', reason: 'not-in-topology', rev: 0, again: false };
    const ids = parseScheduleKeyId(key.id);
    const client = this.ctx.clientFor(key.orgId);
    const uploader = this.uploaderFor(key, ids, lease, client, org.scheduleOperationTimeoutS * 1000);
    const run: Run = { key, lease, client, ids, uploader, tally: emptyTally(), agents: [] };
    if (isDryRun(this.ctx, key.orgId)) {
      const planned = await this.planRound(run, false);
      if (planned) return recordPlanned(this.ctx, key, lease, planned, revOf(run.agents));
      return this.finish(run);
    }
    await this.settleUnfinished(run);
    for (let round = 1; ; round++) {
      const plan = await this.planRound(run, true);
      if (!plan) break;
      const failure = await this.uploadAll(run, plan);
      if (!failure) break;
      await this.afterFailedRound(run, round, failure);
    }
    return this.finish(run);
  }

  private uploaderFor(
    key: SyncKey,
    ids: ScheduleIds,
    lease: Lease,
    client: GenesysClient,
    operationTimeoutMs: number,
  ): ScheduleUploader {
    return new ScheduleUploader({
      client,
      store: this.store,
      key,
      ids,
      lease,
      operationTimeoutMs,
      leaseTtlMs: this.ctx.settings.leaseTtlMs,
      pollInitialMs: this.options.pollInitialMs ?? 250,
      // Each poll renews the lease: never sleep so long that it could run out in between.
      pollMaxMs: Math.min(this.options.pollMaxMs ?? 2_000, this.ctx.settings.leaseTtlMs / 3),
      now: this.ctx.now,
      sleep: this.sleep,
      logger: this.ctx.logger,
      listening: this.uploadListening(key.orgId, ids.businessUnitId),
    });
  }

  private uploadListening(orgId: string, businessUnitId: string): UploadListening | undefined {
    const listening = this.options.listening;
    if (!listening) return undefined;
    return {
      live: async () => {
        const unit = `${orgId}\n${businessUnitId}`;
        const first = !this.listenedUnits.has(unit);
        const live = await listening.listenToBusinessUnit(
          orgId,
          businessUnitId,
          first ? (this.options.firstListenWaitMs ?? 3_000) : 0,
        );
        this.listenedUnits.add(unit);
        return live;
      },
      waitForEnd: (unit, operationId, timeoutMs) => listening.waitForEnd(unit, operationId, timeoutMs),
    };
  }

  /** An update a previous run started (and died in) is waited for first: two updates never overlap. */
  private async settleUnfinished(run: Run): Promise<void> {
    const unfinished = await this.store.operation(run.key);
    if (!unfinished) return;
    const seen = await run.uploader.settle(unfinished);
    this.ctx.logger.info(
      { key: keyLabel(run.key), seen },
      'waited for an update a previous run left running',
    );
  }

  /**
   * Loads the agents, plans those behind and (live) records the ones already in step; undefined when no agent is
   * behind. `live`: unreadable agents are dead-lettered first (dry-run writes nothing).
   */
  private async planRound(run: Run, live: boolean): Promise<SchedulePlan | undefined> {
    run.agents = await this.store.load(run.key);
    if (live) await this.rejectUnreadable(run);
    const behind = run.agents.filter((a) => isBehind(a) && a.desired !== undefined);
    if (behind.length === 0) return undefined;
    const plan = await this.planAgents(run.key, run.client, run.ids, behind);
    run.plan = plan;
    if (!live) return plan;
    if (plan.uploads.length > 0) run.firstUploadPlan ??= plan;
    await this.recordInStep(run, plan, behind);
    return plan;
  }

  /** A round that failed for the whole schedule: re-read at once, or give up after `rounds` (retried later). */
  private async afterFailedRound(run: Run, round: number, failure: WholeUploadFailure): Promise<void> {
    run.tally.failedRounds++;
    const detail = failure.kind === 'stale' ? failure.detail : failure.error.message;
    if (round >= this.rounds) throw new ScheduleUpdateFailedError(run.key, round, detail);
    this.ctx.logger.debug(
      { key: keyLabel(run.key), round, failure: failure.kind, detail },
      'schedule upload failed: re-reading',
    );
    if (failure.kind === 'retry') await this.sleep((this.options.retryDelayMs ?? 250) * round);
  }

  /** Records the run on the schedule (fenced); it leaves the due set only when no agent is behind any more. */
  private async finish(run: Run): Promise<ReconcileResult> {
    const { key, lease, tally, agents, plan } = run;
    const outcome = tally.uploaded > 0 ? 'applied' : 'noop';
    const reason =
      (tally.uploaded > 0 ? run.firstUploadPlan?.reason : plan?.reason) ??
      (agents.length > 0 ? 'in-step' : 'no-desired-state');
    const behindCount = await this.store.finish(
      key,
      lease.token,
      agents.map((a) => a.userId),
      {
        status: outcome,
        reason,
        planJson: plan ? JSON.stringify(plan) : undefined,
        verified: plan !== undefined,
      },
      this.ctx.now(),
    );
    return {
      outcome,
      reason,
      detail: describeTally(tally),
      plan,
      rev: revOf(agents),
      again: behindCount > 0,
    };
  }

  /**
   * KeyPlanner: the plan a run would start with, reading only. `fresh` plans every agent with a desired state,
   * not only those behind, so drift in Genesys shows.
   */
  async plan(key: SyncKey, _state: KeyState, options: PlanOptions = {}): Promise<Plan> {
    if (!this.ctx.topology.org(key.orgId)) return noDesiredStatePlan(key, 'not in the topology');
    const readable = (await this.store.load(key)).filter((a) => a.desired !== undefined);
    const agents = options.fresh ? readable : readable.filter(isBehind);
    if (agents.length === 0) {
      if (readable.length === 0) return noDesiredStatePlan(key);
      return { key, reason: 'in-step', detail: 'no agent behind', changes: [], calls: [] };
    }
    const client = this.ctx.clientFor(key.orgId);
    return this.planAgents(key, client, parseScheduleKeyId(key.id), agents);
  }

  private async planAgents(
    key: SyncKey,
    client: GenesysClient,
    ids: ScheduleIds,
    behind: readonly ScheduleAgentRecord[],
  ): Promise<SchedulePlan> {
    const schedule = await client.getSchedule(ids.businessUnitId, ids.weekId, ids.scheduleId);
    const current = await readAgentSchedules(
      client,
      ids,
      behind.map((a) => ({ userId: a.userId, managementUnitId: a.desired!.managementUnitId })),
    );
    return planScheduleUpload({
      key,
      scheduleVersion: schedule.metadata.version,
      limits: this.limits,
      agents: behind.map((a) => ({
        userId: a.userId,
        managementUnitId: a.desired!.managementUnitId,
        rev: a.rev,
        desired: a.desired!.shifts,
        current: current.get(a.userId),
        lastAppliedEqualsDesired:
          a.appliedFingerprint === undefined
            ? undefined
            : a.appliedFingerprint === fingerprintOf(a.desired!.shifts),
      })),
    });
  }

  private async recordInStep(
    run: Run,
    plan: SchedulePlan,
    behind: readonly ScheduleAgentRecord[],
  ): Promise<void> {
    const byUser = new Map(behind.map((a) => [a.userId, a]));
    const inStep = plan.agents.filter((a) => a.action === 'in-step');
    run.tally.inStep += inStep.length;
    const agents = inStep.map((a) => ({ ...a, shifts: byUser.get(a.userId)!.desired!.shifts }));
    await this.recordAgents(run, 'noop', agents);
  }

  /**
   * The plan's uploads, one after another. An upload Genesys refuses as invalid is cut (the agent its message
   * names alone, else in halves) until the refused agents stand alone and are dead-lettered; the others go on.
   * Returns the failure that ends the round, if any.
   */
  private async uploadAll(run: Run, plan: SchedulePlan): Promise<WholeUploadFailure | undefined> {
    const records = new Map(run.agents.map((a) => [a.userId, a]));
    const decisions = new Map(plan.agents.map((a) => [a.userId, a]));
    const toUpload = (userId: string): RunUpload => ({
      userId,
      managementUnitId: decisions.get(userId)!.managementUnitId,
      shifts: records.get(userId)!.desired!.shifts,
      version: decisions.get(userId)!.currentVersion,
      rev: decisions.get(userId)!.rev,
    });
    const queue = plan.uploads.map((group) => [...group]);
    let scheduleVersion: number | undefined = plan.scheduleVersion;
    while (queue.length > 0) {
      const batch = queue.shift()!.map(toUpload);
      scheduleVersion ??= await this.scheduleVersion(run);
      const result = await run.uploader.upload(scheduleVersion, batch);
      this.countUpload(run, batch.length, result.kind);
      switch (result.kind) {
        case 'complete':
          await this.recordUploaded(run, batch);
          scheduleVersion = result.scheduleVersion;
          break;
        case 'invalid':
          if (batch.length === 1) await this.deadLetterRefused(run, batch[0]!, result.error);
          else
            queue.unshift(
              ...isolate(
                batch.map((a) => a.userId),
                result.error,
              ),
            );
          break;
        default:
          return result;
      }
    }
    return undefined;
  }

  private async scheduleVersion(run: Run): Promise<number> {
    const { businessUnitId, weekId, scheduleId } = run.ids;
    return (await run.client.getSchedule(businessUnitId, weekId, scheduleId)).metadata.version;
  }

  private async recordUploaded(run: Run, batch: readonly RunUpload[]): Promise<void> {
    await this.recordAgents(run, 'applied', batch);
    run.tally.uploaded += batch.length;
  }

  /** Records agents whose Genesys schedule now equals their desired shifts at `rev` (fenced by the lease). */
  private async recordAgents(
    run: Run,
    outcome: 'noop' | 'applied',
    agents: readonly { userId: string; rev: number; shifts: readonly Shift[] }[],
  ): Promise<void> {
    const records = agents.map((a) => ({
      userId: a.userId,
      outcome,
      rev: a.rev,
      fingerprint: fingerprintOf(a.shifts),
    }));
    await this.store.record(run.key, run.lease.token, records, this.ctx.now());
  }

  /** An agent Genesys refused on its own: dead-lettered alone, the others go on. */
  private async deadLetterRefused(run: Run, agent: RunUpload, error: GenesysApiError): Promise<void> {
    const reason = error.genesysMessage ?? error.message;
    const rejected = [{ userId: agent.userId, rev: agent.rev, reason }];
    await deadLetterAgents(this.ctx, this.store, run.key, run.lease, rejected, error);
    run.tally.deadLettered++;
  }

  /** Agents whose stored desired state no longer parses can never be uploaded: dead-lettered, each alone. */
  private async rejectUnreadable(run: Run): Promise<void> {
    const { key, lease, tally } = run;
    const unreadable = run.agents.filter((a) => isBehind(a) && a.desired === undefined);
    if (unreadable.length === 0) return;
    await deadLetterAgents(
      this.ctx,
      this.store,
      key,
      lease,
      unreadable.map((a) => ({
        userId: a.userId,
        rev: a.rev,
        reason: 'stored desired state does not parse',
      })),
    );
    tally.deadLettered += unreadable.length;
  }

  private countUpload(run: Run, agents: number, outcome: UploadResult['kind']): void {
    const { key } = run;
    run.tally.uploads++;
    this.ctx.metrics.scheduleUploadAgents.observe({ outcome }, agents);
    this.totals.uploads++;
    this.totals.agents += agents;
    this.ctx.logger.info(
      {
        key: keyLabel(key),
        agents,
        outcome,
        meanAgentsPerUpload: Math.round((this.totals.agents / this.totals.uploads) * 10) / 10,
      },
      'schedule upload',
    );
  }
}

/** The agent a 400 names goes alone (it is the likely culprit); without a name, halves. */
function isolate(userIds: readonly string[], error: GenesysApiError): string[][] {
  const message = error.genesysMessage ?? '';
  const named = userIds.filter((id) => message.includes(id));
  if (named.length === 1) return [named, userIds.filter((id) => id !== named[0])];
  const half = Math.ceil(userIds.length / 2);
  return [userIds.slice(0, half), userIds.slice(half)];
}

/** The schedule's revision: grows with every event kept for any of its agents. */
function revOf(agents: readonly ScheduleAgentRecord[]): number {
  return agents.reduce((sum, a) => sum + a.rev, 0);
}

function describeTally(t: Tally): string {
  const parts = [
    `${t.uploaded} agents uploaded in ${t.uploads} ${t.uploads === 1 ? 'upload' : 'uploads'}`,
    `${t.inStep} in step`,
  ];
  if (t.deadLettered > 0) parts.push(`${t.deadLettered} dead-lettered`);
  if (t.failedRounds > 0) parts.push(`${t.failedRounds} stale or refused rounds`);
  return parts.join(', ');
}
