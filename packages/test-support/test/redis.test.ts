import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { createTestRedis, startPrivateRedis } from '../src/index.js';

describe('test redis fixture', () => {
  it('isolates keys under a prefix and removes them on cleanup', async () => {
    const redis = await createTestRedis('fixture');
    await redis.client.set(`${redis.prefix}:a`, '1');
    const other = redis.connect();
    expect(await other.get(`${redis.prefix}:a`)).toBe('1');
    await redis.cleanup();
    const probe = new Redis(redis.url);
    expect(await probe.exists(`${redis.prefix}:a`)).toBe(0);
    probe.disconnect();
  });

  it('starts a private redis-server with AOF that keeps data across a restart', async () => {
    const server = await startPrivateRedis({ appendOnly: true });
    const redis = new Redis(server.url, { maxRetriesPerRequest: null });
    try {
      await redis.set('kept', 'yes');
      await server.restart();
      expect(await redis.get('kept')).toBe('yes');
    } finally {
      redis.disconnect();
      await server.stop();
    }
  });
});
