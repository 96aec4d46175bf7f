import type { Strategy } from '../strategies/types.js';
import { startRetryingBaseline } from './retrying-writes.js';

/** Baseline 4: parallel writes that take a 409 as "someone already wrote it"; 429s are retried like baseline 3. */
export const conflictAsSuccess: Strategy = {
  name: 'conflict-as-success',
  start: (env) => startRetryingBaseline(env, 'success'),
};
