import { type CliSettings, loadCliSettings, loadTopologyFile, TopologyIndex } from '@wfm-sync/config';
import { createGenesysClientMetrics } from '@wfm-sync/genesys-client';
import { createLogger, type Logger } from '@wfm-sync/observability';
import {
  createOperatorQueries,
  createOrgClients,
  createPipelineContext,
  type OperatorQueries,
  type PipelineContext,
} from '@wfm-sync/pipeline';
import { createRedisConnection, type RedisConnection, waitUntilReady } from '@wfm-sync/redis-kit';
import { Registry } from 'prom-client';
import { CliError } from './errors.js';
import type { CliIo } from './io.js';

const REDIS_READY_TIMEOUT_MS = 10_000;

/** What a command that talks to the pipeline gets: its context, the operator queries, the parsed environment. */
export interface Runtime {
  env: CliSettings;
  ctx: PipelineContext;
  queries: OperatorQueries;
  logger: Logger;
}

/**
 * Opens what the processes open, from the same environment: topology file, Redis, the pipeline's names and queues.
 * Genesys clients are created in dry-run whatever the org's mode: nothing the CLI does may write to Genesys.
 */
export async function withRuntime<T>(io: CliIo, run: (runtime: Runtime) => Promise<T>): Promise<T> {
  const env = loadCliSettings(io.env);
  const logger = createLogger({
    service: 'wfm-sync-cli',
    level: env.LOG_LEVEL,
    pretty: io.stderr.isTTY === true,
    destination: { write: (line: string) => void io.stderr.write(line) },
  });
  const { topology: loaded, warnings } = loadTopologyFile(env.TOPOLOGY_FILE, io.env);
  for (const warning of warnings) logger.warn(warning);
  const topology = new TopologyIndex(loaded);

  const redis = await connect(env, logger);
  const registry = new Registry();
  const clientFor = createOrgClients({
    topology,
    redis,
    prefix: env.WFM_KEY_PREFIX,
    logger,
    metrics: createGenesysClientMetrics(registry),
    syncMode: 'dry-run',
  });
  const ctx = createPipelineContext({
    redis,
    topology,
    registry,
    logger,
    prefix: env.WFM_KEY_PREFIX,
    clientFor,
    settings: { syncMode: env.SYNC_MODE },
  });
  try {
    return await run({ env, ctx, queries: createOperatorQueries(ctx), logger });
  } finally {
    for (const org of topology.topology.orgs) clientFor(org.id).close();
    await ctx.queues.close();
    await redis.quit();
  }
}

async function connect(env: CliSettings, logger: Logger): Promise<RedisConnection> {
  const redis = createRedisConnection({
    url: env.REDIS_URL,
    cluster: env.REDIS_CLUSTER,
    role: 'producer',
    connectionName: 'wfm-sync-cli',
  });
  // A process waits for Redis to come back; a command line says at once that it is not there.
  let failed: (error: Error) => void = () => undefined;
  const firstError = new Promise<never>((_, reject) => {
    failed = reject;
  });
  redis.on('error', (error: Error) => failed(error));
  try {
    await Promise.race([waitUntilReady(redis, REDIS_READY_TIMEOUT_MS), firstError]);
    redis.removeAllListeners('error');
    // From here a lost connection fails the running command; the log says why.
    redis.on('error', (error: Error) => logger.warn({ err: error }, 'redis connection error'));
    return redis;
  } catch (error) {
    redis.disconnect();
    // Host and port only: the URL may carry a password.
    const url = new URL(env.REDIS_URL);
    const cause = error instanceof Error ? `: ${error.message}` : '';
    throw new CliError(`cannot reach Redis at ${url.hostname}:${url.port || 6379}${cause} (REDIS_URL)`, {
      cause: error,
    });
  }
}
