export interface LogSamplerOptions {
  /** Lines let through per key and window. @defaultValue 10 */
  linesPerWindow?: number;
  /** @defaultValue 1000 */
  windowMs?: number;
  /** Called once per key and window in which lines were held back, at the end of that window. */
  onSuppressed(key: string, suppressed: number): void;
  /** @defaultValue Date.now */
  now?: () => number;
  /** Runs `flush` after `ms`; must not keep the process alive. @defaultValue an unref'd setTimeout */
  schedule?: (flush: () => void, ms: number) => void;
}

interface Window {
  startedAt: number;
  logged: number;
  suppressed: number;
  flushScheduled: boolean;
}

/**
 * At most `linesPerWindow` log lines per key (a status) and window; the lines held back are counted and reported
 * in one summary line per window. Only logging is sampled: callers count metrics before asking.
 */
export class LogSampler {
  private readonly windows = new Map<string, Window>();
  private readonly linesPerWindow: number;
  private readonly windowMs: number;
  private readonly now: () => number;
  private readonly schedule: (flush: () => void, ms: number) => void;

  constructor(private readonly options: LogSamplerOptions) {
    this.linesPerWindow = options.linesPerWindow ?? 10;
    this.windowMs = options.windowMs ?? 1000;
    this.now = options.now ?? Date.now;
    this.schedule =
      options.schedule ??
      ((flush, ms) => {
        setTimeout(flush, ms).unref();
      });
  }

  /** True when this line may be written; false when it is held back (and counted). */
  take(key: string): boolean {
    const now = this.now();
    let window = this.windows.get(key);
    if (window === undefined || now - window.startedAt >= this.windowMs) {
      if (window !== undefined) this.report(key, window);
      window = { startedAt: now, logged: 0, suppressed: 0, flushScheduled: false };
      this.windows.set(key, window);
    }
    if (window.logged < this.linesPerWindow) {
      window.logged += 1;
      return true;
    }
    window.suppressed += 1;
    if (!window.flushScheduled) {
      window.flushScheduled = true;
      const current = window;
      this.schedule(() => this.report(key, current), Math.max(0, current.startedAt + this.windowMs - now));
    }
    return false;
  }

  /** Reports every count held back so far (on close). */
  flush(): void {
    for (const [key, window] of this.windows) this.report(key, window);
  }

  private report(key: string, window: Window): void {
    if (window.suppressed === 0) return;
    const suppressed = window.suppressed;
    window.suppressed = 0;
    this.options.onSuppressed(key, suppressed);
  }
}
