import type { Logger } from '@wfm-sync/observability';

/**
 * The processes and servers the bench has started and not yet stopped (simulators, wfm-sync stacks, the private
 * Redis), so that SIGINT/SIGTERM stops them instead of leaving orphans behind.
 */
export class RunningResources {
  private readonly stops = new Map<number, { name: string; stop: () => Promise<void> }>();
  private nextId = 0;

  /** Returns `stop` wrapped so that stopping also forgets the resource. */
  track(name: string, stop: () => Promise<void>): () => Promise<void> {
    const id = this.nextId++;
    this.stops.set(id, { name, stop });
    return async () => {
      this.stops.delete(id);
      await stop();
    };
  }

  async stopAll(logger: Logger): Promise<void> {
    const all = [...this.stops.values()];
    this.stops.clear();
    await Promise.all(
      all.map(({ name, stop }) =>
        stop().catch((error: unknown) => logger.error({ err: error, resource: name }, 'could not stop')),
      ),
    );
  }
}
