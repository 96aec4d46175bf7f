import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FaultProfileInput, SimFixture } from '@wfm-sync/gc-sim';
import { appScript, freePort, ServiceProcess } from '@wfm-sync/local-stack';
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
  const fixtureFile = join(options.logDir, `${options.label}-fixture.json`);
  const faultsFile = join(options.logDir, `${options.label}-faults.json`);
  writeFileSync(fixtureFile, JSON.stringify(options.fixture));
  writeFileSync(faultsFile, JSON.stringify(options.faults));
  const port = await freePort();
  const sim = new ServiceProcess({
    name: `gc-sim-${options.label}`,
    script: appScript('gc-sim'),
    args: [
      '--fixture',
      fixtureFile,
      '--faults',
      faultsFile,
      '--seed',
      String(options.seed),
      '--rpm',
      String(options.requestsPerMinute),
      '--port',
      String(port),
    ],
    env: { PATH: process.env.PATH, LOG_LEVEL: 'warn' },
    logFile: join(options.logDir, `${options.label}-gc-sim.log`),
    healthUrl: `http://127.0.0.1:${port}`,
  });
  await sim.start();
  const url = `http://127.0.0.1:${port}`;
  return { url, admin: new SimAdminClient(url), stop: () => sim.stop('SIGTERM') };
}
