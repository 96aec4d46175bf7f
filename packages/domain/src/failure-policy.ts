import { type BackoffPolicy, cappedFullJitter, DEFAULT_BACKOFF } from './retry.js';

/** How a failed Genesys call is classified: the Genesys client's error classes (docs/genesys-api.md). */
export const GENESYS_ERROR_KINDS = [
  'version-conflict',
  'duplicate',
  'conflict',
  'rate-limited',
  'transient',
  'unauthorized',
  'not-found',
  'invalid',
] as const;
export type GenesysErrorKind = (typeof GENESYS_ERROR_KINDS)[number];

/**
 * The closed set of reasons a reconcile can fail: the Genesys classes, and `lease-lost` (another worker holds, or
 * took over, the key).
 */
export const FAILURE_KINDS = [...GENESYS_ERROR_KINDS, 'lease-lost'] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

export type FailureDecision =
  /** Retry later and spend an attempt. */
  | { action: 'retry'; delayMs: number }
  /** Wait without spending an attempt: the org's budget or another worker's lease, not this key, is the problem. */
  | { action: 'wait'; delayMs: number }
  | { action: 'dead-letter'; reason: string };

export interface FailureContext {
  kind: FailureKind;
  /** Attempts already made, including the one that just failed. */
  attemptsMade: number;
  maxAttempts: number;
  retryAfterMs?: number;
  /** For a failure retrying cannot fix, the reconciler's own name for it (e.g. `overlaps-foreign-request`). */
  deadLetterReason?: string;
  backoff?: BackoffPolicy;
  random?: () => number;
}

/**
 * The error policy of the pipeline (issue: "Error policy"). Version conflicts reach this only after the
 * reconciler's own bounded re-read-and-re-apply, so here they are retried later like other 409s.
 */
export function decideOnFailure(ctx: FailureContext): FailureDecision {
  const random = ctx.random ?? Math.random;
  const backoff = ctx.backoff ?? DEFAULT_BACKOFF;
  switch (ctx.kind) {
    case 'rate-limited':
      return { action: 'wait', delayMs: Math.max(ctx.retryAfterMs ?? 1_000, 250) };
    case 'lease-lost':
      return { action: 'wait', delayMs: 250 + Math.floor(random() * 500) };
    case 'invalid':
    case 'not-found':
    case 'unauthorized':
    case 'duplicate':
      return { action: 'dead-letter', reason: ctx.deadLetterReason ?? ctx.kind };
    case 'version-conflict':
    case 'conflict':
    case 'transient':
      if (ctx.attemptsMade >= ctx.maxAttempts) return { action: 'dead-letter', reason: 'attempts-exhausted' };
      return { action: 'retry', delayMs: Math.max(100, cappedFullJitter(ctx.attemptsMade, backoff, random)) };
  }
}
