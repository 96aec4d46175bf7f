import { parseFaultProfile } from '@wfm-sync/local-stack/gc-sim';
import { describe, expect, it } from 'vitest';
import { describeNotificationSettings, withNotificationFaults } from './settings.js';

describe('withNotificationFaults', () => {
  const base = { latency: { p50Ms: 180, p99Ms: 900 }, notifications: { heartbeatIntervalMs: 1_000 } };

  it("sets gc-sim's drop rate and cut pace, keeping the profile's other fields", () => {
    const profile = parseFaultProfile(
      withNotificationFaults(base, { dropRate: 0.05, cutEveryS: 20, socketClosings: 1 }),
    );
    expect(profile.notifications).toMatchObject({
      dropMessageRate: 0.05,
      connectionCutsPerMinute: 3,
      heartbeatIntervalMs: 1_000,
      socketClosingPerMinute: 0,
    });
    expect(profile.latency).toMatchObject({ p50Ms: 180, p99Ms: 900 });
  });

  it('cuts nothing without a cut pace, and leaves a profile alone without faults', () => {
    const profile = parseFaultProfile(withNotificationFaults(base, { dropRate: 0, socketClosings: 2 }));
    expect(profile.notifications.connectionCutsPerMinute).toBe(0);
    expect(withNotificationFaults(base, undefined)).toBe(base);
  });
});

describe('describeNotificationSettings', () => {
  it('says the mode, and each fault as asked', () => {
    expect(describeNotificationSettings({})).toBe(
      'notifications auto (topology default), no notification faults',
    );
    expect(describeNotificationSettings({ mode: 'off' })).toBe('notifications off, no notification faults');
    expect(
      describeNotificationSettings({ faults: { dropRate: 0.05, cutEveryS: 20, socketClosings: 1 } }),
    ).toBe(
      'notifications auto (topology default), notification faults: 5% of topic messages dropped, each connection cut every 20 s on average (random), 1 socket_closing during the feed',
    );
    expect(
      describeNotificationSettings({ mode: 'auto', faults: { dropRate: 0.125, socketClosings: 0 } }),
    ).toBe(
      'notifications auto, notification faults: 12.5% of topic messages dropped, no connection cut, 0 socket_closings during the feed',
    );
  });
});
