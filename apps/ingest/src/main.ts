import { exitOnConfigError, loadIngestSettings, loadTopologyFile, TopologyHolder } from '@wfm-sync/config';
import {
  createLogger,
  createMetricsRegistry,
  onShutdown,
  startTracing,
  topologyReloadCounter,
} from '@wfm-sync/observability';
import {
  createPipelineMetrics,
  EventRecorder,
  PipelineNames,
  QueueRegistry,
  queuesOfRegion,
} from '@wfm-sync/pipeline';
import { createRedisConnection } from '@wfm-sync/redis-kit';
import { BacklogMonitor, queuesByOrg } from './backlog.js';
import { createIngestServer } from './server.js';
import { SignatureVerifier } from './signature.js';

// First: queues and the HTTP server pick up tracing when they are created (off unless OTEL_* asks for it).
const tracing = await startTracing({ service: 'wfm-sync-ingest' });
const settings = exitOnConfigError(() => loadIngestSettings());
const logger = createLogger({ service: 'ingest', level: settings.LOG_LEVEL });
// Ingest never calls Genesys: it neither needs nor holds the orgs' client secrets (least privilege).
const loadTopology = () => loadTopologyFile(settings.TOPOLOGY_FILE, process.env, { secrets: 'not-needed' });
const initial = exitOnConfigError(loadTopology, logger);
for (const warning of initial.warnings) logger.warn(warning);
const holder = new TopologyHolder(loadTopology, initial);
const index = holder.index;

const registry = createMetricsRegistry({ service: 'ingest' });
const connectionOptions = {
  url: settings.REDIS_URL,
  cluster: settings.REDIS_CLUSTER,
  role: 'producer',
  commandTimeoutMs: settings.INGEST_REDIS_TIMEOUT_MS,
} as const;
// Two connections, both with the command timeout (decision 018). The webhook-id claims, store scripts and done marks
// auto-pipeline: those of one event-loop turn leave in one socket write. BullMQ's enqueue and backlog sampling use
// the other: BullMQ defines its ~50 scripts on its connection, and ioredis copies every defined script into each
// pipeline it builds, which auto-pipelining does once per turn.
const redis = createRedisConnection({
  ...connectionOptions,
  connectionName: 'wfm-ingest',
  autoPipelining: true,
});
redis.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));
const queueRedis = createRedisConnection({ ...connectionOptions, connectionName: 'wfm-ingest-queues' });
queueRedis.on('error', (error) => logger.warn({ err: error }, 'redis connection error (queues)'));

const names = new PipelineNames(settings.WFM_KEY_PREFIX);
const queues = new QueueRegistry(queueRedis, names);
const recorder = new EventRecorder({
  redis,
  names,
  topology: index,
  queues,
  sweepAfterMs: settings.SWEEP_AFTER_MS,
  afterStore: settings.WFM_TEST_CRASH_AFTER_STORE
    ? () => {
        logger.warn('test hook: crashing between storing desired state and enqueuing');
        process.kill(process.pid, 'SIGKILL');
      }
    : undefined,
});
const startBacklog = () => {
  const monitor = new BacklogMonitor(
    queues,
    queuesByOrg(queuesOfRegion(index, 'all')),
    settings.INGEST_BACKLOG_LIMIT,
  );
  monitor.start();
  return monitor;
};
let backlog = startBacklog();
// SIGHUP: re-read TOPOLOGY_FILE. Webhooks of an added org are accepted at once, a removed org's get 404.
holder.onChange(() => {
  backlog.stop();
  backlog = startBacklog();
});
holder.reloadOnSighup({ logger, count: topologyReloadCounter(registry) });

const app = createIngestServer({
  redis,
  prefix: settings.WFM_KEY_PREFIX,
  verifier: new SignatureVerifier(settings.WEBHOOK_SECRETS),
  recorder,
  logger,
  topology: index,
  registry,
  pipelineMetrics: createPipelineMetrics(registry),
  bodyLimitBytes: settings.INGEST_BODY_LIMIT_BYTES,
  redisTimeoutMs: settings.INGEST_REDIS_TIMEOUT_MS,
  maxInFlight: settings.INGEST_MAX_IN_FLIGHT,
  webhookIdTtlS: settings.WEBHOOK_ID_TTL_S,
  regionOverLimit: (orgId) => backlog.overLimit(orgId),
});

onShutdown({
  logger,
  steps: [
    { name: 'stop accepting webhooks', run: () => app.close() },
    { name: 'stop backlog sampling', run: async () => backlog.stop() },
    { name: 'close queues', run: () => queues.close() },
    { name: 'close redis', run: async () => void (await Promise.all([redis.quit(), queueRedis.quit()])) },
    { name: 'flush traces', run: () => tracing.shutdown() },
  ],
});

await app.listen({ port: settings.PORT, host: settings.HOST });
logger.info({ port: settings.PORT, regions: index.regions() }, 'ingest listening');
