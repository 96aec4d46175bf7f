import type { Context } from '@opentelemetry/api';
import type { KeyKind, SyncKey } from '@wfm-sync/domain';
import type { RedisConnection } from '@wfm-sync/redis-kit';
import { Queue } from 'bullmq';
import type { PipelineNames } from '../store/names.js';
import { callerContext, jobTelemetry, traceBatchAdd, traceEnqueue } from '../tracing.js';
import { dedupId, reconcileJobOptions } from './jobs.js';

/** Campaign: a burst of agent changes costs one pacing run. Schedule: the flush window of one upload. */
export const DEFAULT_GATHER_DELAYS: Partial<Record<KeyKind, number>> = { campaign: 500, schedule: 2_000 };

export interface KeyToEnqueue {
  key: SyncKey;
  queue: string;
}

/** Jobs of one `addBulk` at most. */
const MAX_JOBS_PER_BATCH = 1_000;

interface JobSpec {
  name: string;
  data: { orgId: string; kind: KeyKind; id: string };
  opts: ReturnType<typeof reconcileJobOptions>;
}

/** BullMQ queues by name, created on first use and closed together. */
export class QueueRegistry {
  private readonly queues = new Map<string, Queue>();
  /** Per queue, the batch of jobs still being gathered (see `enqueue`), one job per key. */
  private readonly open = new Map<string, { jobs: Map<string, JobSpec>; flushed: Promise<void> }>();

  private readonly delays: Partial<Record<KeyKind, number>>;

  /**
   * @param delays per key kind, how long a new job waits before it runs: deduplication turns the wait into a
   *   gathering window (campaign pacing after a burst of agent changes; many agents of one schedule in one upload).
   */
  constructor(
    private readonly connection: RedisConnection,
    private readonly names: PipelineNames,
    delays: Partial<Record<KeyKind, number>> = DEFAULT_GATHER_DELAYS,
  ) {
    this.delays = { ...DEFAULT_GATHER_DELAYS, ...delays };
  }

  get(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      // No BullMQ telemetry: `traceBatchAdd` is the span of an add (tracing.ts).
      queue = new Queue(name, { connection: this.connection, prefix: this.names.queuePrefix });
      queue.on('error', () => {
        // Errors surface on the calls that fail; this listener keeps an idle queue's reconnects from crashing.
      });
      this.queues.set(name, queue);
    }
    return queue;
  }

  /**
   * Enqueues a reconcile job per key. Jobs for one queue from concurrent callers (webhooks whose events were stored
   * in the same tick: one auto-pipelined reply resolves them all) go out together in one `addBulk` — one pipeline
   * instead of one per webhook — and every caller's promise settles with that batch.
   */
  async enqueue(items: Iterable<KeyToEnqueue>): Promise<void> {
    const list = [...items];
    return traceEnqueue(list.length, () => this.enqueueNow(list));
  }

  private async enqueueNow(items: Iterable<KeyToEnqueue>): Promise<void> {
    const byQueue = new Map<string, JobSpec[]>();
    for (const { key, queue } of items) {
      const list = byQueue.get(queue) ?? [];
      list.push({
        name: 'reconcile',
        data: { orgId: key.orgId, kind: key.kind, id: key.id },
        opts: { ...reconcileJobOptions(key, this.delays[key.kind] ?? 0), ...jobTelemetry() },
      });
      byQueue.set(queue, list);
    }
    await Promise.all([...byQueue].map(([name, jobs]) => this.gather(name, jobs)));
  }

  /**
   * Adds jobs to the queue's open batch and returns its flush. A batch is sent from `process.nextTick`: Node runs it
   * once every promise continuation of the current tick has run, so it holds every caller resumed by the same
   * Redis reply, and it leaves before the event loop turns to the next I/O (`setImmediate` waited for all of it —
   * in a burst, the parsing and verifying of every request that had arrived meanwhile; decision 028).
   */
  private gather(name: string, jobs: readonly JobSpec[]): Promise<void> {
    let batch = this.open.get(name);
    if (!batch) {
      const jobsOfBatch = new Map<string, JobSpec>();
      // A sampled opener's trace gets the batch's `addBulk` span (its jobs carry their own callers' contexts).
      const opener: Context | undefined = callerContext();
      const flushed = new Promise<void>((resolve) => process.nextTick(resolve)).then(async () => {
        if (this.open.get(name)?.jobs === jobsOfBatch) this.open.delete(name);
        const specs = [...jobsOfBatch.values()];
        const [only] = specs;
        // One job: BullMQ adds it with one script call on the connection; `addBulk` builds an ioredis pipeline,
        // which copies every script BullMQ defined (about 65, under two names each) onto itself: at a steady
        // trickle, where nearly every webhook has a batch of its own, a fifth of ingest's allocation (decision 028).
        await traceBatchAdd(name, specs.length, opener, async () => {
          if (specs.length === 1 && only) await this.get(name).add(only.name, only.data, only.opts);
          else await this.get(name).addBulk(specs);
        });
      });
      batch = { jobs: jobsOfBatch, flushed };
      this.open.set(name, batch);
    }
    // A key's jobs are all alike (same data, options and deduplication id): adding one does what adding them all
    // would, and at peak many webhooks of one tick name the same agent or campaign.
    for (const job of jobs) batch.jobs.set(dedupId(job.data), job);
    // A full batch takes no more: the next caller opens another, so one MULTI stays bounded.
    if (batch.jobs.size >= MAX_JOBS_PER_BATCH) this.open.delete(name);
    return batch.flushed;
  }

  /**
   * Closes and forgets one queue (a topology reload dropped it): each Queue holds listeners on the shared
   * connection until closed. A later `get` of the name makes a new one.
   */
  async release(name: string): Promise<void> {
    const queue = this.queues.get(name);
    if (!queue) return;
    this.queues.delete(name);
    await queue.close();
  }

  all(): Queue[] {
    return [...this.queues.values()];
  }

  async close(): Promise<void> {
    await Promise.all(this.all().map((q) => q.close()));
    this.queues.clear();
  }
}
