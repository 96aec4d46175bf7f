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
    // Not fastify's onRequestAbort hook: with one, fastify adds a 'close' listener to every request, sampled or not,
    // and a request's own 'close' comes as soon as its body is read. The response's comes when it is sent or the
    // connection is gone, whichever is first: unfinished, the client gave up (onResponse ends a finished one first).
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) endAborted(request);
    });
    // Fastify runs the rest of the request's hooks and its handler from `done`: inside the span's context.
    context.with(trace.setSpan(parent, span), done);
  });
  app.addHook('onError', (request, _reply, error, done) => {
    const traced = requestSpans.get(request);
    if (traced) {
      traced.span.recordException(error);
      traced.span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
      traced.errored = true;
    }
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    const traced = requestSpans.get(request);
    if (traced) {
      const { span } = traced;
      span.setAttribute('http.response.status_code', reply.statusCode);
      // onError already set a 5xx that threw (with its message); one answered without throwing gets a bare ERROR.
      if (reply.statusCode >= 500 && !traced.errored) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
      requestSpans.delete(request);
    }
    done();
  });
}

/** A request the client gave up on gets no onResponse: its span ends here, as an error. */
function endAborted(request: FastifyRequest): void {
  const span = requestSpans.get(request)?.span;
  if (!span) return;
  span.setStatus({ code: SpanStatusCode.ERROR, message: 'request aborted by the client' });
  span.end();
  requestSpans.delete(request);
}
