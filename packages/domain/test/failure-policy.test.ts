import { describe, expect, it } from 'vitest';
import { cappedFullJitter, decideOnFailure, parkRecheckDelayMs } from '../src/index.js';

describe('cappedFullJitter', () => {
  const policy = { baseMs: 1000, capMs: 30_000 };
  it('grows exponentially and is capped', () => {
    expect(cappedFullJitter(1, policy, () => 0.999)).toBe(999);
    expect(cappedFullJitter(3, policy, () => 0.5)).toBe(2000);
    expect(cappedFullJitter(20, policy, () => 0.999)).toBe(29_970);
  });
  it('spreads over the whole interval (full jitter)', () => {
    expect(cappedFullJitter(5, policy, () => 0)).toBe(0);
  });
});

describe('decideOnFailure', () => {
  const ctx = { attemptsMade: 1, maxAttempts: 5, random: () => 0.5 };
  it('waits for the budget without spending an attempt on rate limits', () => {
    expect(decideOnFailure({ ...ctx, kind: 'rate-limited', retryAfterMs: 4000 })).toEqual({
      action: 'wait',
      delayMs: 4000,
    });
  });
  it('retries conflicts and transient errors with backoff, then dead-letters', () => {
    for (const kind of ['conflict', 'transient', 'version-conflict'] as const) {
      expect(decideOnFailure({ ...ctx, kind })).toEqual({ action: 'retry', delayMs: 500 });
      expect(decideOnFailure({ ...ctx, kind, attemptsMade: 5 })).toEqual({
        action: 'dead-letter',
        reason: 'attempts-exhausted',
      });
    }
  });
  it('dead-letters client mistakes at once with the reason', () => {
    for (const kind of ['invalid', 'not-found', 'unauthorized', 'duplicate'] as const) {
      expect(decideOnFailure({ ...ctx, kind })).toEqual({ action: 'dead-letter', reason: kind });
    }
  });
  it('waits briefly when another worker holds the key', () => {
    const decision = decideOnFailure({ ...ctx, kind: 'lease-lost' });
    expect(decision.action).toBe('wait');
  });
});

describe('parkRecheckDelayMs', () => {
  it('backs off slowly up to five minutes', () => {
    expect(parkRecheckDelayMs(1)).toBe(10_000);
    expect(parkRecheckDelayMs(2)).toBe(20_000);
    expect(parkRecheckDelayMs(50)).toBe(300_000);
  });
});
