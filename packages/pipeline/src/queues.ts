import type { KeyKind, SyncKey } from '@wfm-sync/domain';
import type { RedisConnection } from '@wfm-sync/redis-kit';
import { Queue } from 'bullmq';
import { reconcileJobOptions } from './jobs.js';
import type { PipelineNames } from './names.js';

/** Campaign: a burst of agent changes costs one pacing run. Schedule: the flush window of one upload. */
export const DEFAULT_GATHER_DELAYS: Partial<Record<KeyKind, number>> = { campaign: 500, schedule: 2_000 };

export interface KeyToEnqueue {
  key: SyncKey;
  queue: string;
}

/** BullMQ queues by name, created on first use and closed together. */
export class QueueRegistry {
  private readonly queues = new Map<string, Queue>();

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
      queue = new Queue(name, { connection: this.connection, prefix: this.names.queuePrefix });
      queue.on('error', () => {
        // Errors surface on the calls that fail; this listener keeps an idle queue's reconnects from crashing.
      });
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** Enqueues a reconcile job per key, grouped per queue (one round trip per queue). */
  async enqueue(items: Iterable<KeyToEnqueue>): Promise<void> {
    const byQueue = new Map<string, SyncKey[]>();
    for (const { key, queue } of items) {
      const list = byQueue.get(queue) ?? [];
      list.push(key);
      byQueue.set(queue, list);
    }
    await Promise.all(
      [...byQueue].map(([name, keys]) =>
        this.get(name).addBulk(
          keys.map((key) => ({
            name: 'reconcile',
            data: { orgId: key.orgId, kind: key.kind, id: key.id },
            opts: reconcileJobOptions(key, this.delays[key.kind] ?? 0),
          })),
        ),
      ),
    );
  }

  all(): Queue[] {
    return [...this.queues.values()];
  }

  async close(): Promise<void> {
    await Promise.all(this.all().map((q) => q.close()));
    this.queues.clear();
  }
}
