import type { QueueRegistry } from '@wfm-sync/pipeline';

/**
 * Sheds load when a region's backlog (jobs waiting, across its queues) passes a limit. Counts are sampled in the
 * background, so a webhook never pays for them.
 */
export class BacklogMonitor {
  private readonly backlog = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly queues: QueueRegistry,
    private readonly queuesByRegion: ReadonlyMap<string, readonly string[]>,
    readonly limit: number,
  ) {}

  start(everyMs = 1_000): void {
    const tick = () => {
      void this.sample().catch(() => {
        // Redis trouble shows up as 503s on the webhook itself; the last sample stays in force.
      });
    };
    tick();
    this.timer = setInterval(tick, everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async sample(): Promise<void> {
    for (const [region, names] of this.queuesByRegion) {
      const counts = await Promise.all(names.map((name) => this.queues.get(name).getWaitingCount()));
      this.backlog.set(
        region,
        counts.reduce((a, b) => a + b, 0),
      );
    }
  }

  overLimit(region: string): boolean {
    return (this.backlog.get(region) ?? 0) > this.limit;
  }

  current(): ReadonlyMap<string, number> {
    return this.backlog;
  }
}
