import { z } from 'zod';
import { flag, logLevel, redisUrl } from './fields.js';
import { type EnvSource, parseEnv, whenValid } from './parse.js';

/** The variables every process reads (README, "Configuration"). */
export const commonShape = {
  REDIS_URL: redisUrl.default('redis://127.0.0.1:6379'),
  REDIS_CLUSTER: flag.default(false),
  TOPOLOGY_FILE: z.string().default('./topology.json'),
  LOG_LEVEL: logLevel.default('info'),
  SYNC_MODE: z.enum(['live', 'dry-run'], { error: 'must be live or dry-run' }).default('live'),
};

type RedisSettings = { REDIS_URL: string; REDIS_CLUSTER: boolean };

/** Redis Cluster serves database 0 only: a database number in the URL would be silently ignored. */
export function checkClusterDatabase(env: RedisSettings, ctx: z.RefinementCtx<RedisSettings>): void {
  if (!env.REDIS_CLUSTER) return;
  const database = new URL(env.REDIS_URL).pathname.replace(/^\//, '');
  if (database !== '' && database !== '0') {
    ctx.addIssue({
      code: 'custom',
      path: ['REDIS_URL'],
      message: 'names a database other than 0, which Redis Cluster does not have (REDIS_CLUSTER is on)',
    });
  }
}

/** `checkClusterDatabase`'s `when`: it reads REDIS_URL and REDIS_CLUSTER only. */
export const whenRedisSettingsValid = whenValid('REDIS_URL', 'REDIS_CLUSTER');

const commonSchema = z.object(commonShape).superRefine(checkClusterDatabase, whenRedisSettingsValid);

export type CommonEnv = z.output<typeof commonSchema>;

/** The variables every process reads, and nothing else. Throws ConfigError naming every bad variable. */
export function loadCommonEnv(env: EnvSource = process.env): CommonEnv {
  return parseEnv(commonSchema, env);
}
