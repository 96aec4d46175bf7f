import { describe, expect, it } from 'vitest';
import { activeHolds, heldUntil, holdForFailure, type OrgHold, QUOTA_SPENT_AFTER_MS } from '../src/index.js';

describe('holdForFailure', () => {
  it('takes a 429 longer than 180 s for a spent quota, a shorter one for a burst', () => {
    expect(holdForFailure({ kind: 'rate-limited', retryAfterMs: QUOTA_SPENT_AFTER_MS + 1_000 })).toBe(
      'quota-spent',
    );
    expect(holdForFailure({ kind: 'rate-limited', retryAfterMs: QUOTA_SPENT_AFTER_MS })).toBeUndefined();
    expect(holdForFailure({ kind: 'rate-limited' })).toBeUndefined();
  });

  it('takes a refused token fetch for a refused client, a 401 of the API for an ordinary failure', () => {
    expect(holdForFailure({ kind: 'unauthorized', route: '/oauth/token' })).toBe('client-refused');
    expect(
      holdForFailure({ kind: 'unauthorized', route: '/api/v2/users/{userId}/routingutilization' }),
    ).toBeUndefined();
  });
});

describe('activeHolds and heldUntil', () => {
  const paused: OrgHold = { reason: 'paused', since: 0, detail: 'by ops' };
  const quota: OrgHold = { reason: 'quota-spent', since: 0, until: 5_000, detail: 'Retry-After 3600' };

  it('drops a spent quota whose time has passed and lists paused first', () => {
    expect(activeHolds([quota, paused], 1_000)).toEqual([paused, quota]);
    expect(activeHolds([quota, paused], 5_000)).toEqual([paused]);
  });

  it('waits for the quota when it is the only hold, else re-checks slowly', () => {
    expect(heldUntil([quota], 1_000, 60_000)).toBe(5_000);
    expect(heldUntil([quota, paused], 1_000, 60_000)).toBe(61_000);
    expect(heldUntil([], 1_000, 60_000)).toBe(61_000);
  });
});
