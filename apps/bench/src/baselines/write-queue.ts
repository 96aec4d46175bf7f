import type { BaselineWrite } from './sync-model.js';

/** Writes in arrival order, and a way to wait for the next one. */
export class WriteQueue {
  private readonly items: BaselineWrite[] = [];
  private wake: (() => void) | undefined;

  get length(): number {
    return this.items.length;
  }

  push(writes: readonly BaselineWrite[]): void {
    this.items.push(...writes);
    this.wake?.();
  }

  /** The next write, or undefined once `signal` is aborted. */
  async next(signal: AbortSignal): Promise<BaselineWrite | undefined> {
    while (!signal.aborted) {
      const item = this.items.shift();
      if (item) return item;
      await new Promise<void>((resolve) => {
        const onAbort = () => resolve();
        this.wake = () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        };
        signal.addEventListener('abort', onAbort, { once: true });
      });
      this.wake = undefined;
    }
    return undefined;
  }
}
