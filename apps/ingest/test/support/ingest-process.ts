import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, waitFor } from '@wfm-sync/test-support';
import type { TestTopology } from './topology.js';

/** The built entry point, as `npm start -w apps/ingest` runs it. */
export const INGEST_MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

export interface IngestProcessOptions {
  redisUrl: string;
  prefix: string;
  topology: TestTopology;
  secrets: readonly string[];
  /** More environment (test hooks, tuning). */
  env?: Record<string, string>;
}

export interface IngestProcess {
  url: string;
  child: ChildProcess;
  /** Everything the process wrote, for failure messages. */
  output(): string;
  /** Resolves with the signal or code the process ended with. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Kills the process if it still runs and removes its temporary files. */
  stop(): Promise<void>;
}

/** Spawns the real ingest process (dist/main.js), configured only through its environment, and waits until ready. */
export async function startIngestProcess(options: IngestProcessOptions): Promise<IngestProcess> {
  if (!existsSync(INGEST_MAIN)) {
    throw new Error(
      `${INGEST_MAIN} does not exist: build first (cd /work/main && npx turbo run build --filter=@wfm-sync/ingest...)`,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'wfm-ingest-'));
  const topologyFile = join(dir, 'topology.json');
  writeFileSync(topologyFile, JSON.stringify(options.topology.file));
  const port = await freePort();
  const child = spawn(process.execPath, [INGEST_MAIN], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      ...options.topology.env,
      REDIS_URL: options.redisUrl,
      TOPOLOGY_FILE: topologyFile,
      WEBHOOK_SECRETS: options.secrets.join(','),
      PORT: String(port),
      HOST: '127.0.0.1',
      WFM_KEY_PREFIX: options.prefix,
      LOG_LEVEL: 'info',
      ...options.env,
    },
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null || child.signalCode !== null)
          throw new Error(`ingest exited:\n${output}`);
        return (await fetch(`${url}/readyz`)).ok;
      },
      { timeoutMs: 15_000, what: 'the ingest process to be ready' },
    );
  } catch (error) {
    await stop();
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}\n--- ingest output ---\n${output}`,
    );
  }
  return { url, child, output: () => output, exited, stop };
}
