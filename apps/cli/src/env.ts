import { type CommonEnv, ConfigError, loadCommonEnv } from '@wfm-sync/config';
import { z } from 'zod';

/** Same rule as the worker's WFM_KEY_PREFIX: it is part of every Redis key and queue name. */
const prefixSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.-]+$/, 'may contain only letters, digits, ".", "_" and "-"')
  .default('wfm');

export type CliEnv = CommonEnv & { WFM_KEY_PREFIX: string };

/** The processes' environment (docs/configuration.md) plus the deployment's key prefix; ConfigError when invalid. */
export function loadCliEnv(env: NodeJS.ProcessEnv): CliEnv {
  const common = loadCommonEnv(env);
  const prefix = prefixSchema.safeParse(env.WFM_KEY_PREFIX === '' ? undefined : env.WFM_KEY_PREFIX);
  if (!prefix.success) {
    throw new ConfigError('environment', [
      { path: 'WFM_KEY_PREFIX', message: prefix.error.issues[0]?.message ?? 'invalid' },
    ]);
  }
  return { ...common, WFM_KEY_PREFIX: prefix.data };
}
