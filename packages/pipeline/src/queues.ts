import type { SyncKey } from '@wfm-sync/domain';
import type { RedisConnection } from '@wfm-sync/redis-kit';
import { Queue } from 'bullmq';
import { CAMPAIGN_COALESCE_MS, reconcileJobOptions } from './jobs.js';
import type { PipelineNames } from './names.js';

export interface KeyToEnqueue {
  key: SyncKey;
  queue: string;
}

/** BullMQ queues by name, created on first use and closed together. */
export class QueueRegistry {
  private readonly queues = new Map<string, Queue>();

  constructor(
    private readonly connection: RedisConnection,
    private readonly names: PipelineNames,
  ) {}

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
            opts: reconcileJobOptions(key, key.kind === 'campaign' ? CAMPAIGN_COALESCE_MS : 0),
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
