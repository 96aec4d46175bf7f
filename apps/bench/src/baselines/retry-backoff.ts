import type { Strategy } from '../strategies/types.js';
import { startRetryingBaseline } from './retrying-writes.js';

/** Baseline 3: parallel writes, 409 and 429 retried with exponential backoff and jitter, never re-reading. */
export const retryBackoff: Strategy = {
  name: 'retry-backoff',
  start: (env) => startRetryingBaseline(env, 'retry'),
};
