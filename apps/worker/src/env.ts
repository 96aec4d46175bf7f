import { loadWorkerEnv, type WorkerEnv } from '@wfm-sync/config';
import { z } from 'zod';

const ms = (fallback: number) => z.coerce.number().int().min(50).default(fallback);

/** Worker settings beyond docs/configuration.md (optional, with defaults). */
const workerExtrasSchema = z.object({
  WFM_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+$/)
    .default('wfm'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  WORKER_LOCK_DURATION_MS: ms(30_000),
  WORKER_STALLED_INTERVAL_MS: ms(15_000),
  TRUNK_POLL_EVERY_MS: ms(2_000),
  SWEEP_EVERY_MS: ms(2_000),
  LEASE_TTL_MS: ms(30_000),
  TRUNK_HEALTH_MAX_AGE_MS: ms(4_000),
  DRIFT_CHECK_MS: ms(300_000),
  DRY_RUN_RECHECK_MS: ms(60_000),
  GENESYS_TIMEOUT_MS: ms(10_000),
  /** Test hook: `1` makes the worker SIGKILL itself right after a time-off create returned, before storing its id. */
  WFM_TEST_CRASH_AFTER_CREATE: z
    .enum(['0', '1'])
    .default('0')
    .transform((value) => value === '1'),
});

export type WorkerSettings = WorkerEnv & z.infer<typeof workerExtrasSchema>;

export function loadWorkerSettings(env: NodeJS.ProcessEnv = process.env): WorkerSettings {
  const base = loadWorkerEnv(env);
  const extras = workerExtrasSchema.safeParse(env);
  if (!extras.success) {
    const problems = extras.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid worker environment: ${problems}`);
  }
  return { ...base, ...extras.data };
}
