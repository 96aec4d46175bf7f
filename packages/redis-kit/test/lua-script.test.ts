import { createTestRedis } from '@wfm-sync/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { createRedisConnection, LuaScript, waitUntilReady } from '../src/index.js';

describe('LuaScript', () => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => cleanup?.());

  it('loads itself after SCRIPT FLUSH and returns the script result', async () => {
    const redis = await createTestRedis('lua');
    cleanup = redis.cleanup;
    const script = new LuaScript('incr-by', "return redis.call('INCRBY', KEYS[1], ARGV[1])");
    const key = `${redis.prefix}:n`;
    expect(await script.runNumber(redis.client, [key], [2])).toBe(2);
    await redis.client.script('FLUSH');
    expect(await script.runNumber(redis.client, [key], [3])).toBe(5);
  });

  it('connects to the test Redis', async () => {
    const redis = await createTestRedis('conn');
    cleanup = redis.cleanup;
    const conn = createRedisConnection({ url: redis.url, role: 'worker' });
    await waitUntilReady(conn);
    expect(await conn.ping()).toBe('PONG');
    conn.disconnect();
  });
});
