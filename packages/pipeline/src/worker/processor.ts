import { hostname } from 'node:os';
import {
  decideOnFailure,
  heldReason,
  heldUntil,
  type KeyKind,
  keyLabel,
  type SyncKey,
} from '@wfm-sync/domain';
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import type { PipelineContext } from '../context.js';
import { RetryLaterError } from '../errors/retry-later.js';
import { UnsupportedKindError } from '../errors/unsupported-kind.js';
import { RECONCILE_ATTEMPTS } from '../ingest/jobs.js';
import { markPendingOrThrow } from '../reconcile/spine.js';
import type { ReconcileResult, Reconciler } from '../reconcile/types.js';
import type { Lease } from '../store/lease.js';
import { TraceLinkStore } from '../store/trace-links.js';
import type { Decision, DecisionOutcome } from '../store/trail.js';
import { traceReconcile } from '../tracing.js';
import { classifyFailure } from './failure.js';
import { holdOrgOnFailure } from './org-hold.js';

/** A reconciler per key kind: a missing one is a compile error. */
export type ReconcilerMap = { [K in KeyKind]: Reconciler };

/** A held key of an org held without an end is looked at again after this, as a fallback to being woken. */
const HELD_RECHECK_MS = 15 * 60_000;
/** Spreads the wake-up of a spent quota's keys. */
const HELD_JITTER_MS = 5_000;

/** Rounds of "a newer desired state arrived while applying" handled inside one job. */
const MAX_ROUNDS_PER_JOB = 5;

/**
 * Runs one reconcile job: lease the key, reconcile until no newer desired state is waiting, and turn every
 * failure into exactly one decision of the error policy (recorded in the trail, the log and the metrics).
 */
export class JobProcessor {
  private readonly worker = `${hostname()}:${process.pid}`;
  private readonly traceLinks: TraceLinkStore;

  constructor(
    private readonly ctx: PipelineContext,
    private readonly reconcilers: ReconcilerMap,
    private readonly region: string,
  ) {
    this.traceLinks = new TraceLinkStore(ctx.redis, ctx.names);
  }

  /** `key`: the job's payload, parsed by the catalog's `reconcile` schema (worker/job-handlers.ts). */
  async process(key: SyncKey, job: Job, token: string | undefined): Promise<string> {
    const attempt = job.attemptsMade + 1;
    const lease = await this.ctx.leases.acquire(key);
    if (!lease) {
      this.ctx.metrics.leaseConflicts.inc({ kind: key.kind });
      return this.waitAndRequeue(job, token, key, attempt, {
        kind: 'lease-lost',
        message: 'key leased by another worker',
      });
    }
    const stopTimer = this.ctx.metrics.duration.startTimer({ kind: key.kind });
    try {
      let result: ReconcileResult | undefined;
      for (let round = 0; round < MAX_ROUNDS_PER_JOB; round++) {
        if (await this.holdBack(key, lease, attempt)) return 'held';
        const state = await this.ctx.state.load(key);
        result = await traceReconcile(this.traceLinks, key, () =>
          this.reconcilers[key.kind].reconcile(key, state, lease),
        );
        await this.decide(key, attempt, result.outcome, result.reason, result.detail, result.rev);
        if (!result.again) break;
      }
      if (result?.again) await this.ctx.queues.enqueue([{ key, queue: job.queueName }]);
      return result?.outcome ?? 'noop';
    } catch (error) {
      if (error instanceof DelayedError) throw error;
      // A spent quota or a refused client holds the whole org: this key waits with the others, no retry loop.
      if (await holdOrgOnFailure(this.ctx, key.orgId, classifyFailure(error))) {
        if (await this.holdBack(key, lease, attempt).catch(() => false)) return 'held';
      }
      return await this.fail(job, token, key, attempt, error);
    } finally {
      stopTimer();
      await lease.release().catch((error: unknown) => {
        // The lease expires by itself; failing to release it only delays the next run of this key.
        this.ctx.logger.warn({ err: error, key: keyLabel(key) }, 'could not release lease');
      });
    }
  }

  /**
   * When the key's org is held (paused, quota spent, client refused): records the key as held, due again when
   * the hold should end (or a slow re-check), and ends the job without a Genesys call. Woken when the hold lifts.
   */
  private async holdBack(key: SyncKey, lease: Lease, attempt: number): Promise<boolean> {
    const holds = await this.ctx.holds.active(key.orgId);
    const hold = holds[0];
    if (hold === undefined) return false;
    const reason = heldReason(hold);
    const jitter = Math.floor(Math.random() * HELD_JITTER_MS);
    await markPendingOrThrow(this.ctx, key, lease, {
      status: 'held',
      reason,
      dueAt: heldUntil(holds, this.ctx.now(), HELD_RECHECK_MS) + jitter,
    });
    await this.decide(key, attempt, 'held', reason, hold.detail);
    return true;
  }

  private async fail(
    job: Job,
    token: string | undefined,
    key: SyncKey,
    attempt: number,
    error: unknown,
  ): Promise<never> {
    const failure = classifyFailure(error);
    if (error instanceof UnsupportedKindError) {
      await this.deadLetter(job, key, attempt, 'kind-not-supported', failure);
      throw new UnrecoverableError(failure.message);
    }
    const decision = decideOnFailure({
      kind: failure.kind,
      attemptsMade: attempt,
      maxAttempts: job.opts.attempts ?? RECONCILE_ATTEMPTS,
      retryAfterMs: failure.retryAfterMs,
      deadLetterReason: failure.deadLetterReason,
    });
    switch (decision.action) {
      case 'wait':
        return this.waitAndRequeue(job, token, key, attempt, failure, decision.delayMs);
      case 'retry':
        await this.decide(key, attempt, 'retried', failure.kind, failure.message);
        await this.ctx.redis.hset(
          this.ctx.names.stateKey(key),
          'status',
          'retrying',
          'reason',
          failure.message,
        );
        throw new RetryLaterError(failure.message, decision.delayMs);
      case 'dead-letter':
        await this.deadLetter(job, key, attempt, decision.reason, failure);
        throw new UnrecoverableError(`${decision.reason}: ${failure.message}`);
    }
  }

  /** Delays the job without spending an attempt (BullMQ: moveToDelayed + DelayedError). */
  private async waitAndRequeue(
    job: Job,
    token: string | undefined,
    key: SyncKey,
    attempt: number,
    failure: { kind: string; message: string },
    delayMs = 250 + Math.floor(Math.random() * 500),
  ): Promise<never> {
    await this.decide(key, attempt, 'waiting', failure.kind, `${failure.message}; again in ${delayMs} ms`);
    await job.moveToDelayed(this.ctx.now() + delayMs, token);
    throw new DelayedError();
  }

  private async deadLetter(
    job: Job,
    key: SyncKey,
    attempt: number,
    reason: string,
    failure: ReturnType<typeof classifyFailure>,
  ): Promise<void> {
    const state = await this.ctx.state.load(key);
    await this.ctx.deadLetters.add(this.region, {
      orgId: key.orgId,
      kind: key.kind,
      id: key.id,
      reason,
      lastError: {
        kind: failure.kind,
        message: failure.message,
        status: failure.status,
        code: failure.code,
        correlationId: failure.correlationId,
      },
      attempts: attempt,
      sourceQueue: job.queueName,
      rev: state.rev,
      failedAt: new Date(this.ctx.now()).toISOString(),
    });
    // Out of the due set: only a newer event or a replay brings the key back.
    const keys = this.ctx.names.org(key.orgId);
    await this.ctx.redis
      .multi()
      .hset(
        keys.state(key.kind, key.id),
        'status',
        'dead-lettered',
        'reason',
        `${reason}: ${failure.message}`,
      )
      .zrem(keys.due, `${key.kind}:${key.id}`)
      .exec();
    await this.decide(key, attempt, 'dead-lettered', reason, failure.message);
  }

  private async decide(
    key: SyncKey,
    attempt: number,
    outcome: DecisionOutcome,
    reason: string,
    detail?: string,
    rev?: number,
  ): Promise<void> {
    const decision: Decision = {
      at: new Date(this.ctx.now()).toISOString(),
      worker: this.worker,
      attempt,
      outcome,
      reason,
      detail,
      rev,
    };
    this.ctx.metrics.decisions.inc({ kind: key.kind, outcome, reason });
    const level =
      outcome === 'dead-lettered'
        ? 'warn'
        : outcome === 'applied' || outcome === 'retried'
          ? 'info'
          : 'debug';
    this.ctx.logger[level]({ key: keyLabel(key), attempt, outcome, reason, detail, rev }, 'decision');
    await this.ctx.trail.record(key, decision);
  }
}
