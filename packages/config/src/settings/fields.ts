import { z } from 'zod';

// Field schemas shared by every process's settings. Messages never repeat the value: REDIS_URL may carry a
// password, WEBHOOK_SECRETS and DASHBOARD_PASSWORD are secrets.

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** `1`, `true`, `0` or `false` (any case) as a boolean. */
export const flag = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(['1', 'true', '0', 'false'], { error: 'must be 1, true, 0 or false' }))
  .transform((value) => value === '1' || value === 'true');

export const logLevel = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }));

const isRedisUrl = (value: string): boolean => {
  if (!URL.canParse(value)) return false;
  const { protocol } = new URL(value);
  return protocol === 'redis:' || protocol === 'rediss:';
};

export const redisUrl = z.string().refine(isRedisUrl, 'must be a redis:// or rediss:// URL');

/** A TCP port, 0 (any free port) to 65535. */
export function port(defaultPort: number) {
  return z
    .string()
    .trim()
    .regex(/^\d{1,5}$/, 'must be a port number 0..65535')
    .transform(Number)
    .pipe(z.int().max(65535, 'must be a port number 0..65535'))
    .default(defaultPort);
}

/** The interface a process listens on. */
export const host = z.string().trim().min(1, 'is empty').default('0.0.0.0');

/** The Redis namespace of a deployment: part of every key and queue name. */
export const keyPrefix = z
  .string()
  .regex(/^[A-Za-z0-9_.-]+$/, 'may contain only letters, digits, ".", "_" and "-"')
  .default('wfm');

/** A whole number from `min` (to `max`), as numbers were always read here (`Number(value)`). */
export function integer(min: number, max?: number) {
  const range = max === undefined ? `at least ${min}` : `from ${min} to ${max}`;
  const message = `must be a whole number ${range}`;
  const atLeast = z.coerce.number({ error: message }).int(message).min(min, message);
  return max === undefined ? atLeast : atLeast.max(max, message);
}

/** Milliseconds, at least 50 (worker timings). */
export function milliseconds(defaultMs: number) {
  return integer(50).default(defaultMs);
}

/** A test hook: `1` turns it on. Never set in a deployment. */
export const testHook = z
  .enum(['0', '1'], { error: 'must be 0 or 1' })
  .default('0')
  .transform((value) => value === '1');
