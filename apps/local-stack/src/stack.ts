import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@wfm-sync/process-kit';
import { ServiceProcess } from './service-process.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export function appScript(app: 'ingest' | 'worker' | 'gc-sim' | 'dashboard'): string {
  return join(repoRoot, 'apps', app, 'dist', 'main.js');
}

export interface StackOptions {
  redisUrl: string;
  /** Redis key namespace of this stack. */
  prefix: string;
  topologyFile: string;
  /** Org secrets the topology names with `env:` (and anything else every process needs). */
  env: Record<string, string>;
  webhookSecret: string;
  /** One worker process per entry. */
  workers: { region: string; env?: Record<string, string> }[];
  logDir: string;
  ingestPort?: number;
  ingestEnv?: Record<string, string>;
  /** Another build of ingest than `apps/ingest/dist/main.js` (the bench compares builds). */
  ingestScript?: string;
  /** Options for `node` running ingest (the bench profiles it with `--cpu-prof`). */
  ingestNodeArgs?: string[];
  logLevel?: string;
}

export interface Stack {
  ingestUrl: string;
  ingest: ServiceProcess;
  workers: ServiceProcess[];
  stop(): Promise<void>;
}

/** Starts ingest and the workers as real processes, configured only through the environment (operator-interface.md). */
export async function startStack(options: StackOptions): Promise<Stack> {
  mkdirSync(options.logDir, { recursive: true });
  const common: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    REDIS_URL: options.redisUrl,
    TOPOLOGY_FILE: options.topologyFile,
    WFM_KEY_PREFIX: options.prefix,
    LOG_LEVEL: options.logLevel ?? 'info',
    HOST: '127.0.0.1',
    // Tracing follows the caller's OpenTelemetry settings (`OTEL_TRACES_EXPORTER=console npm run demo` prints the
    // spans into the processes' logs; docs/decisions/027-tracing.md).
    ...Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith('OTEL_'))),
    ...options.env,
  };
  const ingestPort = options.ingestPort ?? (await freePort());
  const ingest = new ServiceProcess({
    name: 'ingest',
    script: options.ingestScript ?? appScript('ingest'),
    ...(options.ingestNodeArgs ? { nodeArgs: options.ingestNodeArgs } : {}),
    env: {
      ...common,
      PORT: String(ingestPort),
      WEBHOOK_SECRETS: options.webhookSecret,
      ...options.ingestEnv,
    },
    logFile: join(options.logDir, 'ingest.log'),
    healthUrl: `http://127.0.0.1:${ingestPort}`,
  });
  const workers: ServiceProcess[] = [];
  for (const [i, worker] of options.workers.entries()) {
    const port = await freePort();
    workers.push(
      new ServiceProcess({
        name: `worker-${worker.region}-${i}`,
        script: appScript('worker'),
        env: { ...common, PORT: String(port), REGION: worker.region, ...worker.env },
        logFile: join(options.logDir, `worker-${worker.region}-${i}.log`),
        healthUrl: `http://127.0.0.1:${port}`,
      }),
    );
  }
  const all = [ingest, ...workers];
  try {
    await Promise.all(all.map((p) => p.start()));
  } catch (error) {
    await Promise.all(all.map((p) => p.stop('SIGKILL')));
    throw error;
  }
  return {
    ingestUrl: `http://127.0.0.1:${ingestPort}`,
    ingest,
    workers,
    stop: async () => {
      await Promise.all(all.map((p) => p.stop('SIGTERM')));
    },
  };
}
