import { afterEach, describe, expect, it } from 'vitest';
import { expectNothingStored } from './support/assertions.js';
import { capacityEvent } from './support/events.js';
import { type DeliveryOptions, type IngestUnderTest, startIngest } from './support/ingest.js';
import { newSecret, signedHeaders } from './support/signing.js';
import { agentOf } from './support/topology.js';

const SIX_MINUTES_MS = 6 * 60_000;

describe('POST /v1/webhooks/wfm: signatures', () => {
  let ingest: IngestUnderTest | undefined;
  afterEach(async () => {
    await ingest?.close();
    ingest = undefined;
  });

  async function expectRejected(delivery: DeliveryOptions): Promise<void> {
    ingest ??= await startIngest();
    const started = ingest;
    const response = await started.deliver(capacityEvent(agentOf(started.topology, 0, 0), 2, 1), delivery);
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ error: 'invalid_signature' });
    await expectNothingStored(started);
  }

  it('rejects a body signed with a secret it does not know', async () => {
    await expectRejected({ secret: newSecret() });
  });

  it.each(['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const)(
    'rejects a delivery without %s',
    async (header) => {
      await expectRejected({
        headers: (signed) => Object.fromEntries(Object.entries(signed).filter(([name]) => name !== header)),
      });
    },
  );

  it.each([
    ['old', -SIX_MINUTES_MS],
    ['ahead', SIX_MINUTES_MS],
  ])('rejects a correctly signed timestamp six minutes %s', async (_when, offsetMs) => {
    await expectRejected({ at: new Date(Date.now() + offsetMs) });
  });

  it('rejects a signature over other bytes than the ones received', async () => {
    await expectRejected({
      headers: (signed) => ({
        ...signed,
        'webhook-signature': signedHeaders(ingest!.secrets[0]!, '{}', {
          id: signed['webhook-id'],
        })['webhook-signature'],
      }),
    });
  });

  it('accepts every secret of WEBHOOK_SECRETS during a rotation', async () => {
    const [previous, next] = [newSecret(), newSecret()];
    ingest = await startIngest({ secrets: [previous, next] });
    const agent = agentOf(ingest.topology, 0, 0);

    const withPrevious = await ingest.deliver(capacityEvent(agent, 2, 1), { secret: previous });
    const withNext = await ingest.deliver(capacityEvent(agent, 3, 2), { secret: next });

    expect(withPrevious.statusCode).toBe(202);
    expect(withNext.statusCode).toBe(202);
    expect(await ingest.desiredAgent(agent.orgId, agent.agent.id)).toMatchObject({
      utilization: { call: { maximumCapacity: 3 } },
    });
  });

  it('accepts a header of several signatures when one of them is valid, and only then', async () => {
    ingest = await startIngest();
    const stranger = newSecret();
    const event = capacityEvent(agentOf(ingest.topology, 0, 0), 2, 1);
    const body = JSON.stringify(event);
    // The sender signs with its old and new secret; only one of them is configured here.
    const rotating = await ingest.deliver(body, {
      headers: (signed) => {
        const foreign = signedHeaders(stranger, body, { id: signed['webhook-id'] })['webhook-signature'];
        return { ...signed, 'webhook-signature': `${foreign} ${signed['webhook-signature']}` };
      },
    });
    expect(rotating.statusCode).toBe(202);

    const allForeign = await ingest.deliver(body, {
      headers: (signed) => {
        const foreign = signedHeaders(stranger, body, { id: signed['webhook-id'] })['webhook-signature'];
        return {
          ...signed,
          'webhook-signature': `${foreign} v1,${Buffer.from('not it').toString('base64')}`,
        };
      },
    });
    expect(allForeign.statusCode).toBe(401);
    expect(allForeign.json()).toEqual({ error: 'invalid_signature' });
  });
});
