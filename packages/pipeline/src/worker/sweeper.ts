import type { KeyKind } from '@wfm-sync/domain';
import { LuaScript } from '@wfm-sync/redis-kit';
import type { PipelineContext } from '../context.js';
import type { KeyToEnqueue } from '../ingest/queues.js';
import { queueOfStoredKey } from '../ingest/routing.js';
import { CLAIM_DUE_LUA } from '../store/lua/claim-due.js';

const claimDue = new LuaScript('claim-due', CLAIM_DUE_LUA);

/** How long a claimed key waits before the sweeper may claim it again. */
const RECLAIM_AFTER_MS = 30_000;
const BATCH = 500;

/**
 * The level-triggered safety net: every key whose desired state is ahead of what was applied sits in its org's
 * due set with the time it should be looked at. Ingest, parking and dry-run set that time; a worker that applies
 * the key removes it. Whatever fell through (a process killed between storing and enqueuing, a lost wake-up,
 * a parked key's slow re-check) is enqueued again here. Enqueuing is idempotent (deduplicated jobs).
 */
export class Sweeper {
  constructor(
    private readonly ctx: PipelineContext,
    private readonly orgIds: readonly string[],
  ) {}

  async sweepOnce(): Promise<number> {
    let total = 0;
    for (const orgId of this.orgIds) total += await this.sweepOrg(orgId);
    return total;
  }

  private async sweepOrg(orgId: string): Promise<number> {
    const keys = this.ctx.names.org(orgId);
    const now = this.ctx.now();
    const members = (await claimDue.run(
      this.ctx.redis,
      [keys.due],
      [now, now + RECLAIM_AFTER_MS, BATCH],
    )) as string[];
    if (members.length === 0) return 0;
    const pipeline = this.ctx.redis.pipeline();
    const parsed = members.map((member) => {
      const split = member.indexOf(':');
      const key = { orgId, kind: member.slice(0, split) as KeyKind, id: member.slice(split + 1) };
      pipeline.hget(keys.state(key.kind, key.id), 'queue');
      return key;
    });
    const queues = (await pipeline.exec()) ?? [];
    const work: KeyToEnqueue[] = parsed.map((key, i) => ({
      key,
      queue: queueOfStoredKey(this.ctx.topology, key, queues[i]?.[1]),
    }));
    await this.ctx.queues.enqueue(work);
    this.ctx.metrics.sweptKeys.inc({ org: orgId }, work.length);
    this.ctx.logger.debug({ org: orgId, keys: work.length }, 'swept due keys');
    return work.length;
  }
}
