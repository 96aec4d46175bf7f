import type { SyncKey } from '@wfm-sync/domain';
import { LuaScript, type RedisConnection } from '@wfm-sync/redis-kit';
import type { PipelineNames } from './names.js';

/** Trace contexts kept per key: the reconcile links to each (docs/decisions/027-tracing.md). */
export const TRACE_LINKS_PER_KEY = 8;
/** A key nobody reconciles for a day does not keep its list. */
const TRACE_LINKS_TTL_MS = 86_400_000;

/**
 * KEYS: one trace list per key (all of one org, so one slot); ARGV[1] entries kept, ARGV[2] ttl ms, ARGV[2 + i] the
 * traceparent for KEYS[i]. One script rather than a MULTI: it joins ingest's auto-pipeline (the MULTI was a pipeline
 * and a socket write of its own per sampled delivery), and is as atomic.
 */
const REMEMBER_LUA = `
for i, list in ipairs(KEYS) do
  redis.call('LPUSH', list, ARGV[i + 2])
  redis.call('LTRIM', list, 0, tonumber(ARGV[1]) - 1)
  redis.call('PEXPIRE', list, ARGV[2])
end
return #KEYS
`;
const rememberScript = new LuaScript('remember-trace-links', REMEMBER_LUA);

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

  /** One script call per org (every key carries the org's hash tag). */
  async remember(orgId: string, entries: readonly { key: SyncKey; traceparent: string }[]): Promise<void> {
    if (entries.length === 0) return;
    const keys = this.names.org(orgId);
    await rememberScript.run(
      this.redis,
      entries.map(({ key }) => keys.traceLinks(key.kind, key.id)),
      [TRACE_LINKS_PER_KEY, TRACE_LINKS_TTL_MS, ...entries.map(({ traceparent }) => traceparent)],
    );
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
