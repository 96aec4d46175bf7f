import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bodyOf, capacityEvent } from './support/events.js';
import { type IngestUnderTest, startIngest, WEBHOOK_PATH } from './support/ingest.js';
import { signedHeaders } from './support/signing.js';
import { agentOf } from './support/topology.js';

/** The parts of an OpenAPI 3.1 document that clients and doc tools rely on. */
const openApiShape = z.object({
  openapi: z.string().regex(/^3\.1\.\d+$/),
  info: z.object({ title: z.string().min(1), version: z.string().min(1) }),
  paths: z.record(
    z.string().startsWith('/'),
    z.partialRecord(
      z.enum(['get', 'post', 'put', 'patch', 'delete']),
      z.object({
        parameters: z
          .array(z.object({ name: z.string(), in: z.enum(['header', 'query', 'path', 'cookie']) }))
          .optional(),
        requestBody: z
          .object({ content: z.record(z.string(), z.object({ schema: z.unknown() })) })
          .optional(),
        responses: z.record(z.string().regex(/^[1-5]\d\d$/), z.object({ description: z.string().min(1) })),
      }),
    ),
  ),
  components: z.object({ schemas: z.record(z.string(), z.unknown()) }).optional(),
});

/** Every `$ref` anywhere in `value`. */
function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key === '$ref' && typeof inner === 'string' ? [inner] : refsIn(inner),
  );
}

describe('operations endpoints', () => {
  let ingest: IngestUnderTest;
  beforeEach(async () => {
    ingest = await startIngest();
  });
  afterEach(async () => ingest.close());

  it('serves an OpenAPI 3.1 document of the webhook endpoint with every status of the contract', async () => {
    const response = await ingest.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const document = openApiShape.parse(response.json());

    const post = document.paths[WEBHOOK_PATH]?.post;
    expect(post).toBeDefined();
    expect(Object.keys(post!.responses).sort()).toEqual([
      '200',
      '202',
      '400',
      '401',
      '404',
      '413',
      '415',
      '503',
    ]);
    expect(post!.parameters?.filter((p) => p.in === 'header').map((p) => p.name)).toEqual([
      'webhook-id',
      'webhook-timestamp',
      'webhook-signature',
    ]);
    expect(Object.keys(post!.requestBody?.content ?? {})).toEqual(['application/json']);
    expect(response.json().paths[WEBHOOK_PATH].post.responses['503'].headers).toHaveProperty('Retry-After');
    // Every reference resolves inside the document.
    const refs = refsIn(response.json());
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(document.components?.schemas).toHaveProperty(ref.slice('#/components/schemas/'.length));
    }
  });

  it('answers /healthz and /readyz with 200 while Redis is reachable', async () => {
    const health = await ingest.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    const ready = await ingest.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ok', checks: { redis: true } });
  });

  it('counts webhook requests by status and events by type and result in /metrics', async () => {
    const agent = agentOf(ingest.topology, 0, 0);
    const event = capacityEvent(agent, 2, 2);
    await ingest.deliver(bodyOf([event, event, capacityEvent(agent, 1, 1)]));
    await ingest.deliver('not json');

    const response = await ingest.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    const metrics = response.body;
    expect(metrics).toContain('# TYPE wfm_sync_webhook_requests_total counter');
    expect(metrics).toMatch(/^wfm_sync_webhook_requests_total\{[^}]*status="202"[^}]*\} 1$/m);
    expect(metrics).toMatch(/^wfm_sync_webhook_requests_total\{[^}]*status="400"[^}]*\} 1$/m);
    expect(metrics).toContain('# TYPE wfm_sync_events_total counter');
    for (const result of ['accepted', 'duplicate', 'stale']) {
      expect(metrics).toMatch(
        new RegExp(
          `^wfm_sync_events_total\\{[^}]*type="agent.capacity.updated"[^}]*result="${result}"[^}]*\\} 1$`,
          'm',
        ),
      );
    }
  });

  it('serves the webhook over a real socket: 202 for a signed event, 413 for a body over the limit', async () => {
    const address = await ingest.app.listen({ port: 0, host: '127.0.0.1' });
    const post = (body: string) =>
      fetch(`${address}${WEBHOOK_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signedHeaders(ingest.secrets[0]!, body) },
        body,
      });

    const accepted = await post(JSON.stringify(capacityEvent(agentOf(ingest.topology, 0, 0), 2, 1)));
    expect(accepted.status).toBe(202);
    expect(await accepted.json()).toEqual({ accepted: 1, duplicates: 0, stale: 0 });

    const tooLarge = await post(`{"events": [${' '.repeat(1024 * 1024)}]}`);
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toEqual({ error: 'payload_too_large' });
  });
});
