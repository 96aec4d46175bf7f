import { type CommonEnv, ConfigError, type ConfigIssue, loadCommonEnv } from '@wfm-sync/config';
import { z } from 'zod';

const HOST_ENTRY =
  /^([a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(:\d{1,5})?$/;

/** Shorter passwords are refused: the dashboard can replay and purge dead letters. */
export const MIN_PASSWORD_LENGTH = 12;

const flag = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(['1', 'true', '0', 'false'], { error: 'must be 1, true, 0 or false' }))
  .transform((value) => value === '1' || value === 'true');

// Messages never repeat a value: DASHBOARD_PASSWORD is a secret.
const dashboardEnvSchema = z
  .object({
    PORT: z
      .string()
      .trim()
      .regex(/^\d{1,5}$/, 'must be a port number 0..65535')
      .transform(Number)
      .pipe(z.int().max(65535, 'must be a port number 0..65535'))
      .default(9500),
    /** Interface to listen on when not loopback-only. */
    HOST: z.string().min(1).default('0.0.0.0'),
    WFM_KEY_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+$/, 'may hold only letters, digits, _ . -')
      .default('wfm'),
    DASHBOARD_USER: z
      .string()
      .min(1, 'is empty')
      .max(128, 'is longer than 128 characters')
      .refine(
        (user) => !user.includes(':'),
        'must not contain ":" (HTTP Basic separates user and password by it)',
      )
      .optional(),
    DASHBOARD_PASSWORD: z
      .string()
      .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
      .max(1024, 'is longer than 1024 characters')
      .optional(),
    DASHBOARD_LOOPBACK_ONLY: flag.default(false),
    /**
     * Host names (and ports) operators reach the dashboard by, besides 127.0.0.1, localhost and [::1] on PORT:
     * comma-separated, as browsers send them in Host (`dashboard.example.com`, `dashboard:9500`).
     */
    DASHBOARD_ALLOWED_HOSTS: z
      .string()
      .transform((value) =>
        value
          .split(',')
          .map((entry) => entry.trim().toLowerCase())
          .filter((entry) => entry !== ''),
      )
      .pipe(
        z.array(
          z
            .string()
            .regex(
              HOST_ENTRY,
              'must be comma-separated host names or host:port (no scheme or path), for example dashboard.example.com,dashboard:9500',
            ),
        ),
      )
      .default([]),
    /** bull-board's write actions (retry, clean, pause, add, obliterate…): off unless set. */
    DASHBOARD_QUEUE_WRITES: flag.default(false),
  })
  .superRefine((env, ctx) => {
    const hasUser = env.DASHBOARD_USER !== undefined;
    const hasPassword = env.DASHBOARD_PASSWORD !== undefined;
    if (hasUser && !hasPassword)
      ctx.addIssue({
        code: 'custom',
        path: ['DASHBOARD_PASSWORD'],
        message: 'is required with DASHBOARD_USER',
      });
    if (hasPassword && !hasUser)
      ctx.addIssue({
        code: 'custom',
        path: ['DASHBOARD_USER'],
        message: 'is required with DASHBOARD_PASSWORD',
      });
    if (!hasUser && !hasPassword && !env.DASHBOARD_LOOPBACK_ONLY) {
      ctx.addIssue({
        code: 'custom',
        path: ['DASHBOARD_USER'],
        message:
          'DASHBOARD_USER and DASHBOARD_PASSWORD are required: the dashboard has no default password. ' +
          'Set both (HTTP Basic credentials), or set DASHBOARD_LOOPBACK_ONLY=1 to serve 127.0.0.1 only, without authentication',
      });
    }
  });

/** How requests are authenticated: HTTP Basic, or nobody but this host (loopback-only, no credentials). */
export type DashboardAuth =
  | { mode: 'basic'; user: string; password: string }
  | { mode: 'loopback-only'; user?: undefined; password?: undefined };

export interface DashboardSettings
  extends Pick<CommonEnv, 'REDIS_URL' | 'REDIS_CLUSTER' | 'TOPOLOGY_FILE' | 'LOG_LEVEL' | 'SYNC_MODE'> {
  PORT: number;
  /** Where to listen: 127.0.0.1 when loopback-only, else HOST. */
  listenHost: string;
  WFM_KEY_PREFIX: string;
  auth: DashboardAuth;
  /** Public host names besides loopback on PORT (DASHBOARD_ALLOWED_HOSTS). */
  allowedHosts: string[];
  /** DASHBOARD_QUEUE_WRITES: bull-board's write actions enabled. */
  queueWrites: boolean;
}

/**
 * The dashboard's environment: docs/configuration.md's common variables plus its own. Credentials
 * are required unless DASHBOARD_LOOPBACK_ONLY is set; when it is, the dashboard listens on 127.0.0.1
 * (credentials, if given too, are still checked). Throws ConfigError (mains exit 78) naming every problem.
 */
export function loadDashboardSettings(env: NodeJS.ProcessEnv = process.env): DashboardSettings {
  const issues: ConfigIssue[] = [];
  let common: CommonEnv | undefined;
  try {
    common = loadCommonEnv(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    issues.push(...error.issues);
  }
  const own = dashboardEnvSchema.safeParse(env);
  if (!own.success) {
    issues.push(...own.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })));
  }
  if (issues.length > 0 || common === undefined || !own.success) throw new ConfigError('environment', issues);

  const { DASHBOARD_USER, DASHBOARD_PASSWORD, DASHBOARD_LOOPBACK_ONLY } = own.data;
  const auth: DashboardAuth =
    DASHBOARD_USER !== undefined && DASHBOARD_PASSWORD !== undefined
      ? { mode: 'basic', user: DASHBOARD_USER, password: DASHBOARD_PASSWORD }
      : { mode: 'loopback-only' };
  return {
    REDIS_URL: common.REDIS_URL,
    REDIS_CLUSTER: common.REDIS_CLUSTER,
    TOPOLOGY_FILE: common.TOPOLOGY_FILE,
    LOG_LEVEL: common.LOG_LEVEL,
    SYNC_MODE: common.SYNC_MODE,
    PORT: own.data.PORT,
    listenHost: DASHBOARD_LOOPBACK_ONLY ? '127.0.0.1' : own.data.HOST,
    WFM_KEY_PREFIX: own.data.WFM_KEY_PREFIX,
    auth,
    allowedHosts: own.data.DASHBOARD_ALLOWED_HOSTS,
    queueWrites: own.data.DASHBOARD_QUEUE_WRITES,
  };
}
