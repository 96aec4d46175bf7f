import { type IngestEnv, loadIngestEnv } from '@wfm-sync/config';
import { z } from 'zod';

/** Ingest settings beyond operator-interface.md (optional, with defaults). */
const ingestExtrasSchema = z.object({
  /** Redis key namespace; tests give each run its own. */
  WFM_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+$/)
    .default('wfm'),
  INGEST_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
  /** Jobs waiting in one region before webhooks for it get 503. */
  INGEST_BACKLOG_LIMIT: z.coerce.number().int().min(1).default(100_000),
  /**
   * Redis time one webhook may spend (docs/decisions/018): also each command's timeout on ingest's connection.
   * A webhook still waiting on Redis when it runs out is answered 503 with Retry-After.
   */
  INGEST_REDIS_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(2_000),
  /** Webhooks held at once (from the first byte until their Redis work settles); more are answered 503 at once. */
  INGEST_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(100_000).default(64),
  WEBHOOK_ID_TTL_S: z.coerce.number().int().min(60).default(86_400),
  SWEEP_AFTER_MS: z.coerce.number().int().min(100).default(10_000),
  /** Test hook (issue: "killing ingest between storing state and enqueuing"): SIGKILL itself right there. */
  WFM_TEST_CRASH_AFTER_STORE: z.enum(['0', '1']).default('0'),
});

export type IngestSettings = IngestEnv & z.infer<typeof ingestExtrasSchema>;

export function loadIngestSettings(env: NodeJS.ProcessEnv = process.env): IngestSettings {
  const base = loadIngestEnv(env);
  const extras = ingestExtrasSchema.safeParse(env);
  if (!extras.success) {
    const problems = extras.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid ingest environment: ${problems}`);
  }
  return { ...base, ...extras.data };
}
