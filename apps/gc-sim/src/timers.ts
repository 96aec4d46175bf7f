/**
 * Every timer the simulator starts goes through one of these, so that close() can stop all background
 * activity and pending delays at once.
 */
export class Timers {
  private readonly handles = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly onError: (error: unknown, what: string) => void) {}

  get isClosed(): boolean {
    return this.closed;
  }

  /** Runs `fn` once after `ms`; errors go to `onError` (never lost, never crashing the process). */
  after(ms: number, what: string, fn: () => void): NodeJS.Timeout | undefined {
    if (this.closed) return undefined;
    const handle = setTimeout(() => {
      this.handles.delete(handle);
      try {
        fn();
      } catch (error) {
        this.onError(error, what);
      }
    }, ms);
    this.handles.add(handle);
    return handle;
  }

  cancel(handle: NodeJS.Timeout | undefined): void {
    if (handle === undefined) return;
    clearTimeout(handle);
    this.handles.delete(handle);
  }

  /** Resolves after `ms`; never resolves once closed (the request it delays is being torn down). */
  sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.after(ms, 'sleep', resolve);
    });
  }

  close(): void {
    this.closed = true;
    for (const handle of this.handles) clearTimeout(handle);
    this.handles.clear();
  }
}
