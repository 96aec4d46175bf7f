import type { Plan, SyncKey } from '@wfm-sync/domain';
import { neverSent } from '@wfm-sync/genesys-client';
import { isDryRun, type PipelineContext } from '../context.js';
import { LeaseLostError } from '../errors/lease-lost.js';
import { TrunkTurnedUnhealthyError } from '../errors/trunk-turned-unhealthy.js';
import type { KeyState, KeyStateStore } from '../store/key-state.js';
import type { Lease } from '../store/lease.js';
import type { PlanOptions, ReconcileResult } from './types.js';

/*
 * The spine every reconciler follows: read → plan → noop | dry-run | (extend lease, write, commit).
 * `act` picks the branch; `commitRun` and `markPendingOrThrow` record the end fenced by the lease. A lost lease is
 * always a LeaseLostError here, never a result a reconciler could overlook.
 */

/** What a run that applied or confirmed the desired state records (KeyStateStore.commit's change). */
export type RunCommit = Parameters<KeyStateStore['commit']>[2];
type PendingChange = Parameters<KeyStateStore['markPending']>[2];

/**
 * Records a run that applied or confirmed the desired state, only while `lease` holds, and decides `again`
 * (here and nowhere else): a newer desired state (a higher rev) arrived while this one was applied.
 * `reason`/`detail` default to the plan's. `at` is the time Genesys was last read or written (verifiedAt).
 * Throws LeaseLostError when the lease is gone: nothing was recorded.
 */
export async function commitRun(
  ctx: PipelineContext,
  key: SyncKey,
  lease: Lease,
  change: RunCommit,
  end: { reason?: string; detail?: string; at?: number } = {},
): Promise<ReconcileResult> {
  const latest = await ctx.state.commit(key, lease.token, change, end.at ?? ctx.now());
  if (latest === undefined) throw new LeaseLostError(key);
  const { plan, rev } = change;
  return {
    outcome: change.status,
    reason: end.reason ?? plan.reason,
    detail: end.detail ?? plan.detail,
    plan,
    rev,
    again: latest > rev,
  };
}

/**
 * Records a run that leaves the key not applied (parked, planned), only while `lease` holds; returns the park
 * count. Throws LeaseLostError when the lease is gone.
 */
export async function markPendingOrThrow(
  ctx: PipelineContext,
  key: SyncKey,
  lease: Lease,
  change: PendingChange,
): Promise<number> {
  const parks = await ctx.state.markPending(key, lease.token, change);
  if (parks === undefined) throw new LeaseLostError(key);
  return parks;
}

/** Dry-run: keep the plan on the key, write nothing, and plan again later (so a switch to live applies it). */
export async function recordPlanned(
  ctx: PipelineContext,
  key: SyncKey,
  lease: Lease,
  plan: Plan,
  rev: number,
): Promise<ReconcileResult> {
  await markPendingOrThrow(ctx, key, lease, {
    status: 'planned',
    reason: plan.reason,
    dueAt: ctx.now() + ctx.settings.dryRunRecheckMs,
    plan,
  });
  return { outcome: 'planned', reason: plan.reason, detail: plan.detail, plan, rev, again: false };
}

/**
 * Whether what wfm-sync last wrote may stand for Genesys' value without a read: something was written, Genesys
 * matched it within `driftCheckMs`, and the caller did not ask for a fresh read (`wfm-sync plan --fresh`).
 * The one trust rule of every reconciler (decision 015).
 */
export function lastWriteTrusted(
  ctx: PipelineContext,
  state: KeyState,
  now: number,
  options: PlanOptions = {},
): boolean {
  return (
    !options.fresh &&
    state.appliedJson !== undefined &&
    (state.verifiedAt ?? 0) > now - ctx.settings.driftCheckMs
  );
}

/** The branches after a plan: what an in-step plan records, and the write (given the lease's new deadline). */
export interface PlanSteps {
  noop(): Promise<ReconcileResult>;
  write(deadline: number): Promise<ReconcileResult>;
}

/**
 * Executes a plan: no call → `noop`; dry-run → the plan is recorded, nothing sent; else the lease is extended
 * (throws LeaseLostError if gone) and `write` runs with the lease's end as its deadline.
 */
export async function act(
  ctx: PipelineContext,
  key: SyncKey,
  lease: Lease,
  plan: Plan,
  rev: number,
  steps: PlanSteps,
): Promise<ReconcileResult> {
  if (plan.calls.length === 0) return steps.noop();
  if (isDryRun(ctx, key.orgId)) return recordPlanned(ctx, key, lease, plan, rev);
  return steps.write(await lease.extendForWrite());
}

/**
 * Sends a write step's one Genesys write. Refused before it left (the org's budget, the write guard, the send-time
 * trunk gate), it gives the key back the verification `extendForWrite` took (`Lease.writeNeverSent`): Genesys still
 * holds what was verified, and the key's next run need not read it again. Only for a step whose every call is this
 * one: after another call of the step has left, nothing may be given back.
 */
export async function sendOneWrite<T>(lease: Lease, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if (neverSent(error) || error instanceof TrunkTurnedUnhealthyError) await lease.writeNeverSent();
    throw error;
  }
}
