import type { Strategy } from '../strategies/types.js';
import { startPacedBaseline } from './paced-writes.js';

/** Baseline 1: one write at a time, in arrival order, with `sleep(1000)` after each, to stay "safely" under 429s. */
export const serialSleep: Strategy = {
  name: 'serial-sleep',
  start: (env) => startPacedBaseline(env, { awaitEachWrite: true, delayMs: 1_000 }),
};
