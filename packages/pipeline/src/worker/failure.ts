import type { FailureKind } from '@wfm-sync/domain';
import { GenesysApiError, UploadUrlRefusedError, WriteRefusedError } from '@wfm-sync/genesys-client';
import { ZodError } from 'zod';
import { LeaseLostError } from '../errors/lease-lost.js';
import { PermanentFailureError } from '../errors/permanent-failure.js';
import { TimeOffOverlapPendingError } from '../errors/time-off-overlap-pending.js';

export interface ClassifiedFailure {
  kind: FailureKind;
  message: string;
  status?: number;
  code?: string;
  correlationId?: string;
  retryAfterMs?: number;
  /** The route of a failed Genesys call (`/oauth/token` for a token fetch). */
  route?: string;
  /** Set for a PermanentFailureError: the dead letter's reason. */
  deadLetterReason?: string;
}

/** Dead-letter reason of a schedule run whose issued upload URL the client refused to send to. */
export const UPLOAD_URL_REFUSED = 'upload-url-refused';

/** Maps whatever a reconcile threw onto the closed set the error policy acts on. */
export function classifyFailure(error: unknown): ClassifiedFailure {
  if (error instanceof UploadUrlRefusedError) {
    // The same URL would be refused again, and the agents are not at fault: the run is dead-lettered once, with
    // the reason, before any per-agent isolation could start (docs/decisions/017-unknown-outcomes.md).
    return { kind: 'invalid', message: error.message, deadLetterReason: UPLOAD_URL_REFUSED };
  }
  if (error instanceof PermanentFailureError) {
    const cause = error.genesysError;
    return {
      kind: 'invalid',
      message: error.message,
      deadLetterReason: error.reason,
      status: cause?.status,
      code: cause?.code,
      correlationId: cause?.correlationId,
    };
  }
  if (error instanceof TimeOffOverlapPendingError) {
    // Another WFM record's request holds the days and may move away: a conflict, retried with backoff.
    const cause = error.genesysError;
    return {
      kind: 'conflict',
      message: error.message,
      status: cause?.status,
      code: cause?.code,
      correlationId: cause?.correlationId,
    };
  }
  if (error instanceof GenesysApiError) {
    return {
      kind: error.kind,
      message: error.message,
      status: error.status,
      code: error.code,
      correlationId: error.correlationId,
      retryAfterMs: error.retryAfterMs,
      route: error.route,
    };
  }
  if (error instanceof LeaseLostError) return { kind: 'lease-lost', message: error.message };
  if (error instanceof WriteRefusedError) {
    // lease-expired: the write was not sent because the lease ran out — someone else may own the key now.
    // dry-run: the pipeline should have planned instead; waiting is harmless and the next run plans.
    return { kind: 'lease-lost', message: error.message };
  }
  if (error instanceof ZodError) return { kind: 'invalid', message: `invalid data: ${error.message}` };
  const message = error instanceof Error ? error.message : String(error);
  // Redis hiccups and other unexpected faults: retried with backoff, dead-lettered when attempts run out.
  return { kind: 'transient', message };
}
