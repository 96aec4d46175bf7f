export interface WindowTake {
  allowed: boolean;
  /** Requests counted in the current window, this one included. */
  count: number;
  limit: number;
  /** Milliseconds until the window resets. */
  resetInMs: number;
}

/**
 * A fixed-window budget (Genesys counts per minute, not per sliding interval): the window opens with the
 * first request and allows `limit` requests until it ends.
 */
export class FixedWindowBudget {
  private windowStart = Number.NEGATIVE_INFINITY;
  private count = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  take(now: number): WindowTake {
    if (now >= this.windowStart + this.windowMs) {
      this.windowStart = now;
      this.count = 0;
    }
    this.count += 1;
    return {
      allowed: this.count <= this.limit,
      count: this.count,
      limit: this.limit,
      resetInMs: this.windowStart + this.windowMs - now,
    };
  }
}
