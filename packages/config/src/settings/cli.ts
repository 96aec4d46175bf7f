import { z } from 'zod';
import { checkClusterDatabase, commonShape, whenRedisSettingsValid } from './common.js';
import { keyPrefix } from './fields.js';
import { type EnvSource, parseEnv } from './parse.js';

const cliShape = { ...commonShape, WFM_KEY_PREFIX: keyPrefix };

const cliSchema = z.object(cliShape).superRefine(checkClusterDatabase, whenRedisSettingsValid);

/** The variables the CLI reads. */
export const CLI_VARIABLES: readonly string[] = Object.keys(cliShape);

export type CliSettings = z.output<typeof cliSchema>;

/** The processes' common variables plus the deployment's key prefix. Throws ConfigError naming every bad variable. */
export function loadCliSettings(env: EnvSource = process.env): CliSettings {
  return parseEnv(cliSchema, env);
}
