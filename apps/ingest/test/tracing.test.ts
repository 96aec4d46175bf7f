import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { createLogger, startTracing, type Tracing } from '@wfm-sync/observability';
import { agentQueueName, PipelineNames } from '@wfm-sync/pipeline';
import { testRedisUrl, waitFor } from '@wfm-sync/test-support';
import { Queue } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { capacityEvent } from './support/events.js';
import { type IngestUnderTest, startIngest, WEBHOOK_PATH } from './support/ingest.js';
import { signedHeaders, type WebhookHeaders } from './support/signing.js';
import { type SimulatedGenesys, startSimulatedGenesys, utilizationApplied } from './support/simulator.js';
import { agentOf } from './support/topology.js';
import { type InProcessWorker, startInProcessWorker } from './support/worker.js';

const UTILIZATION_PUT = 'PUT /api/v2/routing/users/{userId}/utilization';

describe('tracing: one change from the webhook to the Genesys write', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let genesys: SimulatedGenesys | undefined;
  let ingest: IngestUnderTest | undefined;
  let worker: InProcessWorker | undefined;

  // Tracing first, as each main does: queues, workers and the ingest app pick it up when they are created.
  beforeAll(async () => {
    tracing = await startTracing({
      service: 'tracing-test',
      spanProcessors: [new SimpleSpanProcessor({ exporter })],
    });
  });
  afterAll(async () => tracing.shutdown());
  afterEach(async () => {
    await worker?.close();
    await ingest?.close();
    await genesys?.sim.close();
    [worker, ingest, genesys] = [undefined, undefined, undefined];
    exporter.reset();
  });

  const spans = () => exporter.getFinishedSpans();
  const named = (name: string) => spans().filter((span) => span.name === name);
  const traceOf = (span: ReadableSpan) =>
    spans().filter((other) => other.spanContext().traceId === span.spanContext().traceId);
  const idOf = (span: ReadableSpan) => span.spanContext().spanId;

  async function start(): Promise<{ genesys: SimulatedGenesys; ingest: IngestUnderTest }> {
    genesys = await startSimulatedGenesys();
    ingest = await startIngest({ topology: genesys.topology });
    return { genesys, ingest };
  }
  async function startWorker(): Promise<void> {
    worker = await startInProcessWorker({
      redisUrl: await testRedisUrl(),
      prefix: ingest!.prefix,
      topology: genesys!.topology.index,
    });
  }

  it('one signed webhook makes one connected trace: delivery, event, enqueue, job, reconcile, the PUT', async () => {
    const { genesys, ingest } = await start();
    await startWorker();
    const agent = agentOf(genesys.topology, 0, 0);
    const event = capacityEvent(agent, 4, 1);

    // Over a real socket, as a sender posts it (inject would skip the HTTP server's own async hand-overs).
    const address = await ingest.app.listen({ port: 0, host: '127.0.0.1' });
    const body = JSON.stringify(event);
    const response = await fetch(`${address}${WEBHOOK_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signedHeaders(ingest.secrets[0]!, body) },
      body,
    });
    expect(response.status).toBe(202);
    await waitFor(() => utilizationApplied(genesys, event), { timeoutMs: 15_000, what: 'the PUT applied' });
    const reconcile = await waitFor(
      () => named('reconcile agent').find((span) => span.attributes['wfm.outcome'] === 'applied'),
      { what: 'the reconcile span' },
    );

    const http = named('POST /v1/webhooks/wfm');
    expect(http).toHaveLength(1);
    const root = http[0]!;
    expect(root.kind).toBe(SpanKind.SERVER);
    expect(root.attributes['http.response.status_code']).toBe(202);
    expect(root.parentSpanContext).toBeUndefined();
    // Connected: every span of the trace but the delivery's has its parent in the trace (once the job's span ended).
    const inTrace = await waitFor(
      () => {
        const found = traceOf(root);
        const ids = new Set(found.map(idOf));
        return found.every((span) => span === root || ids.has(span.parentSpanContext?.spanId ?? ''))
          ? found
          : undefined;
      },
      { what: 'every span of the trace ended' },
    );
    const names = inTrace.map((span) => span.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'record agent.capacity.updated',
        expect.stringMatching(/^add(Bulk)? /),
        expect.stringMatching(/^process /),
        'reconcile agent',
        UTILIZATION_PUT,
      ]),
    );

    // The enqueue is an event on the delivery's span (decision 037), not a span of its own.
    expect(names).not.toContain('enqueue');
    // Two keys: the agent's, and its campaign's re-pacing.
    expect(root.events.map((e) => [e.name, e.attributes?.['wfm.keys']])).toEqual([['enqueue', 2]]);
    expect(root.events[0]?.attributes?.['wfm.enqueue.wait_ms']).toEqual(expect.any(Number));

    const recorded = inTrace.find((span) => span.name === 'record agent.capacity.updated')!;
    expect(recorded.attributes).toMatchObject({
      'wfm.event.id': event.id,
      'wfm.event.outcome': 'accepted',
      'wfm.key': `${agent.orgId}/agent/${agent.agent.id}`,
    });
    expect(inTrace).toContain(reconcile);
    expect(reconcile.attributes).toMatchObject({
      'wfm.kind': 'agent',
      'wfm.org': agent.orgId,
      'wfm.key': `${agent.orgId}/agent/${agent.agent.id}`,
      'wfm.outcome': 'applied',
      'wfm.reason': expect.any(String),
      'wfm.plan.calls': 1,
    });
    expect(reconcile.links.map((link) => link.context.spanId)).toEqual([idOf(recorded)]);

    const put = inTrace.find((span) => span.name === UTILIZATION_PUT)!;
    expect(put.kind).toBe(SpanKind.CLIENT);
    expect(ancestors(inTrace, put)).toContain(reconcile);
    expect(put.attributes).toMatchObject({
      'http.request.method': 'PUT',
      'url.template': '/api/v2/routing/users/{userId}/utilization',
      'http.response.status_code': 200,
      'genesys.correlation_id': expect.any(String),
      'genesys.budget.wait_ms': expect.any(Number),
    });
  });

  it('links the reconcile of a key changed by three webhooks before it ran to each of the three', async () => {
    const { genesys, ingest } = await start();
    const agent = agentOf(genesys.topology, 0, 1);
    const events = [1, 2, 3].map((sequence) => capacityEvent(agent, sequence + 1, sequence));
    for (const event of events) expect((await ingest.deliver(event)).statusCode).toBe(202);
    const deliveries = named('POST /v1/webhooks/wfm');
    expect(new Set(deliveries.map((span) => span.spanContext().traceId)).size).toBe(3);
    const recorded = named('record agent.capacity.updated');
    expect(recorded).toHaveLength(3);

    await startWorker();
    await waitFor(() => utilizationApplied(genesys, events[2]!), {
      timeoutMs: 15_000,
      what: 'the last applied',
    });
    const reconciles = await waitFor(
      () => {
        const found = named('reconcile agent').filter(
          (span) => span.attributes['wfm.key'] === `${agent.orgId}/agent/${agent.agent.id}`,
        );
        return found.some((span) => span.attributes['wfm.outcome'] === 'applied') ? found : undefined;
      },
      { what: 'the reconcile span' },
    );
    // One run applied the newest state, carrying all three: its links lead back to each webhook's trace.
    expect(reconciles).toHaveLength(1);
    const links = reconciles[0]!.links.map((link) => link.context);
    expect(links.map((link) => link.spanId).sort()).toEqual(recorded.map(idOf).sort());
    expect(links.map((link) => link.traceId).sort()).toEqual(
      deliveries.map((span) => span.spanContext().traceId).sort(),
    );
  });

  it('a redelivered webhook-id ends its event spans as unrecorded: its claim-and-store stored nothing', async () => {
    const { genesys, ingest } = await start();
    const event = capacityEvent(agentOf(genesys.topology, 0, 0), 3, 1);
    const traceId = randomBytes(16).toString('hex');
    const sampled = {
      headers: (signed: WebhookHeaders) => ({
        ...signed,
        traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
      }),
    };
    expect((await ingest.deliver(event, { id: 'msg_traced_twice', ...sampled })).statusCode).toBe(202);
    exporter.reset();

    const again = await ingest.deliver(event, { id: 'msg_traced_twice', ...sampled });

    expect(again.json()).toEqual({ duplicate: true });
    const records = named(`record ${event.type}`);
    expect(records).toHaveLength(1);
    expect(records[0]!.attributes['wfm.event.outcome']).toBe('unrecorded');
    expect(records[0]!.spanContext().traceId).toBe(traceId);
  });

  it('keeps the trace link of a kept event only, in its store call: the newest eight per key, for a day', async () => {
    const { genesys, ingest } = await start();
    const agent = agentOf(genesys.topology, 0, 2);
    const list = new PipelineNames(ingest.prefix).org(agent.orgId).traceLinks('agent', agent.agent.id);
    const linkOf = (span: ReadableSpan) => `00-${span.spanContext().traceId}-${idOf(span)}-01`;
    const events = Array.from({ length: 10 }, (_, i) => capacityEvent(agent, i + 2, i + 1));
    for (const event of events) expect((await ingest.deliver(event)).statusCode).toBe(202);
    const kept = named('record agent.capacity.updated').map(linkOf);
    expect(kept).toHaveLength(10);
    expect(await ingest.connection.lrange(list, 0, -1)).toEqual(kept.slice(2).reverse());
    exporter.reset();

    // One delivery with the last event again (a duplicate), an older one (stale) and a newer one (kept).
    const newer = capacityEvent(agent, 20, 11);
    const response = await ingest.deliver({ events: [events[9], events[4], newer] });
    expect(response.json()).toEqual({ accepted: 1, duplicates: 1, stale: 1 });
    const outcomes = named('record agent.capacity.updated').map((span) => [
      span.attributes['wfm.event.id'],
      span.attributes['wfm.event.outcome'],
    ]);
    expect(outcomes).toEqual([
      [events[9]!.id, 'duplicate'],
      [events[4]!.id, 'stale'],
      [newer.id, 'accepted'],
    ]);
    const newerSpan = named('record agent.capacity.updated').find(
      (span) => span.attributes['wfm.event.id'] === newer.id,
    )!;
    expect(await ingest.connection.lrange(list, 0, -1)).toEqual([
      linkOf(newerSpan),
      ...kept.slice(3).reverse(),
    ]);
    const ttlMs = await ingest.connection.pttl(list);
    expect(ttlMs).toBeGreaterThan(86_000_000);
    expect(ttlMs).toBeLessThanOrEqual(86_400_000);
  });

  it('a sampled delivery shares the enqueue batch of the unsampled ones stored with it (no round trip of its own)', async () => {
    const { genesys, ingest } = await start();
    // A batch of one job goes out as an `add`, of more as an `addBulk`: each is one batch.
    const addBulk = vi.spyOn(Queue.prototype, 'addBulk');
    const add = vi.spyOn(Queue.prototype, 'add');
    const agents = [0, 1, 2, 3].map((i) => agentOf(genesys.topology, 0, i));
    // The sender's traceparent decides sampling (parent-based): flags 01 sampled, 00 not.
    const traceparent = (sampled: boolean) =>
      `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-0${sampled ? 1 : 0}`;
    const deliverAtOnce = async (sequence: number, sampled: readonly boolean[]) => {
      addBulk.mockClear();
      add.mockClear();
      const responses = await Promise.all(
        agents.map((agent, i) =>
          ingest.deliver(capacityEvent(agent, sequence + 1, sequence), {
            headers: (signed) => ({ ...signed, traceparent: traceparent(sampled[i] === true) }),
          }),
        ),
      );
      expect(responses.map((r) => r.statusCode)).toEqual([202, 202, 202, 202]);
      return addBulk.mock.calls.length + add.mock.calls.length;
    };
    let mixed: number;
    let unsampled: number;
    try {
      // Mixed first, so that its jobs are the ones kept (a later add of the same key is deduplicated).
      mixed = await deliverAtOnce(1, [true, false, true, false]);
      unsampled = await deliverAtOnce(2, [false, false, false, false]);
    } finally {
      addBulk.mockRestore();
      add.mockRestore();
    }
    expect(named('record agent.capacity.updated')).toHaveLength(2);
    // Before, a sampled delivery wrote its trace links before its enqueue: one round trip later, a batch of its own.
    expect(mixed).toBe(unsampled);

    // Each job carries the trace context of its own delivery: a sampled one its request span's, an unsampled one
    // none, even in a batch a sampled delivery opened (BullMQ's own telemetry gave it the opener's).
    const names = new PipelineNames(ingest.prefix);
    const metadataByAgent = await Promise.all(
      agents.map(async ({ orgId, region, agent }) => {
        const queue = new Queue(agentQueueName(region, orgId, agent.routingGroupId), {
          connection: ingest.queueConnection,
          prefix: names.queuePrefix,
        });
        const jobs = await queue.getJobs();
        await queue.close();
        return jobs.filter((job) => job.data.id === agent.id).map((job) => job.opts.telemetry?.metadata);
      }),
    );
    const deliveries = named('POST /v1/webhooks/wfm');
    expect(deliveries.length).toBeGreaterThanOrEqual(2);
    const traceparentOf = (metadata: string | undefined) =>
      metadata === undefined ? undefined : (JSON.parse(metadata) as { traceparent?: string }).traceparent;
    metadataByAgent.forEach((metadata, i) => {
      expect(metadata).toHaveLength(1);
      const traceparents = metadata.map(traceparentOf);
      if (i % 2 === 1) expect(traceparents.every((t) => t === undefined)).toBe(true);
      else
        expect(
          traceparents.some((t) =>
            deliveries.some((span) => t?.includes(span.spanContext().spanId) === true),
          ),
        ).toBe(true);
    });

    // Its links were written all the same (with its store).
    const { orgId, agent } = agents[0]!;
    const recorded = named('record agent.capacity.updated').find(
      (span) => span.attributes['wfm.key'] === `${orgId}/agent/${agent.id}`,
    )!;
    const list = names.org(orgId).traceLinks('agent', agent.id);
    expect(await ingest.connection.lrange(list, 0, -1)).toEqual([
      `00-${recorded.spanContext().traceId}-${idOf(recorded)}-01`,
    ]);
  });

  it('puts the trace and span ids of the active span in every log line written inside it', async () => {
    const lines: string[] = [];
    const logger = createLogger({
      service: 'tracing-test',
      pretty: false,
      destination: new Writable({
        write(chunk, _encoding, callback) {
          lines.push(String(chunk));
          callback();
        },
      }),
    });
    const { trace } = await import('@opentelemetry/api');
    const tracer = trace.getTracer('test');
    logger.info('outside');
    const ids = tracer.startActiveSpan('inside', (span) => {
      logger.info('inside');
      span.end();
      return span.spanContext();
    });
    const [outside, inside] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(outside).not.toHaveProperty('trace_id');
    expect(inside).toMatchObject({ trace_id: ids.traceId, span_id: ids.spanId, trace_flags: '01' });
  });
});

function ancestors(spans: readonly ReadableSpan[], span: ReadableSpan): ReadableSpan[] {
  const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
  const found: ReadableSpan[] = [];
  for (let at = byId.get(span.parentSpanContext?.spanId ?? ''); at; ) {
    found.push(at);
    at = byId.get(at.parentSpanContext?.spanId ?? '');
  }
  return found;
}
