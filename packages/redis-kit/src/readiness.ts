import type { RedisConnection } from './connection.js';

export interface RedisReadiness {
  ok: boolean;
  checks: Record<string, boolean | string>;
}

/** `/readyz` for a process whose work needs Redis: ready when Redis answers and `extra` checks pass. */
export async function redisReadiness(
  redis: RedisConnection,
  extra: Record<string, boolean | string> = {},
): Promise<RedisReadiness> {
  let redisCheck: boolean | string;
  try {
    redisCheck = (await redis.ping()) === 'PONG';
  } catch (error) {
    redisCheck = error instanceof Error ? error.message : 'unreachable';
  }
  const checks = { redis: redisCheck, ...extra };
  return { ok: redisCheck === true && Object.values(extra).every((c) => c !== false), checks };
}
