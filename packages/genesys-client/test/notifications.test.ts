import { describe, expect, it } from 'vitest';
import {
  checkConnectUri,
  GenesysApiError,
  isNotificationsRefused,
  parseNotificationMessage,
  subscriptionOutcome,
} from '../src/index.js';

const apiError = (status: number) =>
  new GenesysApiError({
    kind: status === 403 ? 'unauthorized' : 'not-found',
    status,
    code: 'missing.permissions',
    genesysMessage: undefined,
    correlationId: undefined,
    method: 'POST',
    route: '/api/v2/notifications/channels',
  });

describe('notification calls: pure parts', () => {
  it('a 403 or 404 on channel creation means "org without notifications"; other failures do not', () => {
    expect(isNotificationsRefused(apiError(403))).toBe(true);
    expect(isNotificationsRefused(apiError(404))).toBe(true);
    expect(isNotificationsRefused(apiError(503))).toBe(false);
    expect(isNotificationsRefused(new Error('socket hang up'))).toBe(false);
  });

  it('connects only to the org streaming host, or to the overridden API host', () => {
    const real = 'https://api.mypurecloud.com';
    expect(checkConnectUri('wss://streaming.mypurecloud.com/channels/c1', real).href).toBe(
      'wss://streaming.mypurecloud.com/channels/c1',
    );
    expect(() => checkConnectUri('wss://evil.example/channels/c1', real)).toThrow(/neither/);
    expect(() => checkConnectUri('ws://streaming.mypurecloud.com/channels/c1', real)).toThrow(/wss/);
    expect(() => checkConnectUri('wss://u:p@streaming.mypurecloud.com/channels/c1', real)).toThrow(
      /credentials/,
    );
    const sim = 'http://127.0.0.1:9300';
    expect(checkConnectUri('ws://127.0.0.1:9300/channels/c1', sim).host).toBe('127.0.0.1:9300');
    expect(() => checkConnectUri('ws://127.0.0.1:6379/channels/c1', sim)).toThrow(/neither/);
    expect(() => checkConnectUri('not a url', sim)).toThrow(/valid URL/);
  });

  it('splits a subscription answer: Rejected topics, and topics the answer left out, are not on the channel', () => {
    const outcome = subscriptionOutcome(['a', 'b', 'c', 'a'], {
      entities: [
        { id: 'a', state: 'Permitted' },
        { id: 'b', state: 'Rejected', rejectionReason: 'Missing permission', missingPermissions: ['x:y:z'] },
      ],
    });
    expect(outcome).toEqual({
      permitted: ['a'],
      rejected: [
        { id: 'b', reason: 'Missing permission', missingPermissions: ['x:y:z'] },
        { id: 'c', reason: 'not listed in the answer', missingPermissions: [] },
      ],
    });
  });

  it('parses every socket message: heartbeat, pong, socket_closing, trunk and schedule topics, nulls left out', () => {
    expect(
      parseNotificationMessage(
        JSON.stringify({ topicName: 'channel.metadata', eventBody: { message: 'WebSocket Heartbeat' } }),
      ),
    ).toEqual({ kind: 'heartbeat' });
    expect(
      parseNotificationMessage('{"topicName":"channel.metadata","eventBody":{"message":"pong"}}'),
    ).toEqual({
      kind: 'pong',
    });
    expect(
      parseNotificationMessage(
        JSON.stringify({
          topicName: 'v2.system.socket_closing',
          version: '2',
          eventBody: { message: 'bye' },
          metadata: { CorrelationId: 'c-1' },
        }),
      ),
    ).toEqual({ kind: 'socket-closing', correlationId: 'c-1' });
    const trunk = parseNotificationMessage(
      JSON.stringify({
        topicName: 'v2.telephony.providers.edges.trunks.t-1',
        version: '2',
        eventBody: {
          id: 't-1',
          connectedStatus: { connected: true, connectedStateTime: null },
          registersStatus: [{ proxyAddress: '10.0.0.1', registerState: false, errorInfo: null }],
          optionsStatus: null,
          ipStatus: null,
        },
        metadata: null,
      }),
    );
    expect(trunk).toEqual({
      kind: 'trunk',
      topic: 'v2.telephony.providers.edges.trunks.t-1',
      trunkId: 't-1',
      body: {
        id: 't-1',
        connectedStatus: { connected: true },
        registersStatus: [{ proxyAddress: '10.0.0.1', registerState: false }],
      },
      correlationId: undefined,
    });
    const schedule = parseNotificationMessage(
      JSON.stringify({
        topicName: 'v2.workforcemanagement.businessunits.bu-1.schedules',
        eventBody: { status: 'Error', operationId: 'op-1', eventType: 'Update', result: null },
      }),
    );
    expect(schedule).toMatchObject({
      kind: 'schedule',
      businessUnitId: 'bu-1',
      body: { status: 'Error', operationId: 'op-1', eventType: 'Update' },
    });
    expect(parseNotificationMessage('{"topicName":"v2.users.u.presence","eventBody":{}}')).toEqual({
      kind: 'other',
      topic: 'v2.users.u.presence',
    });
    expect(parseNotificationMessage('nope')).toMatchObject({ kind: 'invalid' });
    expect(
      parseNotificationMessage(
        '{"topicName":"v2.workforcemanagement.businessunits.b.schedules","eventBody":{"status":"Weird"}}',
      ),
    ).toMatchObject({ kind: 'invalid', topic: 'v2.workforcemanagement.businessunits.b.schedules' });
  });
});
