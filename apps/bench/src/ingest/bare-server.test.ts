import { afterEach, describe, expect, it } from 'vitest';
import { createBareServer } from './bare-server.js';

describe('the ingest floor: a bare fastify POST handler', () => {
  let app: ReturnType<typeof createBareServer> | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function post(body: string): Promise<Response> {
    app = createBareServer({ bodyLimitBytes: 1024 });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    return fetch(`${address}/v1/webhooks/wfm`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
  }

  it('parses the JSON body and answers 202 in ingest’s shape', async () => {
    const response = await post(JSON.stringify({ events: [{ id: 'a' }, { id: 'b' }] }));
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ accepted: 2, duplicates: 0, stale: 0 });
  });

  it('answers 400 to a body that is not JSON, 413 over the limit', async () => {
    expect((await post('{not json')).status).toBe(400);
    await app?.close();
    expect((await post(JSON.stringify({ pad: 'x'.repeat(2048) }))).status).toBe(413);
  });
});
