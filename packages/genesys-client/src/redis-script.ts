import { createHash } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';

export type RedisConnection = Redis | Cluster;

/** A Lua script run by EVALSHA, loaded with EVAL the first time a server does not know it. */
export class LuaScript {
  private readonly sha: string;

  constructor(private readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(
    redis: RedisConnection,
    keys: readonly string[],
    args: ReadonlyArray<string | number>,
  ): Promise<number> {
    let result: unknown;
    try {
      result = await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      result = await redis.eval(this.source, keys.length, ...keys, ...args);
    }
    if (typeof result !== 'number')
      throw new Error(`Lua script ${this.sha} returned ${typeof result}, not a number`);
    return result;
  }
}
