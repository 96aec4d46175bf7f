import { z } from 'zod';
import { type CommonEnv, checkClusterDatabase, commonShape, whenRedisSettingsValid } from './common.js';
import { flag, host, keyPrefix, port } from './fields.js';
import { type EnvSource, parseEnv, whenValid } from './parse.js';

const HOST_ENTRY =
  /^([a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(:\d{1,5})?$/;

/** Shorter passwords are refused: the dashboard can replay and purge dead letters. */
export const MIN_PASSWORD_LENGTH = 12;

const dashboardShape = {
  ...commonShape,
  PORT: port(9500),
  /** Interface to listen on when not loopback-only. */
  HOST: host,
  WFM_KEY_PREFIX: keyPrefix,
  DASHBOARD_USER: z
    .string()
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
};

type Credentials = {
  DASHBOARD_USER?: string | undefined;
  DASHBOARD_PASSWORD?: string | undefined;
  DASHBOARD_LOOPBACK_ONLY: boolean;
};

/** Both halves of the credentials, or neither with DASHBOARD_LOOPBACK_ONLY (decision 013). */
function checkCredentials(env: Credentials, ctx: z.RefinementCtx<Credentials>): void {
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
}

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

const dashboardSchema = z
  .object(dashboardShape)
  .superRefine(checkClusterDatabase, whenRedisSettingsValid)
  .superRefine(checkCredentials, whenValid('DASHBOARD_USER', 'DASHBOARD_PASSWORD', 'DASHBOARD_LOOPBACK_ONLY'))
  .transform(
    (env): DashboardSettings => ({
      REDIS_URL: env.REDIS_URL,
      REDIS_CLUSTER: env.REDIS_CLUSTER,
      TOPOLOGY_FILE: env.TOPOLOGY_FILE,
      LOG_LEVEL: env.LOG_LEVEL,
      SYNC_MODE: env.SYNC_MODE,
      PORT: env.PORT,
      listenHost: env.DASHBOARD_LOOPBACK_ONLY ? '127.0.0.1' : env.HOST,
      WFM_KEY_PREFIX: env.WFM_KEY_PREFIX,
      auth:
        env.DASHBOARD_USER !== undefined && env.DASHBOARD_PASSWORD !== undefined
          ? { mode: 'basic', user: env.DASHBOARD_USER, password: env.DASHBOARD_PASSWORD }
          : { mode: 'loopback-only' },
      allowedHosts: env.DASHBOARD_ALLOWED_HOSTS,
      queueWrites: env.DASHBOARD_QUEUE_WRITES,
    }),
  );

/** The variables the dashboard reads. */
export const DASHBOARD_VARIABLES: readonly string[] = Object.keys(dashboardShape);

/**
 * The dashboard's settings: the common variables plus its own. Credentials are required unless
 * DASHBOARD_LOOPBACK_ONLY is set; when it is, the dashboard listens on 127.0.0.1 (credentials, if given too, are
 * still checked). Throws ConfigError (main exits 78) naming every bad variable.
 */
export function loadDashboardSettings(env: EnvSource = process.env): DashboardSettings {
  return parseEnv(dashboardSchema, env);
}
