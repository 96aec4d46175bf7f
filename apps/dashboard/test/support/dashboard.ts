import type { DashboardAuth } from '@wfm-sync/config';
import { parseTopology, type TopologyHolder, TopologyIndex } from '@wfm-sync/config';
import { generateFixture, type SimFixture, topologyFromFixture } from '@wfm-sync/gc-sim';
import { createMetricsRegistry, type Registry } from '@wfm-sync/observability';
import { createOperatorQueries, type OperatorContext } from '@wfm-sync/pipeline';
import {
  createRedisConnection,
  type RedisConnection,
  redisReadiness,
  waitUntilReady,
} from '@wfm-sync/redis-kit';
import { createTestRedis, type TestRedis } from '@wfm-sync/test-support';
import type { FastifyInstance } from 'fastify';
import type { ConstantTimeEqual } from '../../src/auth/credentials.js';
import { HostAllowList } from '../../src/auth/host-allow-list.js';
import type { LoginBackoff } from '../../src/auth/login-backoff.js';
import { createDashboardContext, queuesOf } from '../../src/operator-context.js';
import { createDashboardServer } from '../../src/server.js';
import { type CapturedLogs, captureLogs } from './log-capture.js';

export const OPERATOR = { user: 'operator', password: 'correct-horse-battery' } as const;
export const BASIC_AUTH: DashboardAuth = { mode: 'basic', ...OPERATOR };

export function basicAuthHeader(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

/** One org in ap-southeast-1 with three trunks and a few agents; the simulator's URL does not matter to the dashboard. */
export function smallFixture(): SimFixture {
  return generateFixture({ seed: 5, orgs: 1, trunks: 3, agents: 6, regions: ['ap-southeast-1'] });
}

export function topologyOf(fixture: SimFixture, baseUrl = 'http://127.0.0.1:9'): TopologyIndex {
  const { topology, env } = topologyFromFixture(fixture, { baseUrl });
  return new TopologyIndex(parseTopology(topology, { source: 'test', env }).topology);
}

export interface TestDashboard {
  app: FastifyInstance;
  ctx: OperatorContext;
  redis: TestRedis;
  connection: RedisConnection;
  registry: Registry;
  logs: CapturedLogs;
  close(): Promise<void>;
}

export interface TestDashboardOptions {
  auth?: DashboardAuth;
  topology?: TopologyIndex;
  /** Reloads as the dashboard's main wires them (its index is the topology; bull-board follows its reloads). */
  holder?: TopologyHolder;
  /** Share a pipeline's Redis namespace; a fresh one otherwise. */
  redis?: TestRedis;
  constantTimeEqual?: ConstantTimeEqual;
  /** The port the Host allow-list expects. @defaultValue 80 (inject sends `Host: localhost:80`) */
  port?: number;
  publicHosts?: string[];
  queueWrites?: boolean;
  loginBackoff?: LoginBackoff;
  loginWait?: (ms: number) => Promise<unknown>;
}

/** The dashboard app over real Redis (its own prefix unless given one), not listening: use inject or listen(). */
export async function startTestDashboard(options: TestDashboardOptions = {}): Promise<TestDashboard> {
  const ownsRedis = options.redis === undefined;
  const redis = options.redis ?? (await createTestRedis('dashboard'));
  const topology = options.holder?.index ?? options.topology ?? topologyOf(smallFixture());
  const logs = captureLogs();
  const connection = createRedisConnection({ url: redis.url, role: 'producer' });
  await waitUntilReady(connection);
  const ctx = createDashboardContext({
    redis: connection,
    topology,
    logger: logs.logger,
    prefix: redis.prefix,
    syncMode: 'live',
  });
  const registry = createMetricsRegistry({ service: 'dashboard', collectDefault: false });
  const app = await createDashboardServer({
    queries: createOperatorQueries(ctx),
    ...queuesOf(ctx),
    topology,
    auth: options.auth ?? BASIC_AUTH,
    registry,
    logger: logs.logger,
    ready: () => redisReadiness(connection),
    constantTimeEqual: options.constantTimeEqual,
    allowedHosts: new HostAllowList(options.port ?? 80, options.publicHosts),
    queueWrites: options.queueWrites,
    queueReloads: options.holder && {
      onChange: (listener) => options.holder?.onChange(listener),
      current: () => queuesOf(ctx),
      release: (name) => ctx.queues.release(name),
    },
    loginBackoff: options.loginBackoff,
    loginWait: options.loginWait,
  });
  return {
    app,
    ctx,
    redis,
    connection,
    registry,
    logs,
    close: async () => {
      await app.close();
      await ctx.queues.close();
      await connection.quit();
      if (ownsRedis) await redis.cleanup();
    },
  };
}
