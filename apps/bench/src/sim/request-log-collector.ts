import type { Logger } from '@wfm-sync/observability';
import type { SimAdminClient, SimRequest } from './sim-admin-client.js';

/**
 * Follows the simulator's request log during a run (it keeps only the last 100,000 entries) and keeps every entry
 * for the figures. Listeners see each entry once, in order (the administrator reacts to campaign writes).
 */
export class RequestLogCollector {
  readonly entries: SimRequest[] = [];
  private since = 0;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private readonly listeners: Array<(entry: SimRequest) => void> = [];

  constructor(
    private readonly admin: SimAdminClient,
    private readonly logger: Logger,
    private readonly everyMs = 250,
  ) {}

  onEntry(listener: (entry: SimRequest) => void): void {
    this.listeners.push(listener);
  }

  start(): void {
    const tick = () => {
      this.polling = this.drain()
        .catch((error: unknown) =>
          this.logger.warn({ err: error }, 'reading the request log failed; retrying'),
        )
        .finally(() => {
          if (this.timer !== undefined) this.timer = setTimeout(tick, this.everyMs);
        });
    };
    this.timer = setTimeout(tick, this.everyMs);
  }

  /** Stops following without reading further (a run that failed). */
  halt(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Stops following and reads what is left. */
  async stop(): Promise<SimRequest[]> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.polling;
    await this.drain();
    return this.entries;
  }

  private async drain(): Promise<void> {
    for (;;) {
      const page = await this.admin.requests(this.since);
      for (const entry of page.entries) {
        this.entries.push(entry);
        for (const listener of this.listeners) listener(entry);
      }
      this.since = page.nextSince;
      if (page.entries.length === 0) return;
    }
  }
}
