import { parseWebhookBody, type WfmEvent } from '@wfm-sync/domain';
import type { Logger } from '@wfm-sync/observability';
import { type EventRecorder, type RecordResult, webhookIdKey } from '@wfm-sync/pipeline';
import type { RedisConnection } from '@wfm-sync/redis-kit';
import type { SignatureHeaders, SignatureVerifier } from './signature.js';
import { isDone, WebhookClaim } from './webhook-claim.js';

/** A response of the webhook contract (wfm-events.md, "Responses"). */
export interface WebhookResponse {
  status: 200 | 202 | 400 | 401 | 404 | 415 | 503;
  body: Record<string, unknown>;
  retryAfterS?: number;
}

export interface WebhookHandlerDeps {
  redis: RedisConnection;
  prefix: string;
  verifier: SignatureVerifier;
  recorder: EventRecorder;
  logger: Logger;
  /** True when this org sheds load (its own backlog is over the limit; docs/decisions/025). */
  regionOverLimit(orgId: string): boolean;
  /** How long a processed webhook-id is remembered. */
  webhookIdTtlS: number;
  /** The receiver's clock (occurredAt may be at most 5 minutes ahead of it). @defaultValue Date.now */
  now?: () => number;
  onEvents?(events: readonly WfmEvent[], result: RecordResult): void;
}

/** One delivery's time limit: past `deadlineMs` it sends nothing more to Redis and is answered 503. */
export interface DeliveryDeadline {
  deadlineMs: number;
  signal: AbortSignal;
}

const UNAVAILABLE = (retryAfterS: number): WebhookResponse => ({
  status: 503,
  body: { error: 'unavailable' },
  retryAfterS,
});

/**
 * The webhook pipeline, step by step: signature (401) → repeated webhook-id (200) → JSON and validation (400) →
 * topology references (404) → backpressure (503) → claim the webhook-id (a concurrent delivery of the same id gets
 * 503 + Retry-After: 1, then 200 once the first is done) → record in Redis → mark the webhook-id done → 202.
 * The id is remembered only after the events are stored, so a crash in between makes a redelivery
 * re-process them, which the per-key sequence guard turns into duplicates: nothing lost, nothing applied twice.
 * Past its deadline a delivery stops before its next Redis step (its caller has answered 503 by then).
 */
export async function handleWebhook(
  deps: WebhookHandlerDeps,
  rawBody: string,
  headers: SignatureHeaders,
  deadline?: DeliveryDeadline,
): Promise<WebhookResponse> {
  const late = () => deadline?.signal.aborted === true;
  if (!deps.verifier.verify(rawBody, headers)) return { status: 401, body: { error: 'invalid_signature' } };
  const idKey = webhookIdKey(deps.prefix, headers['webhook-id'] ?? '');

  let seen: string | null;
  try {
    seen = await deps.redis.get(idKey);
  } catch (error) {
    deps.logger.warn({ err: error }, 'redis unavailable: shedding webhook');
    return UNAVAILABLE(5);
  }
  if (isDone(seen)) return { status: 200, body: { duplicate: true } };

  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    return {
      status: 400,
      body: { error: 'invalid_event', issues: [{ index: 0, path: '', message: 'body is not valid JSON' }] },
    };
  }
  const parsed = parseWebhookBody(body, { now: (deps.now ?? Date.now)() });
  if (!parsed.ok) return { status: 400, body: { error: 'invalid_event', issues: parsed.issues } };

  const unknown = deps.recorder.unknownReferences(parsed.events);
  if (unknown.length > 0) return { status: 404, body: { error: 'unknown_reference', references: unknown } };

  if (parsed.events.some((event) => deps.regionOverLimit(event.orgId))) return UNAVAILABLE(10);

  // Claim the webhook-id: of concurrent deliveries of one id exactly one records its events. The claim ends with
  // its claimer's deadline, so a delivery whose process died mid-way, or whose claim landed late after a stalled
  // Redis resumed, does not hold up a redelivery; only `done` (events stored) makes a redelivery a duplicate.
  const claim = new WebhookClaim(deps.redis, idKey, deadline?.deadlineMs ?? Date.now() + 30_000);
  try {
    if (late()) return UNAVAILABLE(5);
    const outcome = await claim.claim();
    if (outcome === 'done') return { status: 200, body: { duplicate: true } };
    if (outcome === 'busy') return UNAVAILABLE(1);
  } catch (error) {
    deps.logger.warn({ err: error }, 'redis unavailable: shedding webhook');
    return UNAVAILABLE(5);
  }

  try {
    if (late()) throw new Error('deadline passed before recording');
    const result = await deps.recorder.record(parsed.events);
    if (late()) throw new Error('deadline passed while recording');
    await claim.markDone(deps.webhookIdTtlS);
    deps.onEvents?.(parsed.events, result);
    return {
      status: 202,
      body: { accepted: result.accepted, duplicates: result.duplicates, stale: result.stale },
    };
  } catch (error) {
    deps.logger.warn({ err: error }, 'could not record events: shedding webhook');
    // Past the deadline the claim is already free for a redelivery to take over: nothing more is sent.
    if (!late()) await claim.release().catch(() => 0);
    return UNAVAILABLE(5);
  }
}
