import type { SyncKey } from '@wfm-sync/domain';
import type { RedisConnection } from '@wfm-sync/redis-kit';
import type { PipelineNames } from './names.js';

/** Trace contexts kept per key: the reconcile links to each (docs/decisions/027-tracing.md). */
export const TRACE_LINKS_PER_KEY = 8;
/** A key nobody reconciles for a day does not keep its list. */
export const TRACE_LINKS_TTL_MS = 86_400_000;

/**
 * The trace contexts (W3C `traceparent`) of the events that changed a key, newest first, at most
 * TRACE_LINKS_PER_KEY: written by ingest's store call with the events they belong to (lua/store-events.ts,
 * decision 032), read by the reconcile, and removed once a run committed the state they carried.
 */
export class TraceLinkStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly names: PipelineNames,
  ) {}

  async read(key: SyncKey): Promise<string[]> {
    return this.redis.lrange(this.listOf(key), 0, TRACE_LINKS_PER_KEY - 1);
  }

  /** Removes entries a committed run linked (newer ones pushed meanwhile stay for the next run). */
  async consume(key: SyncKey, traceparents: readonly string[]): Promise<void> {
    if (traceparents.length === 0) return;
    const list = this.listOf(key);
    const multi = this.redis.multi();
    for (const traceparent of traceparents) multi.lrem(list, 1, traceparent);
    await multi.exec();
  }

  private listOf(key: SyncKey): string {
    return this.names.org(key.orgId).traceLinks(key.kind, key.id);
  }
}
