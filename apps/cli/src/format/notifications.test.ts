import { describe, expect, it } from 'vitest';
import { formatNotifications } from './notifications.js';

describe('formatNotifications', () => {
  const now = Date.UTC(2026, 11, 6, 18, 0, 0);
  it('shows since when, the last heartbeat and the gaps of a connected org', () => {
    expect(
      formatNotifications(
        {
          status: 'connected',
          since: now - 125_000,
          lastHeartbeatAt: now - 4_000,
          gaps: 2,
          reason: 'closed',
        },
        now,
      ),
    ).toBe('connected 2 m 05 s, heartbeat 4 s ago, 2 gaps');
  });
  it('names why an org is in fallback, and nothing more for an org set to off', () => {
    expect(
      formatNotifications(
        { status: 'fallback', since: now - 60_000, lastHeartbeatAt: null, gaps: 0, reason: 'refused' },
        now,
      ),
    ).toBe('fallback (refused) 1 m 00 s');
    expect(
      formatNotifications({ status: 'off', since: null, lastHeartbeatAt: null, gaps: 0, reason: null }, now),
    ).toBe('off');
  });
});
