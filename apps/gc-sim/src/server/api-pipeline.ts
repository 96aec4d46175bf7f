import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthFailureReason } from '../auth/tokens.js';
import { CONCURRENT_MODIFICATION_MESSAGE, type ErrorBody, errorBody } from '../errors.js';
import type { Simulator } from '../simulator.js';
import type { SimMetrics } from './metrics.js';

const SERVER_ERROR_CODES: Record<502 | 503 | 504, { code: string; message: string }> = {
  502: { code: 'bad.gateway', message: 'Bad Gateway' },
  503: { code: 'service.unavailable', message: 'Service Unavailable' },
  504: { code: 'gateway.timeout', message: 'Gateway Timeout' },
};

function authError(reason: AuthFailureReason, contextId: string): ErrorBody {
  if (reason === 'missing') {
    return errorBody(
      401,
      'authentication.required',
      'No authentication bearer token specified in authorization header.',
      contextId,
    );
  }
  // Expired, revoked and unknown tokens look the same to a client (docs/genesys-api.md, OAuth).
  return errorBody(401, 'bad.credentials', 'Invalid login credentials.', contextId);
}

/**
 * Hooks of every `/api/v2` route, in the order a request meets them:
 * 1. onRequest: bearer token → org (401), per-token budget (429 + Retry-After; a request before a
 *    previous Retry-After passed is a violation), rate-limit headers;
 * 2. preHandler: register the write as in flight (overlap is a violation), arrival checks, then the
 *    injected latency and transport faults (5xx, held timeout, dropped connection, publishing-window 409).
 * Nothing a fault answers has touched state.
 */
export function registerApiPipeline(app: FastifyInstance, sim: Simulator, metrics: SimMetrics): void {
  const { engine } = sim;

  app.addHook('onRequest', async (request, reply) => {
    const ctx = request.simContext;
    const token = engine.tokens.authenticate(request.headers.authorization);
    if (typeof token === 'string') {
      return reply.code(401).send(authError(token, ctx.correlationId));
    }
    ctx.orgId = token.orgId;
    if (engine.faults().revokedClients.includes(token.orgId)) {
      ctx.fault = 'clientRevoked';
      return reply.code(401).send(authError('revoked', ctx.correlationId));
    }
    const now = engine.now();
    if (now < token.retryAfterUntil && now - token.retryAfterIssuedAt > engine.faults().retryAfterGraceMs) {
      engine.recordViolation(
        'requestsDuringRetryAfter',
        token.orgId,
        `token:${token.orgId}`,
        `${request.method} ${request.url} sent ${token.retryAfterUntil - now} ms before Retry-After passed`,
      );
    }
    const take = engine.tokens.take(token);
    const resetS = Math.max(1, Math.ceil(take.resetInMs / 1000));
    reply.header('inin-ratelimit-count', String(take.count));
    reply.header('inin-ratelimit-allowed', String(take.limit));
    reply.header('inin-ratelimit-reset', String(resetS));
    const quotaSpentS = engine.faults().quotaSpent[token.orgId]?.retryAfterS;
    const othersThrottleS = take.allowed ? engine.sharedBudgetThrottle(token.orgId) : undefined;
    const retryAfterS = quotaSpentS ?? othersThrottleS ?? (take.allowed ? undefined : resetS);
    if (retryAfterS !== undefined) {
      // A 429 answered to a request that came during Retry-After does not restart the in-flight grace.
      if (now >= token.retryAfterUntil) token.retryAfterIssuedAt = now;
      token.retryAfterUntil = now + retryAfterS * 1000;
      ctx.fault = quotaSpentS === undefined ? 'rateLimited' : 'quotaSpent';
      reply.header('Retry-After', String(retryAfterS));
      return reply
        .code(429)
        .send(
          errorBody(
            429,
            'too.many.requests',
            `Rate limit exceeded the maximum. Retry the request in [${retryAfterS}] seconds`,
            ctx.correlationId,
          ),
        );
    }
  });

  app.addHook('preHandler', async (request, reply) => {
    const ctx = request.simContext;
    const config = request.routeOptions.config.sim;
    const org = ctx.orgId === null ? undefined : engine.org(ctx.orgId);
    if (!org) return;
    const stateChanging = config?.stateChanging ?? false;
    if (stateChanging && config?.resources) {
      ctx.resources = config.resources(request, org.id);
      const overlapping = engine.inFlight.enter(ctx.resources, ctx.correlationId);
      for (const resource of overlapping) {
        engine.recordViolation(
          'concurrentWrites',
          org.id,
          resource,
          `${request.method} ${request.url} arrived while another write to ${resource} was in flight`,
        );
      }
    }
    config?.onArrival?.(engine, org, request);

    const fault = engine.decideFault(stateChanging);
    await engine.timers.sleep(
      engine.latencyMs(org.id, `${request.method} ${request.routeOptions.url ?? ''}`),
    );
    if (fault.kind === 'none') return;
    ctx.fault = fault.kind;
    metrics.faultInjected(fault.kind);
    return injectFault(request, reply, fault, sim);
  });
}

function injectFault(
  request: FastifyRequest,
  reply: FastifyReply,
  fault: Exclude<ReturnType<Simulator['engine']['decideFault']>, { kind: 'none' }>,
  sim: Simulator,
): FastifyReply {
  const contextId = request.simContext.correlationId;
  switch (fault.kind) {
    case 'error5xx': {
      const { code, message } = SERVER_ERROR_CODES[fault.status];
      return reply.code(fault.status).send(errorBody(fault.status, code, message, contextId));
    }
    case 'concurrentModification':
      return reply
        .code(409)
        .send(errorBody(409, 'general.conflict', CONCURRENT_MODIFICATION_MESSAGE, contextId));
    case 'timeout':
      reply.hijack();
      sim.engine.timers.after(fault.holdMs, 'timeout fault', () => request.raw.socket?.destroy());
      return reply;
    case 'drop':
      reply.hijack();
      request.raw.socket?.destroy();
      return reply;
  }
}
