import { randomUUID } from 'node:crypto';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  LogController,
} from 'fastify';
import { errorBody, SimApiError } from '../errors.js';
import type { Logger } from '../logger.js';
import { attachChannelSockets } from '../notifications/websocket.js';
import { adminRoutes } from '../routes/admin.js';
import { campaignRoutes } from '../routes/campaigns.js';
import { healthRoutes } from '../routes/health.js';
import { notificationRoutes } from '../routes/notifications.js';
import { notificationAdminRoutes } from '../routes/notifications-admin.js';
import { oauthRoutes } from '../routes/oauth.js';
import { scheduleRoutes, uploadRoutes } from '../routes/schedules.js';
import { timeOffRoutes } from '../routes/time-off.js';
import { trunkRoutes } from '../routes/trunks.js';
import { utilizationRoutes } from '../routes/utilization.js';
import { SimAdminError, type Simulator } from '../simulator.js';
import { registerAnswerFaults } from './answer-faults.js';
import { registerApiPipeline } from './api-pipeline.js';
import type { RequestContext } from './context.js';
import { createSimMetrics } from './metrics.js';

export interface SimServerOptions {
  /** @defaultValue the simulator's logger */
  logger?: Logger;
}

const API_PREFIX = '/api/v2';

/** The HTTP face of a simulator: every org on one server. Never listens; `startSim` or a test does. */
export function createSimServer(sim: Simulator, options: SimServerOptions = {}): FastifyInstance {
  const { engine } = sim;
  const logger = options.logger ?? sim.logger;
  const app = Fastify({
    // pino's Logger is a FastifyBaseLogger; naming the base type keeps FastifyInstance's default generics.
    loggerInstance: logger as FastifyBaseLogger,
    // Requests are logged once, at debug, when their connection ends (with status and injected fault).
    logController: new LogController({ disableRequestLogging: true }),
    forceCloseConnections: true,
    bodyLimit: 10 * 1024 * 1024,
    genReqId: () => randomUUID(),
  });
  const metrics = createSimMetrics(sim);
  let closing = false;
  // Upgraded sockets are no longer the HTTP server's connections: closing the server must end them itself.
  const closeChannelSockets = attachChannelSockets(app.server, engine.notifications, logger);
  app.addHook('preClose', async () => {
    closing = true;
    closeChannelSockets();
  });

  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    },
  );

  app.decorateRequest('simContext', null as unknown as RequestContext);
  app.addHook('onRequest', async (request, reply) => {
    const url = request.url;
    const ctx: RequestContext = {
      correlationId: String(request.id),
      arrivedAt: engine.now(),
      startedNs: process.hrtime.bigint(),
      logged: url.startsWith(`${API_PREFIX}/`) || request.routeOptions.config.logged === true,
      orgId: null,
      stateChanging: request.routeOptions.config.sim?.stateChanging ?? false,
      resources: [],
      fault: undefined,
    };
    request.simContext = ctx;
    reply.header('ININ-Correlation-Id', ctx.correlationId);
    // 'close' ends every response: answered, dropped, held until timeout, or abandoned by the client.
    reply.raw.once('close', () => {
      engine.inFlight.leave(ctx.resources, ctx.correlationId);
      if (!ctx.logged) return;
      const status = reply.raw.writableFinished ? reply.raw.statusCode : 0;
      const durationMs = Number(process.hrtime.bigint() - ctx.startedNs) / 1e6;
      const route = request.routeOptions.url ?? '(unmatched)';
      engine.requestLog.append({
        at: ctx.arrivedAt,
        method: request.method,
        path: url.split('?')[0] ?? url,
        route,
        orgId: ctx.orgId,
        status,
        durationMs,
        stateChanging: ctx.stateChanging,
        ...(ctx.fault === undefined ? {} : { fault: ctx.fault }),
        correlationId: ctx.correlationId,
      });
      metrics.observeRequest({ route, method: request.method, status }, durationMs / 1000);
      logger.debug(
        { method: request.method, url, status, durationMs, orgId: ctx.orgId, fault: ctx.fault },
        'request',
      );
    });
  });

  registerAnswerFaults(app, sim);

  app.setErrorHandler((error: FastifyError | Error, request, reply) => {
    const contextId = request.simContext?.correlationId ?? String(request.id);
    if (error instanceof SimApiError) return reply.code(error.status).send(error.toBody(contextId));
    if (error instanceof SimAdminError)
      return reply.code(404).send(errorBody(404, 'not.found', error.message, contextId));
    const status = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status >= 400 && status < 500) {
      return reply
        .code(status)
        .send(errorBody(status, status === 400 ? 'bad.request' : 'client.error', error.message, contextId));
    }
    request.log.error({ err: error, url: request.url }, 'unexpected error');
    return reply
      .code(500)
      .send(errorBody(500, 'internal.server.error', 'The server encountered an internal error.', contextId));
  });
  app.setNotFoundHandler((request, reply) => {
    const contextId = request.simContext?.correlationId ?? String(request.id);
    return reply
      .code(404)
      .send(errorBody(404, 'not.found', `HTTP 404 Not Found: ${request.method} ${request.url}`, contextId));
  });

  healthRoutes(app, metrics, () => closing);
  oauthRoutes(app, sim);
  adminRoutes(app, sim);
  notificationAdminRoutes(app, sim);
  app.register(async (scope) => uploadRoutes(scope, sim));
  app.register(
    async (api) => {
      registerApiPipeline(api, sim, metrics);
      trunkRoutes(api, sim);
      utilizationRoutes(api, sim);
      campaignRoutes(api, sim);
      timeOffRoutes(api, sim);
      scheduleRoutes(api, sim);
      api.register(async (scope) => notificationRoutes(scope, sim));
    },
    { prefix: API_PREFIX },
  );
  return app;
}
