import type { SyncKey } from '@wfm-sync/domain';
import { GenesysApiError } from '@wfm-sync/genesys-client';
import type { PipelineContext } from '../../context.js';
import type { Lease } from '../../store/lease.js';
import { orgQueueName } from '../../store/names.js';
import type { ScheduleAgentStore } from '../../store/schedule-agents.js';

/** Dead-letter reason of a schedule whose agents were rejected one by one (the others went on). */
export const AGENT_REJECTED = 'agent-rejected';

/** How many rejected agents a dead letter names before it only counts. */
const NAMED_IN_DEAD_LETTER = 10;

export interface RejectedAgent {
  userId: string;
  rev: number;
  reason: string;
}

/**
 * Dead-letters single agents of a schedule, not the schedule: each is marked on its own hash (status
 * `dead-lettered`, `deadRev` = the rev refused, so only a newer event for the agent brings it back), gets a
 * decision in the schedule's trail, and the schedule's one dead letter is replaced by one naming every agent of
 * the schedule now rejected.
 */
export async function deadLetterAgents(
  ctx: PipelineContext,
  store: ScheduleAgentStore,
  key: SyncKey,
  lease: Lease,
  rejected: readonly RejectedAgent[],
  error?: unknown,
): Promise<void> {
  if (rejected.length === 0) return;
  const now = ctx.now();
  await store.record(
    key,
    lease.token,
    rejected.map((r) => ({
      userId: r.userId,
      outcome: 'dead-lettered' as const,
      rev: r.rev,
      reason: r.reason,
    })),
    now,
  );
  // Read back: agents rejected by earlier runs, or earlier in this one, are named too.
  const known = await store.load(key);
  const all = known
    .filter((a) => a.deadRev > 0 && a.deadRev >= a.rev)
    .map((a) => ({ userId: a.userId, reason: a.reason ?? 'rejected' }));
  const named = all
    .slice(0, NAMED_IN_DEAD_LETTER)
    .map((r) => `user ${r.userId}: ${r.reason}`)
    .join('; ');
  const more = all.length > NAMED_IN_DEAD_LETTER ? `; and ${all.length - NAMED_IN_DEAD_LETTER} more` : '';
  const region = ctx.topology.org(key.orgId)?.region ?? 'unknown';
  await ctx.deadLetters.add(region, {
    orgId: key.orgId,
    kind: key.kind,
    id: key.id,
    reason: AGENT_REJECTED,
    lastError: {
      kind: 'invalid',
      message: `${all.length} ${all.length === 1 ? 'agent' : 'agents'} rejected, the others went on: ${named}${more}`,
      ...(error instanceof GenesysApiError
        ? { status: error.status, code: error.code, correlationId: error.correlationId }
        : {}),
    },
    attempts: 1,
    sourceQueue: orgQueueName(region, key.orgId),
    rev: known.reduce((sum, a) => sum + a.rev, 0),
    failedAt: new Date(now).toISOString(),
  });
  for (const r of rejected) {
    const detail = `user ${r.userId}: ${r.reason}`;
    ctx.metrics.decisions.inc({ kind: key.kind, outcome: 'dead-lettered', reason: AGENT_REJECTED });
    ctx.logger.warn(
      { key: `${key.orgId}/${key.kind}/${key.id}`, userId: r.userId, rev: r.rev, detail },
      'agent dead-lettered',
    );
    await ctx.trail.record(key, {
      at: new Date(now).toISOString(),
      worker: ctx.leases.holder,
      attempt: 1,
      outcome: 'dead-lettered',
      reason: AGENT_REJECTED,
      detail,
      rev: r.rev,
    });
  }
}
