import { keyMember, keyOfEvent } from '@wfm-sync/domain';
import { PipelineNames, webhookIdKey } from '@wfm-sync/pipeline';
import { type PrivateRedis, startPrivateRedis, waitFor } from '@wfm-sync/test-support';
import type { LightMyRequestResponse } from 'fastify';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { type CapacityEvent, capacityEvent } from './support/events.js';
import { type IngestUnderTest, startIngest } from './support/ingest.js';
import { agentOf } from './support/topology.js';

const REDIS_TIMEOUT_MS = 500;
const MAX_IN_FLIGHT = 4;

async function inFlight(ingest: IngestUnderTest): Promise<number> {
  const metrics = (await ingest.app.inject({ method: 'GET', url: '/metrics' })).body;
  const line = metrics.split('\n').find((l) => l.startsWith('wfm_sync_webhooks_in_flight'));
  return Number(line?.split(' ')[1] ?? Number.NaN);
}

async function timed(
  delivery: Promise<LightMyRequestResponse>,
): Promise<{ response: LightMyRequestResponse; ms: number }> {
  const started = Date.now();
  const response = await delivery;
  return { response, ms: Date.now() - started };
}

describe('POST /v1/webhooks/wfm: a stalled Redis (SIGSTOP)', () => {
  let ingest: IngestUnderTest | undefined;
  let redis: PrivateRedis | undefined;
  let admin: Redis | undefined;
  afterEach(async () => {
    admin?.disconnect();
    await ingest?.close();
    await redis?.stop();
    [ingest, redis, admin] = [undefined, undefined, undefined];
  });

  it('answers every webhook 503 + Retry-After within its deadline, holds at most the cap, and accepts the redeliveries after resume', async () => {
    redis = await startPrivateRedis();
    ingest = await startIngest({
      redisUrl: redis.url,
      redisTimeoutMs: REDIS_TIMEOUT_MS,
      maxInFlight: MAX_IN_FLIGHT,
    });
    const agents = [0, 1, 2, 3].flatMap((i) => [
      agentOf(ingest!.topology, 0, i),
      agentOf(ingest!.topology, 1, i),
    ]);
    for (const agent of agents)
      expect((await ingest.deliver(capacityEvent(agent, 1, 1))).statusCode).toBe(202);

    const events = agents.map((agent) => capacityEvent(agent, 9, 2));
    const ids = events.map((_, i) => `msg_stalled_${i}`);
    redis.stall();
    const shed = await Promise.all(events.map((event, i) => timed(ingest!.deliver(event, { id: ids[i] }))));
    for (const { response, ms } of shed) {
      expect(response.statusCode).toBe(503);
      expect(response.json()).toEqual({ error: 'unavailable' });
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
      expect(ms).toBeLessThan(REDIS_TIMEOUT_MS + 1_000);
    }
    // Beyond the cap a webhook is refused at once, without waiting on Redis.
    expect(shed.filter(({ ms }) => ms < REDIS_TIMEOUT_MS).length).toBeGreaterThanOrEqual(
      events.length - MAX_IN_FLIGHT,
    );
    expect(await inFlight(ingest)).toBeLessThanOrEqual(MAX_IN_FLIGHT);

    redis.resume();
    await waitFor(async () => (await inFlight(ingest!)) === 0, {
      what: 'every slot given back after resume',
    });
    // The sender retries each shed delivery with its webhook-id. One refused at the cap sent nothing, and its retry
    // records it (202). One whose claim-and-store script landed late stored its event and marked its id done then
    // (decision 036), so its retry is a duplicate (200). Either way the event is stored and its key due.
    const retried = [];
    for (const [i, event] of events.entries())
      retried.push((await ingest.deliver(event, { id: ids[i] })).statusCode);
    expect(retried.every((status) => status === 202 || status === 200)).toBe(true);
    expect(retried.filter((status) => status === 202).length).toBeGreaterThanOrEqual(
      events.length - MAX_IN_FLIGHT,
    );
    const names = new PipelineNames(ingest.prefix);
    for (const event of events) {
      expect(await ingest.desiredAgent(event.orgId, event.data.userId)).toEqual(event.data);
      expect(
        await ingest.connection.zscore(names.org(event.orgId).due, keyMember(keyOfEvent(event))),
      ).not.toBeNull();
    }
  });

  it('a claim that lands late with its store (after its delivery was answered 503) stores the event and marks the id done: the redelivery is a duplicate, nothing is lost', async () => {
    redis = await startPrivateRedis();
    ingest = await startIngest({ redisUrl: redis.url, redisTimeoutMs: REDIS_TIMEOUT_MS });
    admin = new Redis(redis.url);
    const event: CapacityEvent = capacityEvent(agentOf(ingest.topology, 0, 0), 7, 4);
    // Warm: the scripts are loaded, so the claim-and-store below is one EVALSHA.
    expect((await ingest.deliver(capacityEvent(agentOf(ingest.topology, 0, 0), 1, 1))).statusCode).toBe(202);
    // Writes wait: the claim-and-store script (the first Redis command of a delivery) is the command that lands late.
    await admin.client('PAUSE', 60_000, 'WRITE');
    const first = await timed(ingest.deliver(event, { id: 'msg_late_claim' }));
    expect(first.response.statusCode).toBe(503);
    expect(first.ms).toBeLessThan(REDIS_TIMEOUT_MS + 1_000);
    await admin.client('UNPAUSE');
    const idKey = webhookIdKey(ingest.prefix, 'msg_late_claim');
    const late = await waitFor(() => admin!.get(idKey), { what: 'the late claim to land' }).catch(
      async (e) => {
        throw new Error(`${e} ${JSON.stringify(await ingest!.snapshot())} ${first.response.body}`);
      },
    );
    expect(late).toBe('done');
    // The late script stored the event with its claim (decision 031) and marked the id done (decision 036): the event
    // is the agent's desired state, and its key is due, so the sweeper enqueues it even though no delivery did.
    expect(await ingest.desiredAgent(event.orgId, event.data.userId)).toEqual(event.data);
    const due = new PipelineNames(ingest.prefix).org(event.orgId).due;
    expect(await admin.zscore(due, keyMember(keyOfEvent(event)))).not.toBeNull();

    // Its events are stored, so the redelivery is a duplicate.
    const retried = await ingest.deliver(event, { id: 'msg_late_claim' });
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toEqual({ duplicate: true });
  });
});
