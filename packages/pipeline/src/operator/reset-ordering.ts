import type { SyncKey } from '@wfm-sync/domain';
import type { OperatorContext } from './context.js';

export interface OrderingReset {
  /** Ordering hashes cleared: 1 for a key, one per agent for a schedule; 0 when wfm-sync holds nothing for it. */
  cleared: number;
  /** The highest sequence that was stored (what blocked newer events), when there was one. */
  previousSequence: number | undefined;
}

/**
 * Forgets the event order of one key (its stored sequence, occurredAt and event id), so the next event for it
 * is kept whatever its sequence. For a key poisoned by an event with a huge `sequence`, which would otherwise
 * make every later event stale forever. Desired and applied state stay as they are; the reset is recorded in
 * the key's decision trail and logged with the actor. All hashes of one org share a slot: one MULTI.
 */
export async function resetKeyOrdering(
  ctx: OperatorContext,
  key: SyncKey,
  actor: string,
): Promise<OrderingReset> {
  if (!ctx.topology.org(key.orgId)) throw new Error(`org ${key.orgId} is not in the topology`);
  const orgKeys = ctx.names.org(key.orgId);
  // Schedules are ordered per agent (store-events.ts): every agent of the schedule is reset.
  const stateKeys =
    key.kind === 'schedule'
      ? (await ctx.redis.smembers(orgKeys.scheduleAgents(key.id))).map((userId) =>
          orgKeys.scheduleAgentState(key.id, userId),
        )
      : [orgKeys.state(key.kind, key.id)];
  const read = ctx.redis.pipeline();
  for (const stateKey of stateKeys) read.hget(stateKey, 'seq');
  const sequences = ((await read.exec()) ?? [])
    .map(([error, value]) => {
      if (error) throw error;
      return typeof value === 'string' ? Number(value) : undefined;
    })
    .filter((value): value is number => value !== undefined);
  if (sequences.length === 0) return { cleared: 0, previousSequence: undefined };

  const reset = ctx.redis.multi();
  for (const stateKey of stateKeys) reset.hdel(stateKey, 'seq', 'atMs', 'eid');
  await reset.exec();
  const previousSequence = Math.max(...sequences);
  await ctx.trail.record(key, {
    at: new Date(ctx.now()).toISOString(),
    worker: `operator ${actor}`,
    attempt: 0,
    outcome: 'ordering-reset',
    reason: 'operator-reset',
    detail: `event order cleared (stored sequence was ${previousSequence}): the next event for this key is kept whatever its sequence`,
  });
  ctx.logger.info(
    { actor, action: 'key.reset-ordering', org: key.orgId, kind: key.kind, id: key.id, previousSequence },
    'key ordering reset',
  );
  return { cleared: sequences.length, previousSequence };
}
