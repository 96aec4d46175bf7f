import { emptyOrgNotificationCounters, type OrgNotificationCounters } from '@wfm-sync/local-stack/gc-sim';
import { describe, expect, it } from 'vitest';
import { notificationFigures, notificationText } from './figures.js';

const org = (counts: Partial<OrgNotificationCounters>): OrgNotificationCounters => ({
  ...emptyOrgNotificationCounters(),
  ...counts,
});

describe('notificationFigures', () => {
  const report = {
    orgs: {
      'acme-us': org({ channelsCreated: 2, connectionsOpened: 9, connectionsCut: 6, socketClosingsSent: 1 }),
      'acme-apac': org({
        channelsCreated: 1,
        connectionsOpened: 7,
        connectionsCut: 5,
        socketClosingsSent: 1,
      }),
    },
    topics: {
      'v2.telephony.providers.edges.trunks.t1': { published: 100, sent: 90, dropped: 5, notConnected: 8 },
      'v2.telephony.providers.edges.trunks.t2': { published: 20, sent: 20, dropped: 0, notConnected: 0 },
    },
  };

  it('sums the counters of every org and topic', () => {
    const f = notificationFigures(report, [{ atS: 30, connections: 2 }]);
    expect(f).toMatchObject({
      channelsCreated: 3,
      connectionsOpened: 16,
      connectionsCut: 11,
      socketClosingsSent: 2,
      messages: { published: 120, sent: 110, dropped: 5, notConnected: 8 },
      announcements: [{ atS: 30, connections: 2 }],
    });
    expect(f.byOrg['acme-us']?.connectionsCut).toBe(6);
  });

  it('says what happened in one line, the drop share over messages due on a live connection', () => {
    expect(notificationText(notificationFigures(report, [{ atS: 30, connections: 2 }]))).toBe(
      "3 channels created, 16 connections opened, 11 cut, 2 socket_closing sent (the bench's announcements, live connections reached: 2 at 30.0 s), 0 heartbeats; topic messages: 120 published, 110 sent, 5 dropped (4.3% of those due on a live connection), 8 due while not connected",
    );
    expect(notificationText(notificationFigures({ orgs: {}, topics: {} }, []))).toBe(
      '0 channels created, 0 connections opened, 0 cut, 0 socket_closing sent, 0 heartbeats; topic messages: 0 published, 0 sent, 0 dropped, 0 due while not connected',
    );
  });
});
