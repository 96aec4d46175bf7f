import { z } from 'zod';
import { checkClusterDatabase, commonShape, whenRedisSettingsValid } from './common.js';
import { host, integer, keyPrefix, port, testHook } from './fields.js';
import { type EnvSource, parseEnv, whenValid } from './parse.js';
import { checkOneWebhookSecretsSource, webhookSecretsFile, webhookSecretsList } from './webhook-secrets.js';

/** Seconds: twice the 5-minute timestamp tolerance of the signature check (docs/webhooks.md). */
export const MIN_WEBHOOK_ID_TTL_S = 2 * 5 * 60;

const ingestShape = {
  ...commonShape,
  PORT: port(8080),
  HOST: host,
  /** Exactly one of the two (`checkOneWebhookSecretsSource`). */
  WEBHOOK_SECRETS: webhookSecretsList.optional(),
  WEBHOOK_SECRETS_FILE: webhookSecretsFile.optional(),
  /** Redis key namespace; tests give each run its own. */
  WFM_KEY_PREFIX: keyPrefix,
  INGEST_BODY_LIMIT_BYTES: integer(1024, 64 * 1024 * 1024).default(1024 * 1024),
  /** Jobs waiting in one region before webhooks for it get 503. */
  INGEST_BACKLOG_LIMIT: integer(1).default(100_000),
  /**
   * Redis time one webhook may spend (docs/decisions/018): also each command's timeout on ingest's connection.
   * A webhook still waiting on Redis when it runs out is answered 503 with Retry-After.
   */
  INGEST_REDIS_TIMEOUT_MS: integer(50, 60_000).default(2_000),
  /** Webhooks held at once (from the first byte until their Redis work settles); more are answered 503 at once. */
  INGEST_MAX_IN_FLIGHT: integer(1, 100_000).default(64),
  /**
   * A webhook-id must be remembered at least as long as a replay of it passes the signature check: the
   * timestamp tolerance either side of now (2 × 5 minutes), else a captured delivery can be replayed.
   */
  WEBHOOK_ID_TTL_S: z.coerce
    .number({ error: 'must be a whole number of seconds' })
    .int('must be a whole number of seconds')
    .min(
      MIN_WEBHOOK_ID_TTL_S,
      `must be at least ${MIN_WEBHOOK_ID_TTL_S} seconds: twice the 5-minute timestamp tolerance, so a replayed delivery is still recognised`,
    )
    .default(86_400),
  SWEEP_AFTER_MS: integer(100).default(10_000),
  /** Test hook (issue: "killing ingest between storing state and enqueuing"): SIGKILL itself right there. */
  WFM_TEST_CRASH_AFTER_STORE: testHook,
};

const ingestSchema = z
  .object(ingestShape)
  .superRefine(checkClusterDatabase, whenRedisSettingsValid)
  .superRefine(checkOneWebhookSecretsSource, whenValid('WEBHOOK_SECRETS', 'WEBHOOK_SECRETS_FILE'))
  .transform(({ WEBHOOK_SECRETS, WEBHOOK_SECRETS_FILE, ...settings }) => ({
    ...settings,
    /** The full `whsec_...` strings in the configured order, from whichever variable is set. */
    WEBHOOK_SECRETS: WEBHOOK_SECRETS ?? WEBHOOK_SECRETS_FILE ?? [],
  }));

/** The variables ingest reads. */
export const INGEST_VARIABLES: readonly string[] = Object.keys(ingestShape);

export type IngestSettings = z.output<typeof ingestSchema>;

/**
 * Ingest's settings: the common variables, its webhook secrets (`WEBHOOK_SECRETS` or, for a mounted secret, the
 * file `WEBHOOK_SECRETS_FILE` names: exactly one of the two) and its tuning. Throws ConfigError (main exits 78)
 * naming every bad variable.
 */
export function loadIngestSettings(env: EnvSource = process.env): IngestSettings {
  return parseEnv(ingestSchema, env);
}
