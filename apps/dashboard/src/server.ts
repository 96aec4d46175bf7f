import type { DashboardAuth, TopologyIndex } from '@wfm-sync/config';
import {
  counter,
  type Logger,
  type ReadinessReport,
  type Registry,
  registerOpsRoutes,
} from '@wfm-sync/observability';
import type { Queue } from 'bullmq';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { registerAccessControl } from './auth/access-control.js';
import type { ConstantTimeEqual } from './auth/credentials.js';
import type { HostAllowList } from './auth/host-allow-list.js';
import type { LoginBackoff } from './auth/login-backoff.js';
import { STYLESHEET, STYLESHEET_PATH } from './html/styles.js';
import type { OperatorQueries } from './operator.js';
import { registerQueueBoard } from './queue-board.js';
import { followReloads, type QueueBoardReloads } from './queue-board-reload.js';
import { registerApi } from './routes/api.js';
import { registerKnownOrgCheck } from './routes/known-org.js';
import { registerPages } from './routes/pages.js';

export interface DashboardServerOptions {
  queries: OperatorQueries;
  /** Every reconcile queue of every region (bull-board). */
  queues: readonly Queue[];
  /** The dead-letter queue of every region (bull-board). */
  deadLetterQueues: readonly Queue[];
  topology: TopologyIndex;
  auth: DashboardAuth;
  registry: Registry;
  logger: Logger;
  ready: () => Promise<ReadinessReport>;
  /** @defaultValue Date.now */
  now?: () => number;
  /** Where bull-board is mounted. @defaultValue '/queues' */
  queueBoardPath?: string;
  /** @defaultValue crypto.timingSafeEqual (tests pass a recording wrapper) */
  constantTimeEqual?: ConstantTimeEqual;
  /** Host header values answered (everything but the probes and /metrics). */
  allowedHosts: HostAllowList;
  /** bull-board's write actions (DASHBOARD_QUEUE_WRITES). @defaultValue false */
  queueWrites?: boolean;
  /** When given, bull-board's queue list follows topology reloads; otherwise it stays the one of the start. */
  queueReloads?: QueueBoardReloads;
  /** Failed-login delays; tests pass their own with a clock. */
  loginBackoff?: LoginBackoff;
  /** How a delayed login attempt waits. @defaultValue timers/promises setTimeout */
  loginWait?: (ms: number) => Promise<unknown>;
}

/** Probes and the scrape stay open: orchestrators and Prometheus call them without credentials, and they hold no data. */
const PUBLIC_ROUTES: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/metrics']);

// Operator pages run no script at all; they load one stylesheet and post forms to themselves.
export const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  // Not no-referrer: with it, browsers send `Origin: null` on form posts.
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
};

/**
 * The dashboard app: operator views (HTML) and their JSON twins, bull-board, probes and metrics, everything
 * but the probes behind authentication. Never listens (main.ts does); tests use inject or a real port.
 */
export async function createDashboardServer(options: DashboardServerOptions): Promise<FastifyInstance> {
  const queueBoardPath = options.queueBoardPath ?? '/queues';
  // Typed as fastify's logger interface, so the app is a plain FastifyInstance that route modules accept.
  const loggerInstance: FastifyBaseLogger = options.logger;
  // No line per request: bull-board polls every few seconds. Actions and failures are logged where they happen.
  const app = Fastify({ loggerInstance, logController: new LogController({ disableRequestLogging: true }) });
  const actions = counter(options.registry, {
    name: 'wfm_sync_dashboard_actions_total',
    help: 'State-changing operator actions taken in the dashboard (replay, purge, queue-board).',
    labelNames: ['action'],
  });
  const authFailures = counter(options.registry, {
    name: 'wfm_sync_dashboard_auth_failures_total',
    help: 'Dashboard requests refused for missing or wrong credentials.',
  });

  registerAccessControl(app, {
    auth: options.auth,
    publicRoutes: PUBLIC_ROUTES,
    onAuthFailure: () => authFailures.inc(),
    constantTimeEqual: options.constantTimeEqual,
    hosts: options.allowedHosts,
    backoff: options.loginBackoff,
    wait: options.loginWait,
  });
  registerOpsRoutes(app, { registry: options.registry, ready: options.ready });

  app.setErrorHandler((error: { statusCode?: number; message?: string }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) request.log.error({ err: error, url: request.url }, 'dashboard request failed');
    return reply
      .code(status)
      .type('text/plain; charset=utf-8')
      .send(status >= 500 ? 'internal error: see the dashboard log' : (error.message ?? 'bad request'));
  });

  const deps = {
    queries: options.queries,
    topology: options.topology,
    logger: options.logger,
    now: options.now ?? Date.now,
    queueBoardPath,
    actions,
  };
  await app.register(async (scope) => {
    scope.addHook('onSend', async (_request, reply) => {
      for (const [name, value] of Object.entries(PAGE_HEADERS)) {
        if (!reply.hasHeader(name)) reply.header(name, value);
      }
    });
    // Plain HTML forms post urlencoded bodies.
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 64 * 1024 },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
    scope.get(STYLESHEET_PATH, async (_request, reply) =>
      reply.type('text/css; charset=utf-8').header('cache-control', 'max-age=300').send(STYLESHEET),
    );
    registerKnownOrgCheck(scope, options.topology);
    registerPages(scope, deps);
    registerApi(scope, deps);
  });
  const board = await registerQueueBoard(app, {
    queues: options.queues,
    deadLetterQueues: options.deadLetterQueues,
    basePath: queueBoardPath,
    actions,
    writes: options.queueWrites ?? false,
  });
  if (options.queueReloads) await followReloads(board, options.queueReloads, options.logger);
  return app;
}
