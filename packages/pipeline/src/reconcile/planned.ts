import type { Plan, SyncKey } from '@wfm-sync/domain';
import type { PipelineContext } from '../context.js';
import { type Lease, LeaseLostError } from '../store/lease.js';
import type { ReconcileResult } from './types.js';

/** Dry-run: keep the plan on the key, write nothing, and plan again later (so a switch to live applies it). */
export async function recordPlanned(
  ctx: PipelineContext,
  key: SyncKey,
  lease: Lease,
  plan: Plan,
  rev: number,
): Promise<ReconcileResult> {
  const recorded = await ctx.state.markPending(key, lease.token, {
    status: 'planned',
    reason: plan.reason,
    dueAt: ctx.now() + ctx.settings.dryRunRecheckMs,
    plan,
  });
  if (recorded === undefined) throw new LeaseLostError(key);
  return { outcome: 'planned', reason: plan.reason, detail: plan.detail, plan, rev, again: false };
}
