/*
 * Holding an org (docs/decisions/026): while an org is held, no worker sends it anything new; its keys wait,
 * recorded as held, and are woken when the hold ends. Three reasons, which may overlap.
 */

export const ORG_HOLD_REASONS = ['paused', 'quota-spent', 'client-refused'] as const;
export type OrgHoldReason = (typeof ORG_HOLD_REASONS)[number];

/** One hold of an org, as stored (one per reason). */
export interface OrgHold {
  reason: OrgHoldReason;
  /** Epoch ms the hold began. */
  since: number;
  /** Epoch ms the hold ends by itself (a spent quota); undefined: until lifted. */
  until?: number;
  /** Why, for operators: who paused, the 429's Retry-After, the token endpoint's answer. Never a secret. */
  detail: string;
}

/**
 * A 429 whose Retry-After is longer than this is a spent daily or hourly quota (genesys-api.md, Rate limits),
 * not a burst: the org is held until it passes instead of retrying every key.
 */
export const QUOTA_SPENT_AFTER_MS = 180_000;

/** The hold a failed Genesys call puts its org into, if any (pure; the error policy handles the rest). */
export function holdForFailure(failure: {
  kind: string;
  /** The route the failed call went to (`/oauth/token` for a token fetch). */
  route?: string;
  retryAfterMs?: number;
}): Exclude<OrgHoldReason, 'paused'> | undefined {
  if (failure.kind === 'rate-limited' && (failure.retryAfterMs ?? 0) > QUOTA_SPENT_AFTER_MS)
    return 'quota-spent';
  if (failure.kind === 'unauthorized' && failure.route === '/oauth/token') return 'client-refused';
  return undefined;
}

/** The holds still in force at `now` (a spent quota whose time has passed is over), paused first. */
export function activeHolds(holds: readonly OrgHold[], now: number): OrgHold[] {
  return holds
    .filter((hold) => hold.until === undefined || hold.until > now)
    .sort((a, b) => ORG_HOLD_REASONS.indexOf(a.reason) - ORG_HOLD_REASONS.indexOf(b.reason));
}

/**
 * Until when a held key waits in the due set: the end of the latest spent quota when every hold ends by itself,
 * else `now + fallbackMs` (a slow re-check; lifting a pause or a refusal wakes the keys at once).
 */
export function heldUntil(holds: readonly OrgHold[], now: number, fallbackMs: number): number {
  const ends = holds.map((hold) => hold.until);
  if (ends.length === 0 || ends.some((end) => end === undefined)) return now + fallbackMs;
  return Math.max(...ends.map((end) => end ?? now));
}

/** The decision-trail reason of a key held back by a hold. */
export function heldReason(hold: OrgHold): string {
  return `org-${hold.reason}`;
}
