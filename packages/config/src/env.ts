import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from './config-error.js';
import { REGIONS } from './regions.js';
import { configIssuesFromZod } from './zod-issues.js';

/** The process environment as the operator sets it (operator-interface.md, "Environment"). */
export type EnvSource = NodeJS.ProcessEnv;

const ENV_SOURCE = 'environment';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const isRedisUrl = (value: string): boolean => {
  if (!URL.canParse(value)) return false;
  const { protocol } = new URL(value);
  return protocol === 'redis:' || protocol === 'rediss:';
};

// Messages never repeat the value: REDIS_URL may carry a password, WEBHOOK_SECRETS are secrets.
const redisUrl = z
  .string()
  .refine(isRedisUrl, 'must be a redis:// or rediss:// URL')
  .default('redis://127.0.0.1:6379');

const flag = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(['1', 'true', '0', 'false'], { error: 'must be 1, true, 0 or false' }))
  .transform((value) => value === '1' || value === 'true');

const logLevel = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }));

function port(defaultPort: number) {
  return z
    .string()
    .trim()
    .regex(/^\d{1,5}$/, 'must be a port number 0..65535')
    .transform(Number)
    .pipe(z.int().max(65535, 'must be a port number 0..65535'))
    .default(defaultPort);
}

function required(what: string) {
  return (issue: { input?: unknown }) => (issue.input === undefined ? `is required: ${what}` : undefined);
}

const WEBHOOK_SECRET =
  /^whsec_(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/;

const webhookSecrets = z
  .string({
    error: required('comma-separated whsec_<base64> secrets, or WEBHOOK_SECRETS_FILE naming a file of them'),
  })
  .transform((value, ctx) => {
    const entries = value.split(',').map((entry) => entry.trim());
    entries.forEach((entry, index) => {
      if (!WEBHOOK_SECRET.test(entry)) {
        // Position only: the entry itself is a secret (or a typo of one).
        ctx.addIssue({
          code: 'custom',
          message: `entry ${index + 1} of ${entries.length} is ${entry === '' ? 'empty' : 'not of the form whsec_<base64>'}`,
        });
      }
    });
    return entries;
  });

const region = z.enum([...REGIONS, 'all'], {
  error: (issue) =>
    issue.input === undefined
      ? 'is required: a Genesys Cloud region or all'
      : `must be all or one of the Genesys Cloud regions: ${REGIONS.join(', ')}`,
});

const commonEnvShape = {
  REDIS_URL: redisUrl,
  REDIS_CLUSTER: flag.default(false),
  TOPOLOGY_FILE: z.string().default('./topology.json'),
  LOG_LEVEL: logLevel.default('info'),
  SYNC_MODE: z.enum(['live', 'dry-run'], { error: 'must be live or dry-run' }).default('live'),
};

type RedisSettings = { REDIS_URL: string; REDIS_CLUSTER: boolean };

/** Redis Cluster serves database 0 only: a database number in the URL would be silently ignored. */
function checkClusterDatabase(env: RedisSettings, ctx: z.RefinementCtx<RedisSettings>): void {
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

// Runs even when unrelated variables are bad, so one start reports every bad variable.
const whenRedisSettingsValid = {
  when: (payload: { issues: readonly { path?: readonly PropertyKey[] | undefined }[] }) =>
    !payload.issues.some((issue) => issue.path?.[0] === 'REDIS_URL' || issue.path?.[0] === 'REDIS_CLUSTER'),
};

export const commonEnvSchema = z
  .object(commonEnvShape)
  .superRefine(checkClusterDatabase, whenRedisSettingsValid);

export const ingestEnvSchema = z
  .object({ ...commonEnvShape, PORT: port(8080), WEBHOOK_SECRETS: webhookSecrets })
  .superRefine(checkClusterDatabase, whenRedisSettingsValid);

export const workerEnvSchema = z
  .object({ ...commonEnvShape, PORT: port(9464), REGION: region })
  .superRefine(checkClusterDatabase, whenRedisSettingsValid);

export type CommonEnv = z.output<typeof commonEnvSchema>;
/** `WEBHOOK_SECRETS` is the list of full `whsec_...` strings, in the configured order. */
export type IngestEnv = z.output<typeof ingestEnvSchema>;
export type WorkerEnv = z.output<typeof workerEnvSchema>;

export function loadCommonEnv(env: EnvSource = process.env): CommonEnv {
  return parseEnv(commonEnvSchema, env);
}

/**
 * Ingest's environment. The webhook secrets come from `WEBHOOK_SECRETS` or, for a mounted secret, from the file
 * `WEBHOOK_SECRETS_FILE` names (secrets separated by commas or new lines): exactly one of the two.
 */
export function loadIngestEnv(env: EnvSource = process.env): IngestEnv {
  const fromFile = env.WEBHOOK_SECRETS_FILE !== undefined && env.WEBHOOK_SECRETS_FILE !== '';
  try {
    return parseEnv(ingestEnvSchema, withWebhookSecretsFromFile(env));
  } catch (error) {
    // A bad entry read from the file is the file's problem: name the variable the operator set.
    if (!fromFile || !(error instanceof ConfigError)) throw error;
    throw new ConfigError(
      ENV_SOURCE,
      error.issues.map((issue) =>
        issue.path === 'WEBHOOK_SECRETS' ? { ...issue, path: 'WEBHOOK_SECRETS_FILE' } : issue,
      ),
    );
  }
}

function withWebhookSecretsFromFile(env: EnvSource): EnvSource {
  const file = env.WEBHOOK_SECRETS_FILE;
  if (file === undefined || file === '') return env;
  const fail = (message: string): never => {
    throw new ConfigError(ENV_SOURCE, [{ path: 'WEBHOOK_SECRETS_FILE', message }]);
  };
  if (env.WEBHOOK_SECRETS !== undefined && env.WEBHOOK_SECRETS !== '')
    fail('is set together with WEBHOOK_SECRETS: set exactly one of the two');
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    fail(`cannot read ${file} (${code})`);
  }
  // Content never goes into a message: the entries are secrets.
  const entries = text
    .split(/[\n,]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) fail(`${file} holds no secret`);
  return { ...env, WEBHOOK_SECRETS: entries.join(','), WEBHOOK_SECRETS_FILE: undefined };
}

export function loadWorkerEnv(env: EnvSource = process.env): WorkerEnv {
  return parseEnv(workerEnvSchema, env);
}

function parseEnv<S extends z.ZodType>(schema: S, env: EnvSource): z.output<S> {
  const result = schema.safeParse(withoutEmptyValues(env));
  if (!result.success) throw new ConfigError(ENV_SOURCE, configIssuesFromZod(result.error));
  return result.data;
}

/** `VAR=` (as compose files and shells often leave it) means "not set", so the default applies. */
function withoutEmptyValues(env: EnvSource): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && value !== '') out[name] = value;
  }
  return out;
}
