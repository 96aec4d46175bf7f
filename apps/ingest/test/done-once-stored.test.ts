import { keyMember } from '@wfm-sync/domain';
import { PipelineNames, webhookIdKey } from '@wfm-sync/pipeline';
import { waitFor } from '@wfm-sync/test-support';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bodyOf, type CapacityEvent, capacityEvent } from './support/events.js';
import { type IngestUnderTest, startIngest } from './support/ingest.js';
import { agentOf } from './support/topology.js';

/** Decision 036: the id is done once the events are stored, with the store or beside the enqueue, not after it. */
describe('POST /v1/webhooks/wfm: the webhook-id is done once its events are stored', () => {
  let ingest: IngestUnderTest;
  beforeEach(async () => {
    ingest = await startIngest();
    // The queues exist and BullMQ's connection has sent its first commands before anything is held up.
    expect((await ingest.deliver(capacityEvent(agentOf(ingest.topology, 0, 1), 1, 1))).statusCode).toBe(202);
  });
  afterEach(async () => ingest.close());

  /**
   * Delivers `events` while BullMQ's connection holds every answer: the id is done and a redelivery is a duplicate,
   * while the delivery itself is still unanswered.
   */
  async function doneBeforeTheEnqueueAnswered(events: readonly CapacityEvent[], id: string): Promise<void> {
    const idKey = webhookIdKey(ingest.prefix, id);
    // BullMQ's connection stops reading: its add is sent, and its answer is held in the socket.
    const queueSocket = (ingest.queueConnection as Redis).stream;
    queueSocket.pause();
    let answered = false;
    const response = ingest.deliver(bodyOf(events), { id }).finally(() => {
      answered = true;
    });
    try {
      await waitFor(async () => (await ingest.connection.get(idKey)) === 'done', {
        timeoutMs: 1_500,
        what: 'the done mark',
      });
      expect(answered).toBe(false);
      // Its events are stored: another delivery of the id is a duplicate at once, while this one still waits.
      const again = await ingest.deliver(bodyOf(events), { id });
      expect(again.statusCode).toBe(200);
      expect(again.json()).toEqual({ duplicate: true });
      expect(answered).toBe(false);
    } finally {
      queueSocket.resume();
    }
    expect((await response).statusCode).toBe(202);
    const enqueued = await ingest.enqueuedKeys();
    for (const event of events) expect(enqueued).toContain(`${event.orgId}/agent:${event.data.userId}`);
  }

  it('one org: the claim-and-store script marks it, and the 202 waits for the enqueue', async () => {
    await doneBeforeTheEnqueueAnswered([capacityEvent(agentOf(ingest.topology, 0, 0), 2, 1)], 'msg_one_org');
  });

  it('two orgs: the mark leaves beside the enqueue, and the 202 waits for the enqueue', async () => {
    await doneBeforeTheEnqueueAnswered(
      [
        capacityEvent(agentOf(ingest.topology, 0, 0), 2, 1),
        capacityEvent(agentOf(ingest.topology, 1, 0), 3, 1),
      ],
      'msg_two_orgs',
    );
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
