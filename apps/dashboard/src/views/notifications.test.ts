import { describe, expect, it } from 'vitest';
import { notificationsCell } from './notifications.js';

describe('notificationsCell', () => {
  const now = Date.UTC(2026, 11, 6, 18, 0, 0);
  it('shows the status, since when, the last heartbeat and the gaps', () => {
    const cell = notificationsCell(
      {
        status: 'connected',
        since: now - 125_000,
        lastHeartbeatAt: now - 4_000,
        gaps: 1,
        reason: 'first-connect',
        owner: 'host:1',
      },
      now,
    ).toString();
    expect(cell).toContain('data-notifications="connected"');
    expect(cell).toContain('<span class="badge connected">connected</span> 2m 5s, heartbeat 4s ago, 1 gap');
  });
  it('names why an org is in fallback, and escapes what it shows', () => {
    const cell = notificationsCell(
      {
        status: 'fallback',
        since: now - 60_000,
        lastHeartbeatAt: null,
        gaps: 0,
        reason: '<refused>',
        owner: null,
      },
      now,
    ).toString();
    expect(cell).toContain('fallback</span> (&lt;refused&gt;) 1m 0s');
  });
});
