import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FaultProfileInput, SimFixture } from '@wfm-sync/gc-sim';
import { freePort } from '@wfm-sync/process-kit';
import { ServiceProcess } from './service-process.js';
import { appScript } from './stack.js';

export interface SimProcessOptions {
  /** Names the process and its files in `logDir`. */
  label: string;
  logDir: string;
  fixture: SimFixture;
  faults: FaultProfileInput;
  /** More gc-sim arguments (`--seed`, `--rpm`, …). */
  args?: string[];
  /** Have gc-sim write the topology file (and `topology.env` with the org secrets) into `logDir`. */
  writeTopology?: boolean;
}

export interface SimProcess {
  process: ServiceProcess;
  url: string;
  /** With `writeTopology`: the topology file and the secrets it names. */
  topology?: { file: string; secrets: Record<string, string> };
  stop(): Promise<void>;
}

/** gc-sim as a process of its own, on a fixture and a fault profile written to `logDir`. */
export async function startSimProcess(options: SimProcessOptions): Promise<SimProcess> {
  const file = (name: string) => join(options.logDir, `${options.label}-${name}`);
  writeFileSync(file('fixture.json'), JSON.stringify(options.fixture));
  writeFileSync(file('faults.json'), JSON.stringify(options.faults));
  const topologyFile = join(options.logDir, 'topology.json');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const sim = new ServiceProcess({
    name: options.label,
    script: appScript('gc-sim'),
    args: [
      '--fixture',
      file('fixture.json'),
      '--faults',
      file('faults.json'),
      ...(options.args ?? []),
      '--port',
      String(port),
      ...(options.writeTopology ? ['--write-topology', topologyFile] : []),
    ],
    env: { PATH: process.env.PATH, LOG_LEVEL: 'warn' },
    logFile: file('gc-sim.log'),
    healthUrl: url,
  });
  await sim.start();
  return {
    process: sim,
    url,
    ...(options.writeTopology && {
      topology: { file: topologyFile, secrets: readEnvFile(join(options.logDir, 'topology.env')) },
    }),
    stop: () => sim.stop('SIGTERM'),
  };
}

/** `NAME=value` lines (the `topology.env` gc-sim writes next to the topology file). */
export function readEnvFile(path: string): Record<string, string> {
  return Object.fromEntries(
    readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}
