import type { KeyKind, SyncKey } from '@wfm-sync/domain';
import type { Job } from 'bullmq';
import { z } from 'zod';
import type { QueueRegistry } from '../ingest/queues.js';
import { deadLetterQueueName } from './names.js';

/** A key the pipeline gave up on, with everything an operator needs to judge and replay it. */
export const deadLetterSchema = z.object({
  orgId: z.string(),
  kind: z.string(),
  id: z.string(),
  reason: z.string(),
  lastError: z.object({
    kind: z.string(),
    message: z.string(),
    status: z.number().optional(),
    code: z.string().optional(),
    correlationId: z.string().optional(),
  }),
  attempts: z.number(),
  sourceQueue: z.string(),
  rev: z.number(),
  failedAt: z.string(),
});
export type DeadLetter = z.infer<typeof deadLetterSchema>;

/** One dead letter per key: its BullMQ job id. */
export function deadLetterJobId(key: SyncKey): string {
  return `dl-${encodeURIComponent(`${key.orgId}/${key.kind}/${key.id}`)}`;
}

/**
 * Dead letters live in one BullMQ queue per region that no worker consumes: visible in the queue dashboard,
 * bounded by the number of keys (one entry per key: a later failure of the same key replaces the entry).
 */
export class DeadLetters {
  constructor(private readonly queues: QueueRegistry) {}

  async add(region: string, letter: DeadLetter): Promise<void> {
    const queue = this.queues.get(deadLetterQueueName(region));
    const key = { orgId: letter.orgId, kind: letter.kind as KeyKind, id: letter.id };
    const jobId = deadLetterJobId(key);
    const existing = await queue.getJob(jobId);
    if (existing) await existing.remove();
    await queue.add(letter.kind, letter, { jobId });
  }

  async list(region: string, limit = 100): Promise<DeadLetter[]> {
    const jobs: Job[] = await this.queues.get(deadLetterQueueName(region)).getJobs(['waiting'], 0, limit - 1);
    return jobs.flatMap((job) => {
      const parsed = deadLetterSchema.safeParse(job.data);
      return parsed.success ? [parsed.data] : [];
    });
  }

  /** Re-enqueues the key (a fresh job reads the current desired state) and removes the dead letter. */
  async replay(region: string, key: SyncKey): Promise<boolean> {
    const queue = this.queues.get(deadLetterQueueName(region));
    const job = await queue.getJob(deadLetterJobId(key));
    if (!job) return false;
    const parsed = deadLetterSchema.parse(job.data);
    await this.queues.enqueue([{ key, queue: parsed.sourceQueue }]);
    await job.remove();
    return true;
  }
}
