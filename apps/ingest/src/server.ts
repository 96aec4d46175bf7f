import type { TopologyIndex } from '@wfm-sync/config';
import {
  counter,
  gauge,
  histogram,
  instrumentFastify,
  type Logger,
  registerOpsRoutes,
} from '@wfm-sync/observability';
import type { PipelineMetrics } from '@wfm-sync/pipeline';
import { redisReadiness } from '@wfm-sync/redis-kit';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyRequest,
  LogController,
} from 'fastify';
import type { Registry } from 'prom-client';
import { isJsonContentType } from './content-type.js';
import { raceDeadline } from './deadline.js';
import { DeliveryLog, type DeliveryLogOptions } from './delivery-log.js';
import { InFlightLimit } from './in-flight.js';
import { openApiDocument } from './openapi.js';
import { requestIdOf } from './request-id.js';
import type { SignatureHeaders } from './signature.js';
import { handleWebhook, type WebhookHandlerDeps, type WebhookResponse } from './webhook-handler.js';

export interface IngestServerOptions extends WebhookHandlerDeps {
  topology: TopologyIndex;
  registry: Registry;
  pipelineMetrics: PipelineMetrics;
  /** @defaultValue 1 MiB */
  bodyLimitBytes?: number;
  /** Redis time one webhook may take before it is answered 503 (INGEST_REDIS_TIMEOUT_MS). @defaultValue 2000 */
  redisTimeoutMs?: number;
  /** Webhooks held at once; more get 503 at once (INGEST_MAX_IN_FLIGHT). @defaultValue 64 */
  maxInFlight?: number;
  /** Sampling of refusal log lines (never of metrics). */
  deliveryLog?: DeliveryLogOptions;
}

const WEBHOOK_PATH = '/v1/webhooks/wfm';

/** Answer of a webhook that ran out of Redis time, or found every slot taken. */
const shed = (retryAfterS: number): WebhookResponse => ({
  status: 503,
  body: { error: 'unavailable' },
  retryAfterS,
});

/** The ingest HTTP app; never listens (main.ts does), so tests drive it with inject or a real port. */
export function createIngestServer(options: IngestServerOptions): FastifyInstance {
  const app = Fastify({
    bodyLimit: options.bodyLimitBytes ?? 1024 * 1024,
    // The project's logger (redaction, service field); every line of a delivery carries reqId = its webhook-id.
    loggerInstance: options.logger as FastifyBaseLogger,
    genReqId: (request) => requestIdOf(request.headers['webhook-id']),
    // One line per delivery, written below with status and reason, instead of fastify's two per request.
    logController: new LogController({ disableRequestLogging: true }),
  });
  // A span per sampled delivery when tracing is on (request-spans.ts); before any route, so every route is wired.
  instrumentFastify(app);
  const deliveryLog = new DeliveryLog(options.logger as FastifyBaseLogger, options.deliveryLog);
  app.addHook('onClose', async () => deliveryLog.flush());
  const requests = counter(options.registry, {
    name: 'wfm_sync_webhook_requests_total',
    help: 'Webhook deliveries by response status.',
    labelNames: ['status'],
  });
  const duration = histogram(
    options.registry,
    {
      name: 'wfm_sync_webhook_duration_seconds',
      help: 'Time to answer a webhook delivery.',
      labelNames: ['status'],
    },
    [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
  );

  // The signature covers the raw bytes, so the body is kept as text and parsed only after verification.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  app.setErrorHandler((error: { statusCode?: number; code?: string }, request, reply) => {
    if (error.statusCode === 413 || error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      requests.inc({ status: '413' });
      const body = { error: 'payload_too_large' };
      deliveryLog.refused(request.log, 413, body);
      return reply.code(413).send(body);
    }
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      // A malformed request fastify itself refused (a bad Content-Length, …): still a delivery, counted.
      if (request.routeOptions.url === WEBHOOK_PATH) requests.inc({ status: String(error.statusCode) });
      const body = { error: 'bad_request' };
      deliveryLog.refused(request.log, error.statusCode, { ...body, code: error.code });
      return reply.code(error.statusCode).send(body);
    }
    request.log.error({ err: error }, 'unhandled ingest error');
    return reply.code(500).send({ error: 'internal' });
  });

  const deps: WebhookHandlerDeps = {
    ...options,
    onEvents: (events, result) => {
      events.forEach((event, i) => {
        options.pipelineMetrics.events.inc({ type: event.type, result: result.outcomes[i] ?? 'accepted' });
      });
      options.onEvents?.(events, result);
    },
  };

  const redisTimeoutMs = options.redisTimeoutMs ?? 2_000;
  const held = gauge(options.registry, {
    name: 'wfm_sync_webhooks_in_flight',
    help: 'Webhooks held by ingest (from arrival until their Redis work settled).',
  });
  const inFlight = new InFlightLimit(options.maxInFlight ?? 64, (count) => held.set(count));
  // A request's slot, until its handler takes it over (requests that never reach the handler give it back on reply).
  const slots = new WeakMap<FastifyRequest, () => void>();

  app.post(
    WEBHOOK_PATH,
    {
      // Before the body is read, so a refused request costs no buffer.
      onRequest: async (request, reply) => {
        if (!isJsonContentType(request.headers['content-type'])) {
          requests.inc({ status: '415' });
          const body = { error: 'unsupported_media_type' };
          deliveryLog.refused(request.log, 415, body);
          return reply.code(415).send(body);
        }
        const release = inFlight.tryAcquire();
        if (release) {
          slots.set(request, release);
          return;
        }
        requests.inc({ status: '503' });
        deliveryLog.refused(request.log, 503, shed(1).body, 1);
        return reply.code(503).header('Retry-After', '1').send(shed(1).body);
      },
      onResponse: async (request) => {
        slots.get(request)?.();
      },
    },
    async (request, reply) => {
      const started = process.hrtime.bigint();
      const raw = typeof request.body === 'string' ? request.body : '';
      const release = slots.get(request);
      slots.delete(request);
      // The request's logger, so the handler's own lines (Redis trouble) carry the delivery's reqId too, sampled.
      const handlerLogger = deliveryLog.forHandler(request.log) as Logger;
      const { answer, settled } = raceDeadline(
        // Redis time, from the moment the body is in: a sender on a slow link is not refused for its upload.
        redisTimeoutMs,
        (signal, deadlineMs) =>
          handleWebhook({ ...deps, logger: handlerLogger }, raw, request.headers as SignatureHeaders, {
            signal,
            deadlineMs,
          }),
        () => {
          handlerLogger.warn({ redisTimeoutMs }, 'webhook out of Redis time: shedding it');
          return shed(5);
        },
      );
      void settled.finally(() => release?.());
      const response = await answer;
      const status = String(response.status);
      requests.inc({ status });
      duration.observe({ status }, Number(process.hrtime.bigint() - started) / 1e9);
      if (response.status < 300) deliveryLog.answered(request.log, response.status, response.body);
      else deliveryLog.refused(request.log, response.status, response.body, response.retryAfterS);
      if (response.retryAfterS !== undefined) void reply.header('Retry-After', String(response.retryAfterS));
      return reply.code(response.status).send(response.body);
    },
  );

  app.get('/openapi.json', async () => openApiDocument);

  registerOpsRoutes(app, {
    registry: options.registry,
    ready: () => redisReadiness(options.redis, { topology: options.topology.regions().length > 0 }),
  });
  return app;
}
