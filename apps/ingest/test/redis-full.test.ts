import { type PrivateRedis, startPrivateRedis } from '@wfm-sync/test-support';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { type CapacityEvent, capacityEvent } from './support/events.js';
import { type IngestUnderTest, startIngest } from './support/ingest.js';
import { agentOf } from './support/topology.js';

/** Fills Redis with `filler:*` strings until a write is refused for memory; returns how many it wrote. */
async function fillUntilFull(admin: Redis): Promise<number> {
  const chunk = 'x'.repeat(16 * 1024);
  for (let i = 0; ; i++) {
    try {
      await admin.set(`filler:${i}`, chunk);
    } catch (error) {
      expect(String(error)).toMatch(/OOM command not allowed/);
      return i;
    }
  }
}

describe('POST /v1/webhooks/wfm: Redis at maxmemory (noeviction)', () => {
  let ingest: IngestUnderTest | undefined;
  let redis: PrivateRedis | undefined;
  let admin: Redis | undefined;
  afterEach(async () => {
    admin?.disconnect();
    await ingest?.close();
    await redis?.stop();
    [ingest, redis, admin] = [undefined, undefined, undefined];
  });

  it('answers 503 with Retry-After, loses nothing it acknowledged, and accepts again once memory is freed', async () => {
    redis = await startPrivateRedis();
    ingest = await startIngest({ redisUrl: redis.url });
    admin = new Redis(redis.url);
    const agents = [0, 1, 2, 3].map((i) => agentOf(ingest!.topology, 0, i));
    const acknowledged: CapacityEvent[] = agents.map((agent) => capacityEvent(agent, 4, 1));
    for (const event of acknowledged) expect((await ingest.deliver(event)).statusCode).toBe(202);

    const used = Number(/used_memory:(\d+)/.exec(await admin.info('memory'))?.[1]);
    await admin.config('SET', 'maxmemory', String(used + 2 * 1024 * 1024));
    const filled = await fillUntilFull(admin);
    expect(filled).toBeGreaterThan(0);
    // At the edge a small write may still fit (client buffers come and go): keep Redis just over its limit.
    const full = Number(/used_memory:(\d+)/.exec(await admin.info('memory'))?.[1]);
    await admin.config('SET', 'maxmemory', String(full - 512 * 1024));

    const refused = agents.map((agent) => capacityEvent(agent, 8, 2));
    for (const [i, event] of refused.entries()) {
      const response = await ingest.deliver(event, { id: `msg_full_${i}` });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toEqual({ error: 'unavailable' });
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    }
    for (const event of acknowledged)
      expect(await ingest.desiredAgent(event.orgId, event.data.userId)).toEqual(event.data);

    for (let i = 0; i < filled; i++) await admin.del(`filler:${i}`);
    // The sender retries each refused delivery with its webhook-id: every one is recorded now.
    for (const [i, event] of refused.entries()) {
      const response = await ingest.deliver(event, { id: `msg_full_${i}` });
      expect(response.statusCode).toBe(202);
      expect(response.json()).toEqual({ accepted: 1, duplicates: 0, stale: 0 });
    }
    for (const event of refused)
      expect(await ingest.desiredAgent(event.orgId, event.data.userId)).toEqual(event.data);
  });
});
