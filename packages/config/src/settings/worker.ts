import { z } from 'zod';
import { REGIONS } from '../regions.js';
import { checkClusterDatabase, commonShape, whenRedisSettingsValid } from './common.js';
import { host, integer, keyPrefix, milliseconds, port, testHook } from './fields.js';
import { type EnvSource, parseEnv } from './parse.js';

const region = z.enum([...REGIONS, 'all'], {
  error: (issue) =>
    issue.input === undefined
      ? 'is required: a Genesys Cloud region or all'
      : `must be all or one of the Genesys Cloud regions: ${REGIONS.join(', ')}`,
});

const workerShape = {
  ...commonShape,
  PORT: port(9464),
  HOST: host,
  REGION: region,
  WFM_KEY_PREFIX: keyPrefix,
  WORKER_CONCURRENCY: integer(1, 256).default(8),
  WORKER_LOCK_DURATION_MS: milliseconds(30_000),
  WORKER_STALLED_INTERVAL_MS: milliseconds(15_000),
  TRUNK_POLL_EVERY_MS: milliseconds(2_000),
  /** Listing cadence of an org that listens to notifications and has no agent write pending (decision 024). */
  TRUNK_SAFETY_POLL_MS: milliseconds(300_000),
  SWEEP_EVERY_MS: milliseconds(2_000),
  LEASE_TTL_MS: milliseconds(30_000),
  TRUNK_HEALTH_MAX_AGE_MS: milliseconds(4_000),
  DRIFT_CHECK_MS: milliseconds(300_000),
  DRY_RUN_RECHECK_MS: milliseconds(60_000),
  GENESYS_TIMEOUT_MS: milliseconds(10_000),
  /** Test hook: `1` makes the worker SIGKILL itself right after a time-off create returned, before storing its id. */
  WFM_TEST_CRASH_AFTER_CREATE: testHook,
};

const workerSchema = z.object(workerShape).superRefine(checkClusterDatabase, whenRedisSettingsValid);

/** The variables a worker reads. */
export const WORKER_VARIABLES: readonly string[] = Object.keys(workerShape);

export type WorkerSettings = z.output<typeof workerSchema>;

/** A worker's settings: the common variables, its REGION and its tuning. Throws ConfigError naming every bad variable. */
export function loadWorkerSettings(env: EnvSource = process.env): WorkerSettings {
  return parseEnv(workerSchema, env);
}
