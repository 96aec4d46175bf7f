import { ConfigError, type ConfigIssue, type IngestEnv, loadIngestEnv } from '@wfm-sync/config';
import { z } from 'zod';

/** Seconds: twice the 5-minute timestamp tolerance of the signature check (docs/webhooks.md). */
export const MIN_WEBHOOK_ID_TTL_S = 2 * 5 * 60;

/** Ingest settings beyond docs/configuration.md (optional, with defaults). */
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
  /**
   * A webhook-id must be remembered at least as long as a replay of it passes the signature check: the
   * timestamp tolerance either side of now (2 × 5 minutes), else a captured delivery can be replayed.
   */
  WEBHOOK_ID_TTL_S: z.coerce
    .number()
    .int()
    .min(
      MIN_WEBHOOK_ID_TTL_S,
      `must be at least ${MIN_WEBHOOK_ID_TTL_S} seconds: twice the 5-minute timestamp tolerance, so a replayed delivery is still recognised`,
    )
    .default(86_400),
  SWEEP_AFTER_MS: z.coerce.number().int().min(100).default(10_000),
  /** Test hook (issue: "killing ingest between storing state and enqueuing"): SIGKILL itself right there. */
  WFM_TEST_CRASH_AFTER_STORE: z.enum(['0', '1']).default('0'),
});

export type IngestSettings = IngestEnv & z.infer<typeof ingestExtrasSchema>;

/** Throws ConfigError (main exits 78) naming every bad variable, common and ingest's own alike. */
export function loadIngestSettings(env: NodeJS.ProcessEnv = process.env): IngestSettings {
  const issues: ConfigIssue[] = [];
  let base: IngestEnv | undefined;
  try {
    base = loadIngestEnv(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    issues.push(...error.issues);
  }
  const extras = ingestExtrasSchema.safeParse(env);
  if (!extras.success) {
    issues.push(...extras.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  }
  if (issues.length > 0 || base === undefined || !extras.success)
    throw new ConfigError('environment', issues);
  return { ...base, ...extras.data };
}
