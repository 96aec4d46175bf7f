import type { Redis } from 'ioredis';

/** Every key under `prefix` (SCAN, never KEYS), sorted. */
export async function keysUnder(redis: Redis, prefix: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    found.push(...batch);
  } while (cursor !== '0');
  return found.sort();
}

/**
 * The content of one key in a form that compares by meaning: DUMP bytes would differ for equal data (a hash's
 * field order changes when Redis replays its AOF, for one).
 */
async function contentOf(redis: Redis, key: string): Promise<unknown> {
  const type = await redis.type(key);
  switch (type) {
    case 'string':
      return await redis.get(key);
    case 'hash':
      return Object.fromEntries(
        Object.entries(await redis.hgetall(key)).sort(([a], [b]) => a.localeCompare(b)),
      );
    case 'set':
      return (await redis.smembers(key)).sort();
    case 'zset':
      return await redis.zrange(key, 0, -1, 'WITHSCORES');
    case 'list':
      return await redis.lrange(key, 0, -1);
    case 'stream':
      return await redis.xrange(key, '-', '+');
    default:
      return { type };
  }
}

/** Every key under `prefix` with its content: equal snapshots mean nothing under the prefix changed. */
export async function snapshotUnder(redis: Redis, prefix: string): Promise<Record<string, unknown>> {
  const snapshot: Record<string, unknown> = {};
  for (const key of await keysUnder(redis, prefix))
    snapshot[key] = { type: await redis.type(key), value: await contentOf(redis, key) };
  return snapshot;
}
