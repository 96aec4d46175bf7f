import { pathToFileURL } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';

/**
 * The floor of the ingest benchmark (issue 23): a bare fastify POST handler on ingest's route that reads the body as
 * text with the same body limit, parses the same JSON and answers 202 with a body of ingest's shape, and nothing
 * else (no signature, no validation, no Redis, no metrics, no logging). Whatever ingest does beyond this is what
 * the ratio measures. Run as its own process (`node dist/ingest/bare-server.js`), like ingest.
 */
export function createBareServer(options: { bodyLimitBytes?: number } = {}): FastifyInstance {
  const app = Fastify({ bodyLimit: options.bodyLimitBytes ?? 1024 * 1024 });
  // As ingest: the body as text, parsed in the handler (ingest must keep the raw bytes for the signature).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  app.post('/v1/webhooks/wfm', async (request, reply) => {
    let body: unknown;
    try {
      body = JSON.parse(typeof request.body === 'string' ? request.body : '');
    } catch {
      return reply.code(400).send({ error: 'invalid_event' });
    }
    const events =
      typeof body === 'object' && body !== null && Array.isArray((body as { events?: unknown }).events)
        ? (body as { events: unknown[] }).events.length
        : 1;
    return reply.code(202).send({ accepted: events, duplicates: 0, stale: 0 });
  });
  app.get('/healthz', async () => ({ status: 'ok' }));
  return app;
}

async function main(): Promise<void> {
  const app = createBareServer({
    bodyLimitBytes: Number(process.env.INGEST_BODY_LIMIT_BYTES ?? 1024 * 1024),
  });
  const stop = () => {
    // A clean exit, so that `node --cpu-prof` writes its profile.
    void app.close().finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  await app.listen({ port: Number(process.env.PORT ?? 0), host: process.env.HOST ?? '127.0.0.1' });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
