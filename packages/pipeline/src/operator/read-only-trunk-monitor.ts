import type { Trunk } from '@wfm-sync/genesys-client';
import type { PipelineContext } from '../context.js';
import type { TrunkHealthRecord } from '../store/trunk-health-store.js';
import { readTrunkHealth, TrunkMonitor } from '../worker/trunk-monitor.js';

/**
 * Trunk health for plans computed outside a worker (`wfm-sync plan`): each trunk is read from Genesys once per
 * instance and nothing is recorded, so planning has no side effect on the pipeline (no cache write, no wake-up of
 * parked agents, no campaign re-pacing). `since` comes from the pipeline's cache when it saw the same health.
 */
export class ReadOnlyTrunkMonitor extends TrunkMonitor {
  private readonly reads = new Map<string, Promise<TrunkHealthRecord>>();

  constructor(private readonly pipeline: PipelineContext) {
    super(pipeline);
  }

  override current(orgId: string, trunkId: string): Promise<TrunkHealthRecord> {
    return this.read(orgId, trunkId);
  }

  override read(orgId: string, trunkId: string): Promise<TrunkHealthRecord> {
    const id = JSON.stringify([orgId, trunkId]);
    let read = this.reads.get(id);
    if (read === undefined) {
      read = this.readOnce(id, orgId, trunkId);
      this.reads.set(id, read);
    }
    return read;
  }

  override observeListing(_orgId: string, _trunks: readonly Trunk[], _observedAt: number): Promise<void> {
    return Promise.reject(new Error('ReadOnlyTrunkMonitor records nothing: use a TrunkMonitor in workers'));
  }

  override observePush(): Promise<void> {
    return Promise.reject(new Error('ReadOnlyTrunkMonitor records nothing: use a TrunkMonitor in workers'));
  }

  private async readOnce(id: string, orgId: string, trunkId: string): Promise<TrunkHealthRecord> {
    try {
      const observedAt = this.pipeline.now();
      const health = await readTrunkHealth(this.pipeline.clientFor(orgId), trunkId);
      const cached = await this.pipeline.trunks.get(orgId, trunkId);
      return { health, since: cached?.health === health ? cached.since : observedAt, observedAt };
    } catch (error) {
      // A failed read is not remembered: the next key on this trunk reads again.
      this.reads.delete(id);
      throw error;
    }
  }
}
