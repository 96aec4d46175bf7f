import { startSimProcess as startGcSim } from '@wfm-sync/local-stack';
import type { FaultProfileInput, SimFixture } from '@wfm-sync/local-stack/gc-sim';
import { SimAdminClient } from './sim-admin-client.js';

export interface SimProcessOptions {
  /** Names the files of this run in `logDir`. */
  label: string;
  fixture: SimFixture;
  faults: FaultProfileInput;
  seed: number;
  requestsPerMinute: number;
  logDir: string;
}

export interface RunningSimProcess {
  url: string;
  admin: SimAdminClient;
  stop(): Promise<void>;
}

/** A fresh gc-sim process per run: every strategy meets the same seeded simulator from its first request. */
export async function startSimProcess(options: SimProcessOptions): Promise<RunningSimProcess> {
  const sim = await startGcSim({
    label: options.label,
    logDir: options.logDir,
    fixture: options.fixture,
    faults: options.faults,
    args: ['--seed', String(options.seed), '--rpm', String(options.requestsPerMinute)],
  });
  return { url: sim.url, admin: new SimAdminClient(sim.url), stop: sim.stop };
}
