import type { PipelineContext } from '../context.js';
import { orgQueueName } from '../store/names.js';

/**
 * Enqueues one trunk listing of the org that runs whatever the poll cadence says (`force`), now or after `delayMs`:
 * a re-sync after a gap in listening, or a guard listing due before the next tick (decision 024). `id` names the
 * occasion (the gap's id, the due time), so every worker of the region that decides the same listing adds one job.
 */
export async function enqueueForcedListing(
  ctx: PipelineContext,
  orgId: string,
  occasion: { kind: 'resync' | 'guard'; id: string; delayMs?: number },
): Promise<string | undefined> {
  const org = ctx.topology.org(orgId);
  if (!org) return undefined;
  // BullMQ allows ':' in a custom id only as `a:b:c`.
  const customId = `${occasion.kind}:${orgId.replaceAll(':', '-')}:${occasion.id.replaceAll(':', '-')}`;
  const delayMs = occasion.delayMs ?? 0;
  await ctx.queues.get(orgQueueName(org.region, orgId)).add(
    'trunk-poll',
    { orgId, force: true },
    {
      jobId: customId,
      delay: delayMs > 0 ? delayMs : undefined,
      attempts: 1,
      removeOnComplete: { age: 3_600, count: 1_000 },
      removeOnFail: { count: 100 },
    },
  );
  return customId;
}
