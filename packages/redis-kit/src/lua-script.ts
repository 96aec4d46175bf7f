import { createHash } from 'node:crypto';
import type { RedisConnection } from './connection.js';

/** A Lua script run by EVALSHA, sent with EVAL the first time a server does not know it (after a restart too). */
export class LuaScript {
  readonly sha: string;

  constructor(
    readonly name: string,
    private readonly source: string,
  ) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(
    redis: RedisConnection,
    keys: readonly string[],
    args: ReadonlyArray<string | number>,
  ): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return await redis.eval(this.source, keys.length, ...keys, ...args);
    }
  }

  async runNumber(redis: RedisConnection, keys: readonly string[], args: ReadonlyArray<string | number>) {
    const result = await this.run(redis, keys, args);
    if (typeof result !== 'number')
      throw new Error(`Lua script ${this.name} returned ${typeof result}, not a number`);
    return result;
  }
}
