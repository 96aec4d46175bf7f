import { WebhookClaim, webhookIdKey } from '@wfm-sync/pipeline';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CLAIM_WITH_STORE_MAX_BODY_CHARS } from '../src/webhook-handler.js';
import { bodyOf, capacityEvent } from './support/events.js';
import { type IngestUnderTest, startIngest } from './support/ingest.js';
import { agentOf } from './support/topology.js';

describe('POST /v1/webhooks/wfm: accepted deliveries', () => {
  let ingest: IngestUnderTest;
  beforeEach(async () => {
    ingest = await startIngest();
  });
  afterEach(async () => ingest.close());

  it('answers 202 with counts for one event, stores its desired state and enqueues its key', async () => {
    const agent = agentOf(ingest.topology, 0, 0);
    const event = capacityEvent(agent, 2, 1);

    const response = await ingest.deliver(event);

    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ accepted: 1, duplicates: 0, stale: 0 });
    expect(await ingest.desiredAgent(agent.orgId, agent.agent.id)).toEqual(event.data);
    // The agent's key, and the pacing of its routing group's campaigns (the group gained an available agent).
    const group = ingest.topology.index.routingGroup(agent.orgId, agent.agent.routingGroupId);
    const campaigns = (group?.campaignIds ?? []).map((id) => `${agent.orgId}/campaign:${id}`);
    expect(campaigns.length).toBeGreaterThan(0);
    expect(await ingest.enqueuedKeys()).toEqual(
      [`${agent.orgId}/agent:${agent.agent.id}`, ...campaigns].sort(),
    );
  });

  it('answers 202 for a batch over several orgs and counts every event', async () => {
    const events = [
      capacityEvent(agentOf(ingest.topology, 0, 0), 1, 1),
      capacityEvent(agentOf(ingest.topology, 0, 1), 2, 1),
      capacityEvent(agentOf(ingest.topology, 1, 0), 3, 1),
    ];

    const response = await ingest.deliver(bodyOf(events));

    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ accepted: 3, duplicates: 0, stale: 0 });
    for (const event of events) {
      expect(await ingest.desiredAgent(event.orgId, event.data.userId)).toEqual(event.data);
      expect(await ingest.enqueuedKeys()).toContain(`${event.orgId}/agent:${event.data.userId}`);
    }
  });

  it('counts a repeated event as a duplicate and an older one as stale within one batch', async () => {
    const agent = agentOf(ingest.topology, 0, 0);
    const newest = capacityEvent(agent, 5, 5);

    const response = await ingest.deliver(bodyOf([newest, capacityEvent(agent, 3, 3), newest]));

    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ accepted: 1, duplicates: 1, stale: 1 });
    expect(await ingest.desiredAgent(agent.orgId, agent.agent.id)).toEqual(newest.data);
  });

  it('counts stale and duplicate events across separate deliveries and keeps the newest state', async () => {
    const agent = agentOf(ingest.topology, 0, 0);
    const newest = capacityEvent(agent, 7, 10);
    expect((await ingest.deliver(newest)).json()).toEqual({ accepted: 1, duplicates: 0, stale: 0 });

    const older = await ingest.deliver(capacityEvent(agent, 4, 9));
    expect(older.statusCode).toBe(202);
    expect(older.json()).toEqual({ accepted: 0, duplicates: 0, stale: 1 });

    // The same event again, in a new delivery (new webhook-id): the sender retried after losing our answer.
    const redelivered = await ingest.deliver(newest);
    expect(redelivered.statusCode).toBe(202);
    expect(redelivered.json()).toEqual({ accepted: 0, duplicates: 1, stale: 0 });

    // Same sequence, later occurredAt: newer by the contract's tie-break.
    const tie = capacityEvent(agent, 8, 10, { occurredAt: '2026-11-22T09:00:01.000Z' });
    expect((await ingest.deliver(tie)).json()).toEqual({ accepted: 1, duplicates: 0, stale: 0 });
    expect(await ingest.desiredAgent(agent.orgId, agent.agent.id)).toEqual(tie.data);
  });

  it('answers 200 {"duplicate": true} to a redelivered webhook-id and changes nothing', async () => {
    const body = bodyOf([capacityEvent(agentOf(ingest.topology, 0, 0), 2, 1)]);
    const first = await ingest.deliver(body, { id: 'msg_redelivered' });
    expect(first.statusCode).toBe(202);
    const before = await ingest.snapshot();

    const again = await ingest.deliver(body, { id: 'msg_redelivered' });

    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ duplicate: true });
    // Not even the duplicate counters move: the events were never looked at again.
    expect(await ingest.snapshot()).toEqual(before);
  });

  it('records concurrent deliveries of one webhook-id once: the others wait, then see a duplicate', async () => {
    const body = bodyOf([capacityEvent(agentOf(ingest.topology, 0, 0), 2, 1)]);
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => ingest.deliver(body, { id: 'msg_concurrent' })),
    );
    const statuses = responses.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 202)).toHaveLength(1);
    for (const r of responses.filter((r) => r.statusCode === 503)) expect(r.headers['retry-after']).toBe('1');
    expect(statuses.every((s) => s === 202 || s === 503 || s === 200)).toBe(true);
    // Nothing was counted twice: the one recording saw a fresh event, nobody saw it as a duplicate.
    const stats = await ingest.connection.hgetall(
      `${ingest.prefix}:{${agentOf(ingest.topology, 0, 0).orgId}}:stats`,
    );
    expect(stats.duplicates).toBeUndefined();
    const again = await ingest.deliver(body, { id: 'msg_concurrent' });
    expect(again.statusCode).toBe(200);
  });

  it('answers 200 to a redelivered webhook-id whatever its body: a refused body still reads the id first', async () => {
    const body = bodyOf([capacityEvent(agentOf(ingest.topology, 0, 0), 2, 1)]);
    expect((await ingest.deliver(body, { id: 'msg_then_garbage' })).statusCode).toBe(202);

    const again = await ingest.deliver('{"not": "an event"', { id: 'msg_then_garbage' });

    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ duplicate: true });
  });

  it('answers 503 + Retry-After: 1 to a refused body whose webhook-id another delivery is recording', async () => {
    const idKey = webhookIdKey(ingest.prefix, 'msg_busy_garbage');
    // Another delivery's claim, its deadline a minute ahead.
    await ingest.connection.set(idKey, `processing:${Date.now() + 60_000}:other`, 'PX', 60_000);

    const refused = await ingest.deliver('{"not": "an event"', { id: 'msg_busy_garbage' });

    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBe('1');
    // Nothing taken or freed: the other delivery's claim is as it was.
    expect(await ingest.connection.get(idKey)).toMatch(/:other$/);
  });

  it('takes no claim when it refuses the body, so a corrected delivery of the id is recorded at once', async () => {
    const event = capacityEvent(agentOf(ingest.topology, 0, 0), 2, 1);
    const refused = await ingest.deliver(
      bodyOf([{ ...event, data: { ...event.data, utilization: { call: { maximumCapacity: 26 } } } }]),
      {
        id: 'msg_corrected',
      },
    );
    expect(refused.statusCode).toBe(400);
    expect(await ingest.connection.exists(webhookIdKey(ingest.prefix, 'msg_corrected'))).toBe(0);

    const corrected = await ingest.deliver(bodyOf([event]), { id: 'msg_corrected' });

    expect(corrected.statusCode).toBe(202);
    expect(await ingest.desiredAgent(event.orgId, event.data.userId)).toEqual(event.data);
  });

  it('a large delivery claims its webhook-id first and alone, and answers as a small one does', async () => {
    const agent = agentOf(ingest.topology, 0, 0);
    const events = Array.from({ length: 40 }, (_, i) => capacityEvent(agent, (i % 25) + 1, i + 1));
    const body = JSON.stringify(bodyOf(events));
    expect(body.length).toBeGreaterThan(CLAIM_WITH_STORE_MAX_BODY_CHARS);
    const idKey = webhookIdKey(ingest.prefix, 'msg_large');
    const claimedAlone = vi.spyOn(WebhookClaim.prototype, 'claim');

    expect((await ingest.deliver(bodyOf([events[0]!]), { id: 'msg_small' })).statusCode).toBe(202);
    expect(claimedAlone).not.toHaveBeenCalled();
    expect((await ingest.deliver(body, { id: 'msg_large' })).statusCode).toBe(202);
    expect(claimedAlone).toHaveBeenCalledTimes(1);
    claimedAlone.mockRestore();
    expect(await ingest.connection.get(idKey)).toBe('done');
    expect(await ingest.desiredAgent(agent.orgId, agent.agent.id)).toEqual(events.at(-1)!.data);

    // A redelivery is a duplicate whatever its body; a refused large body gives its claim back.
    const garbage = `{"events": [${' '.repeat(CLAIM_WITH_STORE_MAX_BODY_CHARS)}`;
    expect((await ingest.deliver(garbage, { id: 'msg_large' })).json()).toEqual({ duplicate: true });
    expect((await ingest.deliver(garbage, { id: 'msg_large_refused' })).statusCode).toBe(400);
    expect(await ingest.connection.exists(webhookIdKey(ingest.prefix, 'msg_large_refused'))).toBe(0);
  });
});
