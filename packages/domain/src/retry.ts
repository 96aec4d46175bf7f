export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 60_000 };

/**
 * "Full jitter" exponential backoff with a cap (AWS architecture blog): uniform in [0, min(cap, base·2^(attempt-1))].
 * BullMQ's built-in exponential backoff has no cap and no jitter, so this is passed as its custom strategy.
 * `random` is injected so the arithmetic is testable.
 */
export function cappedFullJitter(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  return Math.floor(random() * ceiling);
}

/** Slow re-check of a parked key in case the trunk's recovery was never seen: 10 s, 20 s, … up to 5 min. */
export function parkRecheckDelayMs(timesParked: number): number {
  return Math.min(300_000, 10_000 * 2 ** Math.min(Math.max(timesParked - 1, 0), 5));
}
