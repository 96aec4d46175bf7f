import type { SyncKey } from '@wfm-sync/domain';
import type { RedisConnection } from '@wfm-sync/redis-kit';
import type { PipelineNames } from './names.js';

/** Trace contexts kept per key: the reconcile links to each (docs/decisions/027-tracing.md). */
export const TRACE_LINKS_PER_KEY = 8;
/** A key nobody reconciles for a day does not keep its list. */
const TRACE_LINKS_TTL_MS = 86_400_000;

/**
 * The trace contexts (W3C `traceparent`) of the events that changed a key, newest first, at most
 * TRACE_LINKS_PER_KEY: written by ingest after the store (a list of its own, so the store's Lua is unchanged),
 * read by the reconcile, and removed once a run committed the state they carried.
 */
export class TraceLinkStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly names: PipelineNames,
  ) {}

  /** One MULTI per org (every key carries the org's hash tag). */
  async remember(orgId: string, entries: readonly { key: SyncKey; traceparent: string }[]): Promise<void> {
    if (entries.length === 0) return;
    const keys = this.names.org(orgId);
    const multi = this.redis.multi();
    for (const { key, traceparent } of entries) {
      const list = keys.traceLinks(key.kind, key.id);
      multi
        .lpush(list, traceparent)
        .ltrim(list, 0, TRACE_LINKS_PER_KEY - 1)
        .pexpire(list, TRACE_LINKS_TTL_MS);
    }
    await multi.exec();
  }

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
