import { parseWebhookBody, type WfmEvent } from '@wfm-sync/domain';
import type { Logger } from '@wfm-sync/observability';
import { type EventRecorder, type RecordResult, webhookIdKey } from '@wfm-sync/pipeline';
import type { RedisConnection } from '@wfm-sync/redis-kit';
import type { SignatureHeaders, SignatureVerifier } from './signature.js';

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
  /** True when the region of this org sheds load. */
  regionOverLimit(orgId: string): boolean;
  /** How long a processed webhook-id is remembered. */
  webhookIdTtlS: number;
  /** The receiver's clock (occurredAt may be at most 5 minutes ahead of it). @defaultValue Date.now */
  now?: () => number;
  onEvents?(events: readonly WfmEvent[], result: RecordResult): void;
}

const PROCESSING = 'processing';
const DONE = 'done';
/** Longer than any recording takes; short enough that a crashed delivery's redelivery is not refused for long. */
const CLAIM_TTL_MS = 30_000;

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
 */
export async function handleWebhook(
  deps: WebhookHandlerDeps,
  rawBody: string,
  headers: SignatureHeaders,
): Promise<WebhookResponse> {
  if (!deps.verifier.verify(rawBody, headers)) return { status: 401, body: { error: 'invalid_signature' } };
  const idKey = webhookIdKey(deps.prefix, headers['webhook-id'] ?? '');

  let seen: string | null;
  try {
    seen = await deps.redis.get(idKey);
  } catch (error) {
    deps.logger.warn({ err: error }, 'redis unavailable: shedding webhook');
    return UNAVAILABLE(5);
  }
  if (seen !== null && seen !== PROCESSING) return { status: 200, body: { duplicate: true } };

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

  // Claim the webhook-id: of concurrent deliveries of one id exactly one records its events. The claim expires,
  // so a delivery whose process died mid-way is processed again when it is redelivered.
  try {
    const claimed = await deps.redis.set(idKey, PROCESSING, 'PX', CLAIM_TTL_MS, 'NX');
    if (claimed === null) {
      const current = await deps.redis.get(idKey);
      if (current !== PROCESSING) return { status: 200, body: { duplicate: true } };
      return UNAVAILABLE(1);
    }
  } catch (error) {
    deps.logger.warn({ err: error }, 'redis unavailable: shedding webhook');
    return UNAVAILABLE(5);
  }

  try {
    const result = await deps.recorder.record(parsed.events);
    await deps.redis.set(idKey, DONE, 'EX', deps.webhookIdTtlS);
    deps.onEvents?.(parsed.events, result);
    return {
      status: 202,
      body: { accepted: result.accepted, duplicates: result.duplicates, stale: result.stale },
    };
  } catch (error) {
    deps.logger.warn({ err: error }, 'could not record events: shedding webhook');
    await deps.redis.del(idKey).catch(() => 0);
    return UNAVAILABLE(5);
  }
}
