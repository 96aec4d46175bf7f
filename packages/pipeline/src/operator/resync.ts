import type { KeyKind } from '@wfm-sync/domain';
import type { KeyToEnqueue } from '../ingest/queues.js';
import { queueOfStoredKey } from '../ingest/routing.js';
import type { OperatorContext } from './context.js';
import { keysOfOrg } from './org-keys.js';

const BATCH = 1_000;

/**
 * Level-triggered full resync: one reconcile job per known key of the org (of one kind). Each job reads the
 * current desired state and Genesys, so a resync repairs drift and is harmless when nothing drifted.
 */
export async function resyncOrg(
  ctx: OperatorContext,
  orgId: string,
  options: { kind?: KeyKind; actor: string },
): Promise<number> {
  if (!ctx.topology.org(orgId)) throw new Error(`org ${orgId} is not in the topology`);
  const keys = await keysOfOrg(ctx, orgId, options.kind === undefined ? undefined : [options.kind]);
  const orgKeys = ctx.names.org(orgId);
  for (let start = 0; start < keys.length; start += BATCH) {
    const batch = keys.slice(start, start + BATCH);
    const pipeline = ctx.redis.pipeline();
    for (const key of batch) pipeline.hget(orgKeys.state(key.kind, key.id), 'queue');
    const replies = (await pipeline.exec()) ?? [];
    const work: KeyToEnqueue[] = batch.map((key, i) => {
      const [error, stored] = replies[i] ?? [null, null];
      if (error) throw error;
      // Agents go to their routing group's queue, which ingest recorded with the key.
      return { key, queue: queueOfStoredKey(ctx.topology, key, stored) };
    });
    await ctx.queues.enqueue(work);
  }
  ctx.logger.info(
    { actor: options.actor, action: 'resync', org: orgId, kind: options.kind ?? 'all', keys: keys.length },
    'resync enqueued',
  );
  return keys.length;
}
