import { exitOnConfigError, loadTopologyFile, loadWorkerSettings, TopologyHolder } from '@wfm-sync/config';
import {
  createLogger,
  createMetricsRegistry,
  onShutdown,
  registerOpsRoutes,
  startTracing,
  topologyReloadCounter,
} from '@wfm-sync/observability';
import { createNotificationMetrics, createWorkerContext, startRegionWorker } from '@wfm-sync/pipeline';
import { createRedisConnection, redisReadiness } from '@wfm-sync/redis-kit';
import Fastify from 'fastify';
import { createWorkerGauges, sampleQueueGauges } from './queue-gauges.js';

// First: queues and workers pick up tracing when they are created (off unless OTEL_* asks for it).
const tracing = await startTracing({ service: 'wfm-sync-worker' });
const settings = exitOnConfigError(() => loadWorkerSettings());
const logger = createLogger({ service: 'worker', level: settings.LOG_LEVEL }).child({
  region: settings.REGION,
});
const loadTopology = () => loadTopologyFile(settings.TOPOLOGY_FILE);
const initial = exitOnConfigError(loadTopology, logger);
for (const warning of initial.warnings) logger.warn(warning);
const holder = new TopologyHolder(loadTopology, initial);
const index = holder.index;

const registry = createMetricsRegistry({ service: 'worker' });
const redis = createRedisConnection({
  url: settings.REDIS_URL,
  cluster: settings.REDIS_CLUSTER,
  role: 'worker',
  connectionName: `wfm-worker-${settings.REGION}`,
});
redis.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));

const ctx = createWorkerContext({
  redis,
  topology: index,
  registry,
  logger,
  prefix: settings.WFM_KEY_PREFIX,
  requestTimeoutMs: settings.GENESYS_TIMEOUT_MS,
  settings: {
    leaseTtlMs: settings.LEASE_TTL_MS,
    trunkHealthMaxAgeMs: settings.TRUNK_HEALTH_MAX_AGE_MS,
    driftCheckMs: settings.DRIFT_CHECK_MS,
    dryRunRecheckMs: settings.DRY_RUN_RECHECK_MS,
    syncMode: settings.SYNC_MODE,
    testHooks: settings.WFM_TEST_CRASH_AFTER_CREATE
      ? { afterTimeOffCreate: () => process.kill(process.pid, 'SIGKILL') }
      : undefined,
  },
});

const running = await startRegionWorker(ctx, {
  region: settings.REGION,
  concurrency: settings.WORKER_CONCURRENCY,
  lockDurationMs: settings.WORKER_LOCK_DURATION_MS,
  stalledIntervalMs: settings.WORKER_STALLED_INTERVAL_MS,
  trunkPollEveryMs: settings.TRUNK_POLL_EVERY_MS,
  sweepEveryMs: settings.SWEEP_EVERY_MS,
  listening: { metrics: createNotificationMetrics(registry), safetyPollMs: settings.TRUNK_SAFETY_POLL_MS },
});

// SIGHUP: re-read TOPOLOGY_FILE; clients follow the index on their next use, consumers and polls here.
holder.onChange(async (changes) => {
  await running.refresh();
  // A changed org may carry new credentials: try them now instead of at the next re-check.
  for (const orgId of changes.changed) {
    if (!(await ctx.holds.active(orgId)).some((hold) => hold.reason === 'client-refused')) continue;
    const woken = await ctx.holds.lift(orgId, 'client-refused');
    logger.info({ org: orgId, woken }, 'org configuration changed: client-refused hold lifted to try it');
  }
});
holder.reloadOnSighup({ logger, count: topologyReloadCounter(registry) });

const gauges = createWorkerGauges(registry);
const sampleGauges = () =>
  Promise.all([sampleQueueGauges(ctx, gauges, settings.REGION), running.listening?.sample()]).catch(
    (error: unknown) => logger.warn({ err: error }, 'sampling queue gauges failed'),
  );
const app = Fastify();
registerOpsRoutes(app, {
  registry,
  ready: async () => {
    await sampleGauges();
    return redisReadiness(redis, { queues: running.queues.length > 0 });
  },
});
const gaugeTimer = setInterval(() => void sampleGauges(), 5_000);
gaugeTimer.unref();

onShutdown({
  logger,
  steps: [
    { name: 'finish in-flight jobs', run: () => running.close() },
    { name: 'stop http', run: () => app.close() },
    { name: 'close queues', run: () => ctx.queues.close() },
    { name: 'close redis', run: async () => void (await redis.quit()) },
    { name: 'flush traces', run: () => tracing.shutdown() },
  ],
});

await app.listen({ port: settings.PORT, host: settings.HOST });
logger.info({ port: settings.PORT, queues: running.queues }, 'worker running');
