import { conflictAsSuccess } from '../baselines/conflict-as-success.js';
import { fixedDelay } from '../baselines/fixed-delay.js';
import { retryBackoff } from '../baselines/retry-backoff.js';
import { serialSleep } from '../baselines/serial-sleep.js';
import type { StrategyName } from './names.js';
import type { Strategy } from './types.js';
import { wfmSync } from './wfm-sync.js';

/** Every strategy by name; a missing one is a compile error. */
export const STRATEGIES: Record<StrategyName, Strategy> = {
  'wfm-sync': wfmSync,
  'serial-sleep': serialSleep,
  'fixed-delay': fixedDelay,
  'retry-backoff': retryBackoff,
  'conflict-as-success': conflictAsSuccess,
};
