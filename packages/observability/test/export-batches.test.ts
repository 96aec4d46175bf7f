import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { trace } from '@opentelemetry/api';
import { waitFor } from '@wfm-sync/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_EXPORT_BATCH_SIZE, startTracing } from '../src/tracing.js';

/** Spans per OTLP/HTTP JSON export request that a local collector received. */
async function startCollector(): Promise<{ url: string; exports: number[]; close(): Promise<void> }> {
  const exports: number[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      const parsed = JSON.parse(body) as { resourceSpans: { scopeSpans: { spans: unknown[] }[] }[] };
      exports.push(
        parsed.resourceSpans.flatMap((r) => r.scopeSpans).reduce((n, scope) => n + scope.spans.length, 0),
      );
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exports,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('span exports (decisions 033 and 038)', () => {
  let closeCollector: (() => Promise<void>) | undefined;
  const VARIABLES = [
    'OTEL_BSP_MAX_EXPORT_BATCH_SIZE',
    'OTEL_EXPORTER_OTLP_ENDPOINT',
    'OTEL_EXPORTER_OTLP_PROTOCOL',
  ];
  const saved = new Map(VARIABLES.map((name) => [name, process.env[name]]));
  afterAll(async () => {
    await closeCollector?.();
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it(`sends spans in batches of ${DEFAULT_EXPORT_BATCH_SIZE} when OTEL_BSP_MAX_EXPORT_BATCH_SIZE is unset`, async () => {
    const collector = await startCollector();
    closeCollector = collector.close;
    delete process.env.OTEL_BSP_MAX_EXPORT_BATCH_SIZE;
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = collector.url;
    process.env.OTEL_EXPORTER_OTLP_PROTOCOL = 'http/json';
    const tracing = await startTracing({ service: 'export-batches-test' });
    expect(tracing.enabled).toBe(true);

    const tracer = trace.getTracer('export-batches-test');
    for (let i = 0; i < 2 * DEFAULT_EXPORT_BATCH_SIZE + 2; i++) tracer.startSpan(`span ${i}`).end();
    // Full batches leave at once, not at the SDK's 5 s timer; the rest at shutdown.
    await waitFor(() => collector.exports.length >= 2, {
      timeoutMs: 2_000,
      what: 'two full batches exported',
    });
    expect(collector.exports).toEqual([DEFAULT_EXPORT_BATCH_SIZE, DEFAULT_EXPORT_BATCH_SIZE]);

    await tracing.shutdown();
    expect(collector.exports).toEqual([DEFAULT_EXPORT_BATCH_SIZE, DEFAULT_EXPORT_BATCH_SIZE, 2]);
    expect(process.env.OTEL_BSP_MAX_EXPORT_BATCH_SIZE).toBe(String(DEFAULT_EXPORT_BATCH_SIZE));
  });
});
