import type { QueueRegistry } from '@wfm-sync/pipeline';
import type { RedisConnection } from '@wfm-sync/redis-kit';

export interface ProgressSample {
  /** Keys whose desired state is not yet applied (the due sets). */
  pendingKeys: number;
  waitingJobs: number;
  delayedJobs: number;
}

/** Reads how far the pipeline is from converged: cheap enough to sample every second. */
export async function sampleProgress(
  redis: RedisConnection,
  dueKeys: readonly string[],
  queues: QueueRegistry,
  queueNames: readonly string[],
): Promise<ProgressSample> {
  let pendingKeys = 0;
  for (const key of dueKeys) pendingKeys += await redis.zcard(key);
  let waitingJobs = 0;
  let delayedJobs = 0;
  for (const name of queueNames) {
    const counts = await queues.get(name).getJobCounts('waiting', 'delayed', 'active');
    waitingJobs += (counts.waiting ?? 0) + (counts.active ?? 0);
    delayedJobs += counts.delayed ?? 0;
  }
  return { pendingKeys, waitingJobs, delayedJobs };
}
