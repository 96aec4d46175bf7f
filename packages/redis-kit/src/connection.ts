import { Cluster, Redis, type RedisOptions } from 'ioredis';

export type RedisConnection = Redis | Cluster;

export interface ConnectionOptions {
  url: string;
  /** REDIS_CLUSTER=1: `url` names one node; the rest are discovered. */
  cluster?: boolean;
  /**
   * `worker`: blocking BullMQ connections wait for Redis forever (maxRetriesPerRequest null, as BullMQ requires).
   * `producer`: fail fast while Redis is down (no offline queue), so ingest answers 503 instead of hanging.
   */
  role: 'worker' | 'producer';
  connectionName?: string;
  /**
   * Producer only: a command without a reply after this long is rejected (ioredis `commandTimeout`), so a stalled
   * Redis (alive but not answering, e.g. SIGSTOP or a long fork) costs a caller at most this much. The command
   * itself may still run once Redis resumes (docs/decisions/018-stalled-redis.md).
   */
  commandTimeoutMs?: number;
  /**
   * Producer only: ioredis `enableAutoPipelining`, the commands issued in one turn of the event loop leave in one
   * socket write (ingest: its claims, store scripts and done marks of concurrent webhooks). A command's timeout still
   * starts when it is written; while a pipeline waits for its replies the next one gathers, so in a stall a
   * command may be written up to one timeout after it was issued (decision 018: late commands land harmlessly, and
   * the caller's own deadline bounds its answer).
   */
  autoPipelining?: boolean;
}

/** One place that knows how wfm-sync connects to Redis (BullMQ's production checklist). */
export function createRedisConnection(options: ConnectionOptions): RedisConnection {
  const common: RedisOptions = {
    maxRetriesPerRequest: options.role === 'worker' ? null : 1,
    enableOfflineQueue: options.role === 'worker',
    connectionName: options.connectionName,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
    // Workers wait out a stall on purpose: BullMQ's blocking commands and the lease's fencing assume it.
    commandTimeout: options.role === 'producer' ? options.commandTimeoutMs : undefined,
    enableAutoPipelining: options.role === 'producer' && options.autoPipelining === true,
    // RESP2, as with ioredis 5: ioredis 6 speaks RESP3 by default, where a Lua `false` (BullMQ's scripts return
    // it) arrives as 0 instead of null. Nothing here needs RESP3 (docs/decisions/020).
    protocol: 2,
  };
  if (!options.cluster) return new Redis(options.url, common);
  const url = new URL(options.url);
  return new Cluster([{ host: url.hostname, port: Number(url.port || 6379) }], {
    redisOptions: { ...common, password: url.password || undefined, username: url.username || undefined },
    enableOfflineQueue: options.role === 'worker',
    enableAutoPipelining: options.role === 'producer' && options.autoPipelining === true,
  });
}

/** Resolves once the connection is ready (or rejects after `timeoutMs`). */
export async function waitUntilReady(redis: RedisConnection, timeoutMs = 10_000): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Redis not ready after ${timeoutMs} ms`)), timeoutMs);
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Redis Cluster: a script or pipeline may only touch keys of one slot. */
export function isCluster(connection: RedisConnection): connection is Cluster {
  return connection instanceof Cluster;
}

/**
 * A new connection with the same options, for a blocking reader (XREAD BLOCK) that must not hold up the shared
 * one. ioredis' `duplicate` exists on both classes, but their signatures differ, so the union is not callable.
 */
export function duplicateConnection(connection: RedisConnection): RedisConnection {
  return isCluster(connection) ? connection.duplicate() : connection.duplicate();
}
