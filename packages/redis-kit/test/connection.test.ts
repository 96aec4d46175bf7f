import { type PrivateRedis, startPrivateRedis } from '@wfm-sync/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { createRedisConnection, type RedisConnection, waitUntilReady } from '../src/index.js';

describe('createRedisConnection under a stalled Redis (SIGSTOP)', () => {
  let redis: PrivateRedis | undefined;
  const opened: RedisConnection[] = [];
  afterEach(async () => {
    for (const connection of opened.splice(0)) connection.disconnect();
    await redis?.stop();
    redis = undefined;
  });

  it('a producer gives up on a command after commandTimeoutMs and works again once Redis resumes', async () => {
    redis = await startPrivateRedis();
    const producer = createRedisConnection({ url: redis.url, role: 'producer', commandTimeoutMs: 200 });
    opened.push(producer);
    await waitUntilReady(producer);

    redis.stall();
    const started = Date.now();
    await expect(producer.set('late', '1')).rejects.toThrow(/timed out/);
    expect(Date.now() - started).toBeLessThan(1_000);

    redis.resume();
    expect(await producer.ping()).toBe('PONG');
    // The command that timed out still ran once Redis resumed (docs/decisions/018).
    expect(await producer.get('late')).toBe('1');
  });

  it('a worker connection waits a stall out (no command timeout)', async () => {
    redis = await startPrivateRedis();
    const worker = createRedisConnection({ url: redis.url, role: 'worker', commandTimeoutMs: 200 });
    opened.push(worker);
    await waitUntilReady(worker);

    redis.stall();
    const answer = worker.ping();
    // An absence shows only over a window: three times the timeout the producer would have given up after.
    const outcome = await Promise.race([
      answer.then(() => 'answered'),
      new Promise((resolve) => setTimeout(() => resolve('still waiting'), 600)),
    ]);
    expect(outcome).toBe('still waiting');
    redis.resume();
    expect(await answer).toBe('PONG');
  });
});
