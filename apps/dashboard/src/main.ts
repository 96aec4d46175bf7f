import { exitOnConfigError, loadDashboardSettings, TopologyHolder } from '@wfm-sync/config';
import {
  createLogger,
  createMetricsRegistry,
  onShutdown,
  topologyReloadCounter,
} from '@wfm-sync/observability';
import { createOperatorQueries } from '@wfm-sync/pipeline';
import { createRedisConnection, redisReadiness } from '@wfm-sync/redis-kit';
import { HostAllowList } from './auth/host-allow-list.js';
import { createDashboardContext, queuesOf } from './operator-context.js';
import { createDashboardServer } from './server.js';
import { loadTopologyWithoutSecrets } from './topology.js';

const settings = exitOnConfigError(() => loadDashboardSettings());
const logger = createLogger({ service: 'dashboard', level: settings.LOG_LEVEL });
const loadTopology = () => loadTopologyWithoutSecrets(settings.TOPOLOGY_FILE);
const initial = exitOnConfigError(loadTopology, logger);
for (const warning of initial.warnings) logger.warn(warning);
const holder = new TopologyHolder(loadTopology, initial);
const index = holder.index;

const registry = createMetricsRegistry({ service: 'dashboard' });
// SIGHUP: re-read TOPOLOGY_FILE; pages follow the index, bull-board's queue list through `queueReloads`.
holder.reloadOnSighup({ logger, count: topologyReloadCounter(registry) });
const redis = createRedisConnection({
  url: settings.REDIS_URL,
  cluster: settings.REDIS_CLUSTER,
  // Fail fast while Redis is down: a page answers with an error instead of hanging.
  role: 'producer',
  connectionName: 'wfm-dashboard',
});
redis.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));

const ctx = createDashboardContext({
  redis,
  topology: index,
  logger,
  prefix: settings.WFM_KEY_PREFIX,
  syncMode: settings.SYNC_MODE,
});
const app = await createDashboardServer({
  queries: createOperatorQueries(ctx),
  ...queuesOf(ctx),
  topology: index,
  auth: settings.auth,
  allowedHosts: new HostAllowList(settings.PORT, settings.allowedHosts),
  queueWrites: settings.queueWrites,
  queueReloads: {
    onChange: (listener) => holder.onChange(listener),
    current: () => queuesOf(ctx),
    release: (name) => ctx.queues.release(name),
  },
  registry,
  logger,
  ready: () => redisReadiness(redis, { topology: index.regions().length > 0 }),
});

onShutdown({
  logger,
  steps: [
    { name: 'stop http', run: () => app.close() },
    { name: 'close queues', run: () => ctx.queues.close() },
    { name: 'close redis', run: async () => void (await redis.quit()) },
  ],
});

await app.listen({ port: settings.PORT, host: settings.listenHost });
logger.info(
  {
    port: settings.PORT,
    host: settings.listenHost,
    auth: settings.auth.mode,
    regions: index.regions(),
    allowedHosts: new HostAllowList(settings.PORT, settings.allowedHosts).list(),
    queueWrites: settings.queueWrites,
  },
  settings.auth.mode === 'basic'
    ? 'dashboard listening (HTTP Basic authentication)'
    : 'dashboard listening on loopback only, without authentication',
);
