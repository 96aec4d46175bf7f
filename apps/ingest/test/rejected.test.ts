import type { WfmEvent } from '@wfm-sync/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectNothingStored } from './support/assertions.js';
import { bodyOf, type CapacityEvent, capacityEvent } from './support/events.js';
import { type IngestUnderTest, startIngest } from './support/ingest.js';
import { agentOf } from './support/topology.js';

const ONE_MIB = 1024 * 1024;

/** `event` with `data` fields replaced, keeping its type. */
function withData(event: CapacityEvent, data: Partial<CapacityEvent['data']>): CapacityEvent {
  return { ...event, data: { ...event.data, ...data } };
}

describe('POST /v1/webhooks/wfm: rejected deliveries store nothing', () => {
  let ingest: IngestUnderTest;
  let valid: () => CapacityEvent;
  beforeEach(async () => {
    ingest = await startIngest();
    let sequence = 0;
    valid = () => capacityEvent(agentOf(ingest.topology, 0, 0), 2, ++sequence);
  });
  afterEach(async () => ingest.close());

  it('answers 400 to a body that is not JSON', async () => {
    const response = await ingest.deliver('{"id": "evt_1", "type": ');

    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: 'invalid_event',
      issues: [{ index: 0, path: '', message: expect.any(String) }],
    });
    await expectNothingStored(ingest);
  });

  it('answers 400 to a batch with one invalid event, naming its index and path, and applies none of it', async () => {
    const tooMuch = withData(valid(), { utilization: { call: { maximumCapacity: 26 } } });

    const response = await ingest.deliver(bodyOf([valid(), valid(), tooMuch, valid()]));

    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: 'invalid_event',
      issues: [{ index: 2, path: 'data.utilization.call.maximumCapacity', message: expect.any(String) }],
    });
    await expectNothingStored(ingest);
  });

  it('reports the issues of every invalid event of a batch', async () => {
    const unknownMedia = {
      ...valid(),
      data: { ...valid().data, utilization: { fax: { maximumCapacity: 1 } } },
    };
    const response = await ingest.deliver({ events: [unknownMedia, valid(), { ...valid(), sequence: -1 }] });

    expect(response.statusCode).toBe(400);
    expect(response.json().issues).toEqual([
      { index: 0, path: 'data.utilization', message: expect.stringContaining('fax') },
      { index: 2, path: 'sequence', message: expect.any(String) },
    ]);
    await expectNothingStored(ingest);
  });

  it.each<[string, (event: CapacityEvent) => unknown, string]>([
    ['a sequence above 2^53 - 1', (e) => ({ ...e, sequence: 2 ** 53 }), 'sequence'],
    ['a fractional sequence', (e) => ({ ...e, sequence: 1.5 }), 'sequence'],
    [
      'an occurredAt with an offset',
      (e) => ({ ...e, occurredAt: '2026-11-22T10:00:00+01:00' }),
      'occurredAt',
    ],
    ['an id of 257 characters', (e) => ({ ...e, id: 'e'.repeat(257) }), 'id'],
    ['an empty userId', (e) => withData(e, { userId: '' }), 'data.userId'],
    ['an unknown type', (e) => ({ ...e, type: 'agent.deleted' }), 'type'],
    ['an unknown field', (e) => ({ ...e, priority: 'high' }), ''],
  ])('answers 400 to %s', async (_case, mutate, path) => {
    const response = await ingest.deliver(mutate(valid()));

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: 'invalid_event' });
    expect(response.json().issues).toContainEqual({ index: 0, path, message: expect.any(String) });
    await expectNothingStored(ingest);
  });

  it('answers 400 to a batch of 1001 events', async () => {
    const events = Array.from({ length: 1001 }, () => valid());

    const response = await ingest.deliver(bodyOf(events));

    expect(response.statusCode).toBe(400);
    expect(response.json().issues).toEqual([{ index: 0, path: 'events', message: expect.any(String) }]);
    await expectNothingStored(ingest);
  });

  it.each([
    ['text/plain', 'text/plain'],
    ['form-encoded', 'application/x-www-form-urlencoded'],
    ['XML', 'application/xml'],
    ['another charset', 'application/json; charset=latin1'],
    ['a JSON look-alike', 'application/jsonp'],
  ])('answers 415 to %s before reading the body, and stores nothing', async (_case, contentType) => {
    const response = await ingest.deliver(bodyOf([valid()]), {
      headers: (signed) => ({ ...signed, 'content-type': contentType }),
    });
    expect(response.statusCode).toBe(415);
    expect(response.json()).toEqual({ error: 'unsupported_media_type' });
    await expectNothingStored(ingest);
  });

  it('answers 415, not 413, to a text/plain body over the limit: the body is never read', async () => {
    const response = await ingest.deliver(' '.repeat(2 * ONE_MIB), {
      headers: (signed) => ({ ...signed, 'content-type': 'text/plain' }),
    });
    expect(response.statusCode).toBe(415);
  });

  it('answers 415 to a delivery without Content-Type', async () => {
    const response = await ingest.app.inject({
      method: 'POST',
      url: '/v1/webhooks/wfm',
      payload: Buffer.from('{}'),
    });
    expect(response.statusCode).toBe(415);
  });

  it('accepts application/json with charset=utf-8 in any casing', async () => {
    const response = await ingest.deliver(bodyOf([valid()]), {
      headers: (signed) => ({ ...signed, 'content-type': 'Application/JSON; Charset=UTF-8' }),
    });
    expect(response.statusCode).toBe(202);
  });

  it('answers 400 to an occurredAt more than 5 minutes ahead, and stores nothing', async () => {
    const ahead = { ...valid(), occurredAt: new Date(Date.now() + 5 * 60_000 + 60_000).toISOString() };
    const response = await ingest.deliver(bodyOf([valid(), ahead]));
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ issues: [{ index: 1, path: 'occurredAt' }] });
    await expectNothingStored(ingest);
  });

  it('answers 400 to a control character in an id or a reference', async () => {
    const response = await ingest.deliver(
      bodyOf([{ ...valid(), id: 'evt\n{"level":60}' }, withData(valid(), { userId: 'agent\u001b[2J' })]),
    );
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      issues: [
        { index: 0, path: 'id' },
        { index: 1, path: 'data.userId' },
      ],
    });
    await expectNothingStored(ingest);
  });

  it('answers 413 to a body one byte over 1 MiB, and accepts one of exactly 1 MiB', async () => {
    const json = JSON.stringify(valid());
    // JSON allows any amount of whitespace, so padding keeps the body valid and the limit is all that differs.
    const over = await ingest.deliver(json + ' '.repeat(ONE_MIB + 1 - json.length));

    expect(over.statusCode).toBe(413);
    expect(over.json()).toEqual({ error: 'payload_too_large' });
    await expectNothingStored(ingest);

    const atLimit = await ingest.deliver(json + ' '.repeat(ONE_MIB - json.length));
    expect(atLimit.statusCode).toBe(202);
  });

  it.each<[string, (event: CapacityEvent) => WfmEvent, { field: string; value: string }]>([
    ['org', (e) => ({ ...e, orgId: 'acme-mars' }), { field: 'orgId', value: 'acme-mars' }],
    [
      'routing group',
      (e) => withData(e, { routingGroupId: 'rg-nowhere' }),
      { field: 'data.routingGroupId', value: 'rg-nowhere' },
    ],
    // A routing group that exists, but in another org, is unknown to this one.
    [
      "other org's routing group",
      (e) => withData(e, { routingGroupId: 'rg-us-1' }),
      { field: 'data.routingGroupId', value: 'rg-us-1' },
    ],
    [
      'trunk',
      (e) => withData(e, { trunkId: 'trunk-nowhere' }),
      { field: 'data.trunkId', value: 'trunk-nowhere' },
    ],
    [
      'trunk of a trunk event',
      (e) => ({
        id: e.id,
        type: 'trunk.status.changed',
        orgId: e.orgId,
        occurredAt: e.occurredAt,
        sequence: 1,
        data: { trunkId: 'trunk-gone' },
      }),
      { field: 'data.trunkId', value: 'trunk-gone' },
    ],
  ])('answers 404 to an unknown %s, and stores none of the batch', async (_case, mutate, reference) => {
    const response = await ingest.deliver(bodyOf([valid(), mutate(valid())]));

    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: 'unknown_reference', references: [{ index: 1, ...reference }] });
    await expectNothingStored(ingest);
  });
});
