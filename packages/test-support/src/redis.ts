import { randomBytes } from 'node:crypto';
import {
  deleteKeysWithPrefix,
  type PrivateRedis,
  redisAnswers,
  startPrivateRedis,
} from '@wfm-sync/process-kit';
import { Redis } from 'ioredis';

const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

let sharedPrivate: Promise<PrivateRedis> | undefined;

/**
 * The Redis URL for tests: REDIS_URL (default redis://127.0.0.1:6379) when it answers,
 * else a private redis-server started once per test process.
 */
export async function testRedisUrl(): Promise<string> {
  const url = process.env.REDIS_URL ?? DEFAULT_REDIS_URL;
  if (await redisAnswers(url)) return url;
  sharedPrivate ??= startPrivateRedis();
  const started = await sharedPrivate;
  process.once('exit', () => {
    void started.stop();
  });
  return started.url;
}

/** A unique key prefix for one test, so tests sharing a Redis never see each other's keys. */
export function uniquePrefix(label = 't'): string {
  return `test-${label}-${randomBytes(5).toString('hex')}`;
}

export interface TestRedis {
  readonly url: string;
  readonly prefix: string;
  readonly client: Redis;
  /** A new connection to the same Redis (as a second process would have). */
  connect(): Redis;
  cleanup(): Promise<void>;
}

/** A Redis connection plus a private key prefix; call cleanup() in afterEach/afterAll. */
export async function createTestRedis(label?: string): Promise<TestRedis> {
  const url = await testRedisUrl();
  const prefix = uniquePrefix(label);
  const opened: Redis[] = [];
  const connect = () => {
    // RESP2, as the services connect (redis-kit's createRedisConnection, docs/decisions/020).
    const client = new Redis(url, { maxRetriesPerRequest: null, protocol: 2 });
    opened.push(client);
    return client;
  };
  const client = connect();
  return {
    url,
    prefix,
    client,
    connect,
    cleanup: async () => {
      await deleteKeysWithPrefix(client, prefix);
      await Promise.all(opened.map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}
