import { KEY_KINDS, type SyncKey } from '@wfm-sync/domain';
import type { JobsOptions } from 'bullmq';
import { z } from 'zod';

/**
 * Job catalog: job name → payload schema. Payloads are wire contracts (jobs outlive deploys): add fields only as
 * optional, and keep old payloads parsing (test/jobs.test.ts).
 */
export const jobCatalog = {
  /** Reconcile one key: the job carries the key only; the worker reads the desired state when it runs. */
  reconcile: z.object({ orgId: z.string().min(1), kind: z.enum(KEY_KINDS), id: z.string().min(1) }),
  /** Re-read every trunk of an org with the paged list call (one per region per org, by a job scheduler). */
  'trunk-poll': z.object({
    orgId: z.string().min(1),
    /** A re-sync after a gap in listening (decision 024): lists whatever the poll cadence says. */
    force: z.boolean().optional(),
  }),
} as const;
export type JobName = keyof typeof jobCatalog;
export type JobPayload<N extends JobName> = z.infer<(typeof jobCatalog)[N]>;

export const RECONCILE_ATTEMPTS = 12;
export const BACKOFF_TYPE = 'wfm-capped-jitter';

export function dedupId(key: SyncKey): string {
  return `${key.orgId}/${key.kind}/${key.id}`;
}

/**
 * The enqueue policy, decided here and nowhere else. BullMQ deduplication with keepLastIfActive gives every key
 * at most one active and one waiting job: repeated events coalesce, and an event that lands while the key is
 * being reconciled still gets a run after it (no lost update).
 */
export function reconcileJobOptions(key: SyncKey, delayMs = 0): JobsOptions {
  return {
    deduplication: { id: dedupId(key), keepLastIfActive: true },
    attempts: RECONCILE_ATTEMPTS,
    backoff: { type: BACKOFF_TYPE },
    delay: delayMs > 0 ? delayMs : undefined,
    removeOnComplete: { age: 3_600, count: 5_000 },
    removeOnFail: { age: 7 * 86_400, count: 10_000 },
  };
}
