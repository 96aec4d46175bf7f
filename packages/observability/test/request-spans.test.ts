import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { instrumentFastify, startTracing, type Tracing } from '../src/index.js';

/*
 * The request span of every traced app (ingest's deliveries), over a real socket. Sampling here is the SDK's
 * default, parent-based always-on, so a sender's unsampled traceparent is how a request goes unsampled.
 */
describe('request spans', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let app: FastifyInstance;
  let base: string;
  /** What the handler saw as the active span, per request id. */
  const seen = new Map<string, { recording: boolean; traceId?: string } | undefined>();
  /** The response's 'close' listeners the handler saw, per request id. */
  const closeListeners = new Map<string, number>();

  beforeAll(async () => {
    tracing = await startTracing({
      service: 'request-spans-test',
      spanProcessors: [new SimpleSpanProcessor({ exporter })],
    });
    app = Fastify({ genReqId: (request) => String(request.headers['x-id'] ?? 'none') });
    instrumentFastify(app);
    const observe = (id: string) => {
      const span = trace.getActiveSpan();
      seen.set(id, span ? { recording: span.isRecording(), traceId: span.spanContext().traceId } : undefined);
    };
    app.post('/v1/things/:id', async (request, reply) => {
      // After the body was read and an await: the context must still be the request's.
      await new Promise((resolve) => setImmediate(resolve));
      observe(String(request.id));
      closeListeners.set(String(request.id), reply.raw.listenerCount('close'));
      return reply.code(202).send({ ok: true });
    });
    app.get('/boom', async (request) => {
      observe(String(request.id));
      throw new Error('handler failed');
    });
    app.get('/unavailable', async (_request, reply) => reply.code(503).send({ error: 'unavailable' }));
    app.get('/slow', async () => new Promise(() => undefined));
    // Its body read, then no answer: a client that gives up now has no request 'close' left to tell.
    app.post('/slow', async () => new Promise(() => undefined));
    app.get('/healthz', async (request) => {
      observe(String(request.id));
      return 'ok';
    });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.close();
    await tracing.shutdown();
  });
  afterEach(() => {
    exporter.reset();
    seen.clear();
    closeListeners.clear();
  });

  const ended = () => exporter.getFinishedSpans();
  const post = (id: string, headers: Record<string, string> = {}) =>
    fetch(`${base}/v1/things/1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-id': id, ...headers },
      body: JSON.stringify({ a: 1 }),
    });

  it('gives a sampled request one SERVER span, named by its route, active in its handler', async () => {
    expect((await post('r1')).status).toBe(202);
    await waitForSpans(1);
    const [span] = ended() as [ReadableSpan];
    expect(span.name).toBe('POST /v1/things/:id');
    expect(span.kind).toBe(SpanKind.SERVER);
    expect(span.parentSpanContext).toBeUndefined();
    expect(span.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/v1/things/:id',
      'url.path': '/v1/things/1',
      'http.request.id': 'r1',
      'http.response.status_code': 202,
    });
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(seen.get('r1')).toEqual({ recording: true, traceId: span.spanContext().traceId });
  });

  it("continues a sender's sampled traceparent", async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    await post('r2', { traceparent: `00-${traceId}-00f067aa0ba902b7-01` });
    await waitForSpans(1);
    const [span] = ended() as [ReadableSpan];
    expect(span.spanContext().traceId).toBe(traceId);
    expect(span.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
  });

  it('leaves a request that is not sampled without a span or a context', async () => {
    const unsampled = '00-4bf92f3577b34da6a3ce929d0e0e4737-00f067aa0ba902b7-00';
    expect((await post('r3', { traceparent: unsampled })).status).toBe(202);
    expect((await post('r4')).status).toBe(202);
    await waitForSpans(1);
    expect(ended().map((span) => span.attributes['http.request.id'])).toEqual(['r4']);
    // Not even a non-recording span: code below finds no active span, as if tracing were off.
    expect(seen.has('r3')).toBe(true);
    expect(seen.get('r3')).toBeUndefined();
  });

  it('watches only a sampled request for an abort: an unsampled one gets no listener of ours', async () => {
    await post('r10');
    await post('r11', { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4738-00f067aa0ba902b7-00' });
    await waitForSpans(1);
    // With fastify's onRequestAbort hook every request got a 'close' listener, sampled or not (decision 037).
    expect(closeListeners.get('r10')).toBe((closeListeners.get('r11') ?? Number.NaN) + 1);
  });

  it('marks a request whose handler threw as an error, with the exception', async () => {
    const response = await fetch(`${base}/boom`, { headers: { 'x-id': 'r5' } });
    expect(response.status).toBe(500);
    await waitForSpans(1);
    const [span] = ended() as [ReadableSpan];
    expect(span.attributes['http.response.status_code']).toBe(500);
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'handler failed' });
    expect(span.events.map((event) => event.name)).toEqual(['exception']);
  });

  it('marks a 5xx answered without throwing as an error too', async () => {
    expect((await fetch(`${base}/unavailable`, { headers: { 'x-id': 'r9' } })).status).toBe(503);
    await waitForSpans(1);
    const [span] = ended() as [ReadableSpan];
    expect(span.attributes['http.response.status_code']).toBe(503);
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.events).toEqual([]);
  });

  it.each([
    ['', 'GET', {}],
    [
      ' after its body was read',
      'POST',
      { body: JSON.stringify({ a: 1 }), headers: { 'content-type': 'application/json' } },
    ],
  ] as const)('ends the span of a request the client gave up on%s', async (_when, method, init) => {
    const controller = new AbortController();
    const gaveUp = fetch(`${base}/slow`, {
      method,
      ...init,
      headers: { ...('headers' in init ? init.headers : {}), 'x-id': `gave-up-${method}` },
      signal: controller.signal,
    }).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 100));
    controller.abort();
    await gaveUp;
    await waitForSpans(1);
    const [span] = ended() as [ReadableSpan];
    expect(span.name).toBe(`${method} /slow`);
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'request aborted by the client' });
  });

  it('does not trace probes', async () => {
    expect((await fetch(`${base}/healthz`, { headers: { 'x-id': 'r7' } })).status).toBe(200);
    await post('r8');
    await waitForSpans(1);
    expect(ended().map((span) => span.attributes['http.request.id'])).toEqual(['r8']);
    expect(seen.get('r7')).toBeUndefined();
  });

  async function waitForSpans(count: number): Promise<void> {
    for (let i = 0; i < 100 && ended().length < count; i++) await new Promise((r) => setTimeout(r, 20));
    // The response is sent before onResponse runs: give the span a moment to end, then expect exactly `count`.
    await new Promise((r) => setTimeout(r, 20));
    expect(ended()).toHaveLength(count);
  }
});
