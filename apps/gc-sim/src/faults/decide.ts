import type { Prng } from '../prng.js';
import type { FaultProfile } from './profile.js';

export type FaultOutcome =
  | { kind: 'none' }
  | { kind: 'error5xx'; status: 502 | 503 | 504 }
  | { kind: 'timeout'; holdMs: number }
  | { kind: 'drop' }
  | { kind: 'concurrentModification' };

export type FaultKind = FaultOutcome['kind'];

const SERVER_ERROR_STATUSES = [502, 503, 504] as const;

/**
 * The transport fault (or none) for one API request. Always consumes the same number of draws, so the
 * sequence of outcomes for a seed does not depend on which faults are switched on.
 */
export function decideFault(
  prng: Prng,
  profile: FaultProfile,
  request: { stateChanging: boolean; now: number },
): FaultOutcome {
  const transport = prng.next();
  const statusPick = prng.next();
  const modification = prng.next();

  let threshold = profile.error5xxRate;
  if (transport < threshold) {
    return { kind: 'error5xx', status: SERVER_ERROR_STATUSES[Math.floor(statusPick * 3)] ?? 503 };
  }
  threshold += profile.timeoutRate;
  if (transport < threshold) return { kind: 'timeout', holdMs: profile.timeoutHoldMs };
  threshold += profile.dropConnectionRate;
  if (transport < threshold) return { kind: 'drop' };

  const window = profile.concurrentModification;
  const windowOpen = window.untilMs === undefined || request.now < window.untilMs;
  if (request.stateChanging && windowOpen && modification < window.rate)
    return { kind: 'concurrentModification' };
  return { kind: 'none' };
}
