/**
 * Slows password guessing per client address and user name, without ever locking anyone out
 * (docs/decisions/019): after failures, every attempt of that pair waits, doubling from BASE_DELAY_MS up to
 * MAX_DELAY_MS, then is checked as usual. Operators often share one proxy address, so a lockout would let
 * anyone behind it lock them out; a bounded delay only makes guessing slow.
 */
export const BASE_DELAY_MS = 250;
export const MAX_DELAY_MS = 8_000;
/** Failures older than this are forgotten. */
export const FORGET_AFTER_MS = 15 * 60_000;
/** Pairs remembered at most (oldest dropped first), so guessing with many user names cannot grow memory. */
export const MAX_TRACKED = 10_000;
/** A user name is cut to this length before it becomes part of a key. */
const MAX_USER_LENGTH = 128;

interface Failures {
  count: number;
  lastAt: number;
}

export interface LoginBackoffOptions {
  /** @defaultValue Date.now */
  now?: () => number;
}

export class LoginBackoff {
  private readonly failures = new Map<string, Failures>();
  private readonly now: () => number;

  constructor(options: LoginBackoffOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  /** How long the next attempt of this pair waits before it is checked: 0 without recent failures. */
  delayMs(ip: string, user: string): number {
    const entry = this.entry(ip, user);
    if (entry === undefined) return 0;
    return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.min(entry.count - 1, 16));
  }

  failed(ip: string, user: string): void {
    const key = keyOf(ip, user);
    const count = (this.entry(ip, user)?.count ?? 0) + 1;
    // Re-inserted, so Map order is oldest-failure-first and eviction drops the stalest pair.
    this.failures.delete(key);
    this.failures.set(key, { count, lastAt: this.now() });
    while (this.failures.size > MAX_TRACKED) {
      const oldest = this.failures.keys().next().value;
      if (oldest === undefined) break;
      this.failures.delete(oldest);
    }
  }

  succeeded(ip: string, user: string): void {
    this.failures.delete(keyOf(ip, user));
  }

  /** Pairs currently remembered (tests check the bound). */
  get size(): number {
    return this.failures.size;
  }

  private entry(ip: string, user: string): Failures | undefined {
    const key = keyOf(ip, user);
    const entry = this.failures.get(key);
    if (entry !== undefined && this.now() - entry.lastAt > FORGET_AFTER_MS) {
      this.failures.delete(key);
      return undefined;
    }
    return entry;
  }
}

function keyOf(ip: string, user: string): string {
  return `${ip}\u0000${user.slice(0, MAX_USER_LENGTH)}`;
}
