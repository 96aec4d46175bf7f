import { createLogger, type Logger } from '@wfm-sync/observability';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_REQUEST_ID_LENGTH } from '../src/request-id.js';
import { bodyOf, capacityEvent } from './support/events.js';
import { type IngestUnderTest, type StartIngestOptions, startIngest } from './support/ingest.js';
import { agentOf } from './support/topology.js';

type LogLine = Record<string, unknown> & { msg: string };

/** The project's logger writing JSON lines into an array, as main.ts's writes them to stdout. */
function capturingLogger(): { logger: Logger; lines: LogLine[]; text(): string } {
  const raw: string[] = [];
  const logger = createLogger({
    service: 'ingest-test',
    level: 'debug',
    pretty: false,
    destination: { write: (line: string) => void raw.push(line) },
  });
  return {
    logger,
    get lines() {
      return raw.map((line) => JSON.parse(line) as LogLine);
    },
    text: () => raw.join(''),
  };
}

async function webhookRequests(ingest: IngestUnderTest, status: number): Promise<number> {
  const metrics = (await ingest.app.inject({ method: 'GET', url: '/metrics' })).body;
  const match = new RegExp(
    `^wfm_sync_webhook_requests_total\\{[^}]*status="${status}"[^}]*\\} (\\d+)$`,
    'm',
  ).exec(metrics);
  return match === null ? 0 : Number(match[1]);
}

describe('ingest logging', () => {
  let ingest: IngestUnderTest | undefined;
  afterEach(async () => ingest?.close());

  async function start(options: StartIngestOptions = {}) {
    const log = capturingLogger();
    ingest = await startIngest({ ...options, logger: log.logger });
    return { ingest, log };
  }

  it('logs a recorded delivery once, through the project logger, with the webhook-id as reqId', async () => {
    const { ingest, log } = await start();
    const response = await ingest.deliver(capacityEvent(agentOf(ingest.topology, 0, 0), 2, 1), {
      id: 'msg_2KWPBgLlAfxdpx',
    });

    expect(response.statusCode).toBe(202);
    const lines = log.lines.filter((line) => line.reqId === 'msg_2KWPBgLlAfxdpx');
    expect(lines).toEqual([
      expect.objectContaining({
        service: 'ingest-test',
        msg: 'webhook recorded',
        status: 202,
        accepted: 1,
        duplicates: 0,
        stale: 0,
      }),
    ]);
  });

  it('logs every kind of refusal once with its status and reason, never the body or the signature', async () => {
    const { ingest, log } = await start({ bodyLimitBytes: 2048, backlogLimit: 1 });
    const agent = agentOf(ingest.topology, 0, 0);
    const secretish = 'BODY-CONTENT-NEVER-LOGGED';
    const cases: {
      id: string;
      send: () => ReturnType<IngestUnderTest['deliver']>;
      status: number;
      reason: string;
    }[] = [
      {
        id: 'msg_400',
        send: () => ingest.deliver(`{"note":"${secretish}"`, { id: 'msg_400' }),
        status: 400,
        reason: 'invalid_event',
      },
      {
        id: 'msg_401',
        send: () =>
          ingest.deliver(
            { note: secretish },
            { id: 'msg_401', secret: `whsec_${Buffer.alloc(24, 7).toString('base64')}` },
          ),
        status: 401,
        reason: 'invalid_signature',
      },
      {
        id: 'msg_404',
        send: () => ingest.deliver({ ...capacityEvent(agent, 2, 1), orgId: 'org-gone' }, { id: 'msg_404' }),
        status: 404,
        reason: 'unknown_reference',
      },
      {
        id: 'msg_413',
        send: () => ingest.deliver({ note: secretish.repeat(200) }, { id: 'msg_413' }),
        status: 413,
        reason: 'payload_too_large',
      },
      {
        id: 'msg_415',
        send: () =>
          ingest.deliver(secretish, {
            id: 'msg_415',
            headers: (signed) => ({ ...signed, 'content-type': 'text/plain' }),
          }),
        status: 415,
        reason: 'unsupported_media_type',
      },
    ];
    for (const c of cases) {
      const response = await c.send();
      expect(response.statusCode, c.id).toBe(c.status);
      const lines = log.lines.filter((line) => line.reqId === c.id);
      expect(lines, c.id).toEqual([
        expect.objectContaining({ level: 40, msg: 'webhook refused', status: c.status, reason: c.reason }),
      ]);
    }
    expect(log.lines.find((line) => line.reqId === 'msg_400')).toMatchObject({
      issues: 1,
      firstIssue: { index: 0, path: '' },
    });
    expect(log.lines.find((line) => line.reqId === 'msg_404')).toMatchObject({
      references: 1,
      firstReference: { index: 0, field: 'orgId', value: 'org-gone' },
    });

    // 503: the region's backlog over its limit (two waiting jobs, limit 1).
    const peers = [agentOf(ingest.topology, 0, 0), agentOf(ingest.topology, 0, 1)];
    expect((await ingest.deliver(bodyOf(peers.map((a) => capacityEvent(a, 2, 1))))).statusCode).toBe(202);
    await ingest.backlog.sample();
    expect((await ingest.deliver(capacityEvent(agent, 3, 2), { id: 'msg_503' })).statusCode).toBe(503);
    expect(log.lines.filter((line) => line.reqId === 'msg_503')).toEqual([
      expect.objectContaining({ status: 503, reason: 'unavailable', retryAfterS: expect.any(Number) }),
    ]);

    expect(log.text()).not.toContain(secretish);
    expect(log.text()).not.toContain('whsec_');
    expect(log.text()).not.toMatch(/v1,[A-Za-z0-9+/]{20,}/);
  });

  it('escapes and bounds a hostile webhook-id, and generates an id when there is none', async () => {
    const { ingest, log } = await start();
    const hostile = `evil\n{"level":60,"msg":"forged"}\u001b[2J\u00e9${'x'.repeat(300)}`;

    await ingest.deliver(
      { note: 1 },
      { id: 'ignored', headers: (signed) => ({ ...signed, 'webhook-id': hostile }) },
    );
    await ingest.deliver({ note: 2 }, { headers: ({ 'webhook-id': _id, ...rest }) => rest });

    const [escaped, generated] = log.lines
      .filter((line) => line.msg === 'webhook refused')
      .map((line) => String(line.reqId));
    expect(escaped).toMatch(/^evil%0A%7B%22level%22:60%2C%22msg%22:%22forged%22%7D/);
    expect(escaped).toContain('%1B%5B2J%C3%A9xxx');
    expect(escaped!.length).toBeLessThanOrEqual(MAX_REQUEST_ID_LENGTH);
    expect(escaped).toMatch(/^[A-Za-z0-9_.:~+=/%-]+$/);
    expect(generated).toMatch(/^gen-[0-9a-f-]{36}$/);
    expect(log.lines.filter((line) => line.msg === 'forged')).toEqual([]);
  });

  it('samples a flood of refusals in the log, reports how many it left out, and counts every one in the metrics', async () => {
    let now = 1_000_000;
    const flushes: (() => void)[] = [];
    const { ingest, log } = await start({
      deliveryLog: {
        refusalLinesPerSecond: 5,
        now: () => now,
        schedule: (flush) => void flushes.push(flush),
      },
    });
    const wrongSecret = `whsec_${Buffer.alloc(24, 9).toString('base64')}`;

    for (let i = 0; i < 30; i++) {
      expect((await ingest.deliver({ n: i }, { secret: wrongSecret })).statusCode).toBe(401);
    }
    expect(log.lines.filter((line) => line.msg === 'webhook refused')).toHaveLength(5);
    expect(await webhookRequests(ingest, 401)).toBe(30);

    // The window's summary, when its timer fires: once, with the count.
    expect(flushes).toHaveLength(1);
    flushes[0]!();
    flushes[0]!();
    expect(log.lines.filter((line) => line.suppressed !== undefined)).toEqual([
      expect.objectContaining({ level: 40, status: 401, suppressed: 25 }),
    ]);

    // Another status has its own share; the next second 401 lines come back.
    expect((await ingest.deliver('not json')).statusCode).toBe(400);
    now += 1000;
    expect((await ingest.deliver({ n: 'again' }, { secret: wrongSecret })).statusCode).toBe(401);
    expect(log.lines.filter((line) => line.msg === 'webhook refused')).toHaveLength(7);
    expect(await webhookRequests(ingest, 401)).toBe(31);
  });

  it("samples the handler's own warnings while Redis is unreachable, and counts every 503", async () => {
    let now = 5_000_000;
    const { ingest, log } = await start({
      deliveryLog: { refusalLinesPerSecond: 3, now: () => now, schedule: () => undefined },
    });
    ingest.connection.disconnect();

    for (let i = 0; i < 20; i++) {
      const response = await ingest.deliver(capacityEvent(agentOf(ingest.topology, 0, 0), 2, i + 1));
      expect(response.statusCode).toBe(503);
    }
    expect(log.lines.filter((line) => line.msg === 'webhook refused')).toHaveLength(3);
    const handlerLines = log.lines.filter((line) => line.level === 40 && line.msg !== 'webhook refused');
    expect(handlerLines).toHaveLength(3);
    expect(handlerLines[0]).toMatchObject({ reqId: expect.stringMatching(/^msg_/), err: expect.anything() });
    expect(await webhookRequests(ingest, 503)).toBe(20);

    now += 1000;
    await ingest.deliver(capacityEvent(agentOf(ingest.topology, 0, 0), 2, 99));
    // The handler warns first (Redis), then the refusal is logged: each reports its own window.
    expect(log.lines.filter((line) => line.suppressed !== undefined)).toEqual([
      expect.objectContaining({ msg: expect.stringContaining('handler'), suppressed: 17 }),
      expect.objectContaining({ status: 503, suppressed: 17 }),
    ]);
  });

  it('logs and counts a delivery fastify itself refuses (Content-Length not matching the body)', async () => {
    const { ingest, log } = await start();
    const response = await ingest.app.inject({
      method: 'POST',
      url: '/v1/webhooks/wfm',
      headers: { 'content-type': 'application/json', 'content-length': '3', 'webhook-id': 'msg_length' },
      payload: '{"a":1}',
    });

    expect(response.statusCode).toBe(400);
    expect(log.lines.filter((line) => line.reqId === 'msg_length')).toEqual([
      expect.objectContaining({
        status: 400,
        reason: 'bad_request',
        code: expect.stringMatching(/^FST_ERR_/),
      }),
    ]);
    expect(await webhookRequests(ingest, 400)).toBe(1);
  });
});
