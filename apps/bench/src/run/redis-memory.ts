import type { Redis } from 'ioredis';

/** `used_memory` from INFO memory, in bytes. */
export async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  const line = info.split('\r\n').find((l) => l.startsWith('used_memory:'));
  const value = Number(line?.slice('used_memory:'.length));
  if (!Number.isFinite(value)) throw new Error('INFO memory has no used_memory');
  return value;
}

/** `redis_version` from INFO server. */
export async function redisVersion(redis: Redis): Promise<string> {
  const info = await redis.info('server');
  return (
    info
      .split('\r\n')
      .find((l) => l.startsWith('redis_version:'))
      ?.slice('redis_version:'.length) ?? 'unknown'
  );
}

/** What a key of the run's namespace is: `queues` (BullMQ), `webhook ids`, else its segment after the org tag. */
export function keyKindOf(key: string, prefix: string): string {
  const rest = key.startsWith(`${prefix}:`) ? key.slice(prefix.length + 1) : key;
  if (rest.startsWith('q:')) return 'queues';
  if (rest.startsWith('webhook:')) return 'webhook ids';
  const segments = rest.split(':');
  if (segments[0]?.startsWith('{'))
    return segments[1] === 'k' ? `state ${segments[2] ?? ''}`.trim() : (segments[1] ?? 'org');
  return segments[0] ?? 'other';
}

/** `MEMORY USAGE` summed by kind of key over every key of `prefix` (SCAN, never KEYS). */
export async function memoryByKeyKind(redis: Redis, prefix: string): Promise<Record<string, number>> {
  const totals: Record<string, number> = {};
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    const pipeline = redis.pipeline();
    for (const key of keys) pipeline.memory('USAGE', key);
    const replies = (await pipeline.exec()) ?? [];
    keys.forEach((key, i) => {
      const bytes = Number(replies[i]?.[1] ?? 0);
      const kind = keyKindOf(key, prefix);
      totals[kind] = (totals[kind] ?? 0) + (Number.isFinite(bytes) ? bytes : 0);
    });
  } while (cursor !== '0');
  return totals;
}
