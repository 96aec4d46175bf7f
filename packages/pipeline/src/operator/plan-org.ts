import { setTimeout as sleep } from 'node:timers/promises';
import type { KeyKind, Plan, SyncKey } from '@wfm-sync/domain';
import { GenesysApiError } from '@wfm-sync/genesys-client';
import { isDryRun, type PipelineContext } from '../context.js';
import { parseAgentIndexValue } from '../reconcile/campaign.js';
import { isKeyPlanner, type KeyPlanner } from '../reconcile/types.js';
import { buildReconcilers } from '../worker/region-worker.js';
import { keysOfOrg } from './org-keys.js';
import { ReadOnlyTrunkMonitor } from './read-only-trunk-monitor.js';

/** The kinds `wfm-sync plan` covers: every kind that writes to Genesys. */
export const PLAN_KINDS = ['agent', 'campaign', 'timeoff', 'schedule'] as const satisfies readonly KeyKind[];
export type PlanKind = (typeof PLAN_KINDS)[number];

export interface PlanProgress {
  done: number;
  total: number;
}

export interface OrgPlanOptions {
  /** @defaultValue PLAN_KINDS */
  kinds?: readonly PlanKind[];
  /** Keys planned at once. The org's shared budget paces the reads whatever this is. @defaultValue 4 */
  concurrency?: number;
  /** Attempts per key when Genesys throttles or fails transiently. @defaultValue 5 */
  attempts?: number;
  onProgress?: (progress: PlanProgress) => void;
}

export interface KeyPlanFailure {
  key: SyncKey;
  message: string;
}

export interface OrgPlanTotals {
  /** Keys with a desired state that were planned (or failed to be). */
  keys: number;
  /** Genesys calls the plans would make. */
  writes: number;
  /** Keys whose plan makes at least one call. */
  changing: number;
  inStep: number;
  parked: number;
  failed: number;
}

export interface OrgPlanReport {
  orgId: string;
  mode: 'live' | 'dry-run';
  /** One plan per key with a desired state, sorted by kind then id (keys already in step included). */
  plans: Plan[];
  failures: KeyPlanFailure[];
  /** Keys of kinds that have no planner yet, per kind: not planned, not counted. */
  unplannable: Partial<Record<KeyKind, number>>;
  totals: OrgPlanTotals;
}

/**
 * `wfm-sync plan`: for every key of the org with a desired state, reads Genesys (read-only, through the org's
 * client and so within its shared budget) and computes the plan with the planners the workers use. Writes nothing:
 * neither to Genesys nor to the pipeline's state.
 */
export async function planOrg(
  ctx: PipelineContext,
  orgId: string,
  options: OrgPlanOptions = {},
): Promise<OrgPlanReport> {
  if (!ctx.topology.org(orgId)) throw new Error(`org ${orgId} is not in the topology`);
  const reconcilers = buildReconcilers(ctx, new ReadOnlyTrunkMonitor(ctx));
  const kinds = options.kinds ?? PLAN_KINDS;
  const planners = new Map<KeyKind, KeyPlanner>();
  const unplannable: Partial<Record<KeyKind, number>> = {};
  for (const kind of kinds) {
    const reconciler = reconcilers[kind];
    if (isKeyPlanner(reconciler)) planners.set(kind, reconciler);
  }

  const keys = await keysWithDesiredState(ctx, orgId, kinds);
  const plannable = keys.filter((key) => {
    if (planners.has(key.kind)) return true;
    unplannable[key.kind] = (unplannable[key.kind] ?? 0) + 1;
    return false;
  });

  const results: (Plan | KeyPlanFailure)[] = new Array(plannable.length);
  let next = 0;
  let done = 0;
  options.onProgress?.({ done, total: plannable.length });
  const lane = async () => {
    for (let i = next++; i < plannable.length; i = next++) {
      const key = plannable[i]!;
      results[i] = await planKey(ctx, planners.get(key.kind)!, key, options.attempts ?? 5);
      done++;
      options.onProgress?.({ done, total: plannable.length });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, lane));

  const plans: Plan[] = [];
  const failures: KeyPlanFailure[] = [];
  for (const result of results) {
    if ('message' in result) failures.push(result);
    else if (result.reason !== 'no-desired-state') plans.push(result);
  }
  return {
    orgId,
    mode: isDryRun(ctx, orgId) ? 'dry-run' : 'live',
    plans,
    failures,
    unplannable,
    totals: totalsOf(plans, failures),
  };
}

function totalsOf(plans: readonly Plan[], failures: readonly KeyPlanFailure[]): OrgPlanTotals {
  const totals: OrgPlanTotals = {
    keys: plans.length + failures.length,
    writes: 0,
    changing: 0,
    inStep: 0,
    parked: 0,
    failed: failures.length,
  };
  for (const plan of plans) {
    totals.writes += plan.calls.length;
    if (plan.calls.length > 0) totals.changing++;
    else if (plan.reason === 'parked') totals.parked++;
    else totals.inStep++;
  }
  return totals;
}

/**
 * Keys of the org with a desired state: what ingest recorded (agents, time-off, schedules) and the campaigns of
 * routing groups with at least one known agent (a campaign's desired line count is derived from its agents).
 */
async function keysWithDesiredState(
  ctx: PipelineContext,
  orgId: string,
  kinds: readonly PlanKind[],
): Promise<SyncKey[]> {
  const keys = await keysOfOrg(ctx, orgId, kinds);
  if (!kinds.includes('campaign')) return keys;
  const index = await ctx.redis.hvals(ctx.names.org(orgId).agentIndex);
  const groupsWithAgents = new Set(index.map((value) => parseAgentIndexValue(value)?.groupId));
  return keys.filter((key) => {
    if (key.kind !== 'campaign') return true;
    const group = ctx.topology.groupOfCampaign(orgId, key.id);
    return group !== undefined && groupsWithAgents.has(group.id);
  });
}

async function planKey(
  ctx: PipelineContext,
  planner: KeyPlanner,
  key: SyncKey,
  attempts: number,
): Promise<Plan | KeyPlanFailure> {
  const state = await ctx.state.load(key);
  for (let attempt = 1; ; attempt++) {
    try {
      return await planner.plan(key, state, { fresh: true });
    } catch (error) {
      const waitMs = retryWait(error, attempt);
      if (waitMs === undefined || attempt >= attempts) {
        return { key, message: error instanceof Error ? error.message : String(error) };
      }
      await sleep(waitMs);
    }
  }
}

/** Throttling and transient failures are waited out (plans only read); anything else is the key's failure. */
function retryWait(error: unknown, attempt: number): number | undefined {
  if (!(error instanceof GenesysApiError)) return undefined;
  if (error.kind === 'rate-limited') return error.retryAfterMs ?? 1_000;
  if (error.kind === 'transient') return 250 * 2 ** (attempt - 1);
  return undefined;
}
