import type { SyncKey } from '@wfm-sync/domain';
import { createTestRedis, type TestRedis, waitFor } from '@wfm-sync/test-support';
import { type Job, Queue, Worker } from 'bullmq';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dedupId, reconcileJobOptions } from '../src/ingest/jobs.js';

/**
 * Decision 007 rests on BullMQ's `keepLastIfActive` deduplication: per key at most one active and one waiting job,
 * and an event that lands while the key is being reconciled still gets a run after it. This pins BullMQ's
 * behaviour (re-checked on every BullMQ major) with the enqueue policy the pipeline uses.
 */
describe('BullMQ keepLastIfActive deduplication (decision 007)', () => {
  let redis: TestRedis;
  let queue: Queue;
  let worker: Worker | undefined;
  beforeEach(async () => {
    redis = await createTestRedis('dedup');
    queue = new Queue('reconcile', { connection: redis.connect(), prefix: redis.prefix });
  });
  afterEach(async () => {
    await worker?.close(true);
    worker = undefined;
    await queue.close();
    await redis.cleanup();
  });

  const key: SyncKey = { orgId: 'acme', kind: 'agent', id: 'u1' };
  const other: SyncKey = { orgId: 'acme', kind: 'agent', id: 'u2' };
  const add = (k: SyncKey, n: number) => queue.add('reconcile', { ...k, n }, reconcileJobOptions(k));

  it('keeps exactly one waiting job per key while one is active, and runs the last one after it', async () => {
    const runs: { id: string; n: number; jobId: string | undefined }[] = [];
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    let started!: (job: Job) => void;
    const firstStarted = new Promise<Job>((resolve) => {
      started = resolve;
    });

    // Nothing running yet: repeated events for one key coalesce into one waiting job.
    const first = await add(key, 0);
    for (let n = 1; n <= 5; n++) expect((await add(key, n)).id).toBe(first.id);
    await add(other, 0);
    expect(await queue.getWaitingCount()).toBe(2);

    worker = new Worker(
      'reconcile',
      async (job: Job<{ id: string; n: number }>) => {
        runs.push({ id: job.data.id, n: job.data.n, jobId: job.id });
        if (job.id === first.id) {
          started(job);
          await firstHeld;
        }
      },
      { connection: redis.connect(), prefix: redis.prefix, concurrency: 1 },
    );
    expect((await firstStarted).id).toBe(first.id);

    // While the key's job is active, a burst of events keeps exactly one more job for that key (the last one).
    for (let n = 10; n <= 19; n++) await add(key, n);
    expect(await queue.getActiveCount()).toBe(1);
    const waitingForKey = (await queue.getJobs(['waiting', 'prioritized', 'delayed'])).filter(
      (job) => job.data.id === key.id,
    );
    // BullMQ keeps that job either as a queued job or as a stored "next" job (`dn:<dedup id>`, BullMQ 5 and 6) that
    // becomes a queued job when the active one finishes; either way there is exactly one.
    const storedNext = await redis.client.hgetall(`${redis.prefix}:reconcile:dn:${dedupId(key)}`);
    expect(waitingForKey.length + (storedNext.jid ? 1 : 0)).toBe(1);

    releaseFirst();
    await waitFor(async () => (await queue.getCompletedCount()) === 3, { what: 'three jobs completed' });
    // The active run, then exactly one more carrying the newest event; nothing of the burst in between.
    expect(runs.filter((run) => run.id === key.id).map((run) => run.n)).toEqual([0, 19]);
    expect(runs.filter((run) => run.id === other.id)).toHaveLength(1);
    const left = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    expect(Object.values(left).reduce((sum, count) => sum + count, 0)).toBe(0);
  });
});
