import type { Strategy } from '../strategies/types.js';
import { startPacedBaseline } from './paced-writes.js';

/**
 * Baseline 2: writes go out in parallel (nobody waits for an answer), one every 500 ms: a fixed delay per request
 * as the rate limiter. A failed write is logged and forgotten.
 */
export const fixedDelay: Strategy = {
  name: 'fixed-delay',
  start: (env) => startPacedBaseline(env, { awaitEachWrite: false, delayMs: 500 }),
};
