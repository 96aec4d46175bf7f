import { describe, expect, it } from 'vitest';
import { parseWebhookBody } from '../src/index.js';

const agentEvent = (overrides: Record<string, unknown> = {}) => ({
  id: 'evt_1',
  type: 'agent.capacity.updated',
  orgId: 'acme-apac',
  occurredAt: '2026-11-22T09:00:00.000Z',
  sequence: 1042,
  data: {
    userId: '5f1c',
    routingGroupId: 'sg-outbound-sales',
    trunkId: 'trunk-sg-07',
    available: true,
    utilization: {
      call: { maximumCapacity: 1 },
      chat: { maximumCapacity: 3, interruptableMediaTypes: ['call'] },
    },
  },
  ...overrides,
});

describe('parseWebhookBody', () => {
  it('accepts a single event and a batch', () => {
    expect(parseWebhookBody(agentEvent())).toMatchObject({ ok: true, events: [{ id: 'evt_1' }] });
    const batch = parseWebhookBody({ events: [agentEvent(), agentEvent({ id: 'evt_2' })] });
    expect(batch.ok && batch.events.length).toBe(2);
  });
  it('accepts every event type of the contract', () => {
    const events = [
      { ...agentEvent(), id: 'a' },
      { ...agentEvent(), id: 'b', type: 'trunk.status.changed', data: { trunkId: 't' } },
      {
        ...agentEvent(),
        id: 'c',
        type: 'timeoff.upserted',
        data: {
          externalId: 'zd-1',
          managementUnitId: 'mu',
          userId: 'u',
          activityCodeId: 'ac',
          status: 'APPROVED',
          fullDayManagementUnitDates: ['2026-12-01'],
          notes: 'Annual leave',
        },
      },
      {
        ...agentEvent(),
        id: 'd',
        type: 'schedule.agent.updated',
        data: {
          businessUnitId: 'bu',
          managementUnitId: 'mu',
          weekId: '2026-11-23',
          scheduleId: 's',
          userId: 'u',
          shifts: [
            {
              startDate: '2026-11-23T01:00:00Z',
              lengthMinutes: 480,
              activities: [{ activityCodeId: 'w', startDate: '2026-11-23T01:00:00Z', lengthMinutes: 480 }],
            },
          ],
        },
      },
    ];
    const result = parseWebhookBody({ events });
    expect(result.ok).toBe(true);
  });
  it('reports every issue with its index and path', () => {
    const result = parseWebhookBody({
      events: [
        agentEvent(),
        agentEvent({ sequence: -1 }),
        {
          ...agentEvent(),
          data: {
            ...agentEvent().data,
            utilization: { fax: { maximumCapacity: 1 }, chat: { maximumCapacity: 26 } },
          },
        },
      ],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ index: 1, path: 'sequence' }),
        expect.objectContaining({ index: 2, path: 'data.utilization.chat.maximumCapacity' }),
        expect.objectContaining({ index: 2, path: expect.stringContaining('data.utilization') }),
      ]),
    );
  });
  it('rejects sequences beyond 2^53-1, non-UTC times, empty ids and oversized batches', () => {
    expect(parseWebhookBody(agentEvent({ sequence: 2 ** 53 })).ok).toBe(false);
    expect(parseWebhookBody(agentEvent({ occurredAt: '2026-11-22T09:00:00+02:00' })).ok).toBe(false);
    expect(parseWebhookBody(agentEvent({ id: '' })).ok).toBe(false);
    expect(parseWebhookBody(agentEvent({ id: 'x'.repeat(257) })).ok).toBe(false);
    expect(parseWebhookBody({ events: Array.from({ length: 1001 }, () => agentEvent()) }).ok).toBe(false);
    expect(parseWebhookBody({ events: [] }).ok).toBe(false);
    expect(parseWebhookBody(agentEvent({ type: 'agent.deleted' })).ok).toBe(false);
  });
});

describe('parseWebhookBody: input rules of docs/webhooks.md', () => {
  const now = Date.parse('2026-11-22T09:00:00.000Z');

  it('refuses an occurredAt more than 5 minutes ahead of the receiver clock, naming the event', () => {
    const ahead = (ms: number) => agentEvent({ occurredAt: new Date(now + ms).toISOString() });
    expect(parseWebhookBody(ahead(5 * 60_000), { now }).ok).toBe(true);
    expect(parseWebhookBody({ events: [ahead(0), ahead(5 * 60_000 + 1)] }, { now })).toEqual({
      ok: false,
      issues: [{ index: 1, path: 'occurredAt', message: expect.stringMatching(/more than 5 minutes ahead/) }],
    });
  });

  it.each(['\n', '\r', '\u0000', '\u001b[2J', '\u007f', '\u0085', '\t'])(
    'refuses a control character (%j) in an id or a reference',
    (control) => {
      expect(parseWebhookBody(agentEvent({ id: `evt${control}1` }), { now }).ok).toBe(false);
      expect(parseWebhookBody(agentEvent({ orgId: `acme${control}` }), { now }).ok).toBe(false);
      const event = agentEvent();
      const result = parseWebhookBody({ ...event, data: { ...event.data, userId: `u${control}` } }, { now });
      expect(result).toMatchObject({
        ok: false,
        issues: [{ path: 'data.userId', message: /control characters/ }],
      });
    },
  );

  it('accepts other non-ASCII characters in ids', () => {
    expect(parseWebhookBody(agentEvent({ id: 'évt-東京-1' }), { now }).ok).toBe(true);
  });
});
