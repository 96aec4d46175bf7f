import { keyMember } from '@wfm-sync/domain';
import { PipelineNames, webhookIdKey } from '@wfm-sync/pipeline';
import { waitFor } from '@wfm-sync/test-support';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { capacityEvent } from './support/events.js';
import { type IngestUnderTest, startIngest } from './support/ingest.js';
import { agentOf } from './support/topology.js';

/** Decision 036: the done mark leaves with the enqueue instead of one round trip after it. */
describe('POST /v1/webhooks/wfm: the webhook-id done mark goes out with the enqueue', () => {
  let ingest: IngestUnderTest;
  beforeEach(async () => {
    ingest = await startIngest();
    // The queues exist and BullMQ's connection has sent its first commands before anything is held up.
    expect((await ingest.deliver(capacityEvent(agentOf(ingest.topology, 0, 1), 1, 1))).statusCode).toBe(202);
  });
  afterEach(async () => ingest.close());

  it('marks the id done while the enqueue is still unanswered, and answers 202 only once both answered', async () => {
    const agent = agentOf(ingest.topology, 0, 0);
    const idKey = webhookIdKey(ingest.prefix, 'msg_done_with_enqueue');
    // BullMQ's connection stops reading: its add is sent, and its answer is held in the socket.
    const queueSocket = (ingest.queueConnection as Redis).stream;
    queueSocket.pause();
    let answered = false;
    const response = ingest
      .deliver(capacityEvent(agent, 2, 1), { id: 'msg_done_with_enqueue' })
      .finally(() => {
        answered = true;
      });
    try {
      await waitFor(async () => (await ingest.connection.get(idKey)) === 'done', {
        timeoutMs: 1_500,
        what: 'the done mark',
      });
      expect(answered).toBe(false);
    } finally {
      queueSocket.resume();
    }
    expect((await response).statusCode).toBe(202);
    expect(await ingest.enqueuedKeys()).toContain(`${agent.orgId}/agent:${agent.agent.id}`);
  });

  it('an enqueue that fails: 503, the redelivery is a duplicate, and the stored key waits in the due set for the sweeper', async () => {
    const agent = agentOf(ingest.topology, 0, 0);
    const event = capacityEvent(agent, 3, 1);
    ingest.queueConnection.disconnect();

    const first = await ingest.deliver(event, { id: 'msg_enqueue_failed' });
    expect(first.statusCode).toBe(503);
    expect(first.headers['retry-after']).toBe('5');

    // The events were stored before the enqueue was sent, so the id is done: a redelivery changes nothing more.
    const again = await ingest.deliver(event, { id: 'msg_enqueue_failed' });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ duplicate: true });
    expect(await ingest.desiredAgent(agent.orgId, agent.agent.id)).toEqual(event.data);
    const due = new PipelineNames(ingest.prefix).org(agent.orgId).due;
    const member = keyMember({ kind: 'agent', id: agent.agent.id });
    expect(await ingest.connection.zscore(due, member)).not.toBeNull();
  });
});
