import type { ServerResponse } from 'node:http';
import {
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/*
 * One SERVER span per request, ended when the response has been sent (docs/decisions/030). Our own hooks rather
 * than @fastify/otel because a request that is not sampled must cost next to nothing: that plugin entered a context
 * and kept a (non-recording) span for every request, sampled or not, which cost ingest about 6% of its CPU per
 * delivery with 0% sampled (measured). Here the sampler is asked once, and only a recording span enters a context:
 * code below it finds no active span, which is exactly what it would make of a non-recording one.
 */

/** Probes and metrics scrapes are not deliveries: no trace for them. */
const OPS_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/** The recording span of each traced request (and whether onError marked it); a request not sampled has none. */
const requestSpans = new WeakMap<FastifyRequest, { span: Span; errored: boolean }>();

/** Adds the hooks that trace `app`'s requests with `tracer`; call it before any route is added. */
export function traceRequests(app: FastifyInstance, tracer: Tracer): void {
  app.addHook('onRequest', (request, reply, done) => {
    if (OPS_PATHS.has(request.url)) return done();
    // A sender's traceparent is continued, its sampled flag honoured by a parent-based sampler.
    const parent = propagation.extract(ROOT_CONTEXT, request.headers);
    const route = request.routeOptions.url;
    const span = tracer.startSpan(
      `${request.method} ${route ?? request.url}`,
      { kind: SpanKind.SERVER },
      parent,
    );
    if (!span.isRecording()) return done();
    span.setAttributes({
      'http.request.method': request.method,
      'url.path': request.url,
      'http.request.id': String(request.id),
      ...(route === undefined ? {} : { 'http.route': route }),
    });
    requestSpans.set(request, { span, errored: false });
    // The span ends when the response's 'close' comes: once it has been sent, or once the connection is gone,
    // whichever is first. Not fastify's onResponse hook: it runs for every request, sampled or not (about 1 µs each for
    // nothing, decision 038). Nor its onRequestAbort hook: with one, fastify adds a 'close' listener to every request,
    // and a request's own 'close' comes as soon as its body is read.
    reply.raw.once('close', () => endSpan(request, reply.raw));
    // Fastify runs the rest of the request's hooks and its handler from `done`: inside the span's context.
    context.with(trace.setSpan(parent, span), done);
  });
  // Only an error runs onError hooks: it costs a request that succeeds nothing.
  app.addHook('onError', (request, _reply, error, done) => {
    const traced = requestSpans.get(request);
    if (traced) {
      traced.span.recordException(error);
      traced.span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
      traced.errored = true;
    }
    done();
  });
}

/**
 * Ends a traced request's span when its response closes: sent, with its status code (a 5xx answered without throwing
 * gets a bare ERROR; onError already marked one that threw), or unfinished, the client having given up.
 */
function endSpan(request: FastifyRequest, response: ServerResponse): void {
  const traced = requestSpans.get(request);
  if (!traced) return;
  requestSpans.delete(request);
  const { span, errored } = traced;
  if (!response.writableFinished)
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'request aborted by the client' });
  else {
    span.setAttribute('http.response.status_code', response.statusCode);
    if (response.statusCode >= 500 && !errored) span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}
