import type { QueueRegistry } from '@wfm-sync/pipeline';

/**
 * Sheds load when an org's backlog (jobs waiting, across its own queue and its routing groups' queues) passes a limit:
 * one org's storm never gets another org's webhooks refused (docs/decisions/025). Counts are sampled in the
 * background, so a webhook never pays for them.
 */
export class BacklogMonitor {
  private readonly backlog = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  /** @param queuesByOrg per org id, the queues its keys go to (`queuesOfRegion(…).byOrg`). */
  constructor(
    private readonly queues: QueueRegistry,
    private readonly queuesByOrg: ReadonlyMap<string, readonly string[]>,
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
    await Promise.all(
      [...this.queuesByOrg].map(async ([orgId, names]) => {
        const counts = await Promise.all(names.map((name) => this.queues.get(name).getWaitingCount()));
        this.backlog.set(
          orgId,
          counts.reduce((a, b) => a + b, 0),
        );
      }),
    );
  }

  overLimit(orgId: string): boolean {
    return (this.backlog.get(orgId) ?? 0) > this.limit;
  }

  /** The last sampled backlog per org id. */
  current(): ReadonlyMap<string, number> {
    return this.backlog;
  }
}

/** Per org id, the queues its keys go to, from `queuesOfRegion(topology, 'all')`. */
export function queuesByOrg(
  regions: readonly { byOrg: ReadonlyMap<string, readonly string[]> }[],
): Map<string, readonly string[]> {
  return new Map(regions.flatMap((r) => [...r.byOrg]));
}
