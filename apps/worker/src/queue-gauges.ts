import type { PipelineContext } from '@wfm-sync/pipeline';

const STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;

/** Samples job counts per queue into the `wfm_sync_queue_jobs` gauge (cheap: one call per queue). */
export async function sampleQueueGauges(ctx: PipelineContext, queueNames: readonly string[]): Promise<void> {
  for (const name of queueNames) {
    const counts = await ctx.queues.get(name).getJobCounts(...STATES);
    for (const state of STATES) ctx.metrics.queueJobs.set({ queue: name, state }, counts[state] ?? 0);
  }
}
