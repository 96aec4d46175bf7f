import { parseWebhookBody, type WfmEvent } from '@wfm-sync/domain';
import type { Logger } from '@wfm-sync/observability';
import { type EventRecorder, type RecordResult, WebhookClaim, webhookIdKey } from '@wfm-sync/pipeline';
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

/**
 * The largest body whose webhook-id claim goes out with its store (decision 031): one or a few events, whose store
 * arguments are as small as a claim's order of magnitude. A stalled Redis keeps every command it has not answered
 * in the client's queue, and a slot is freed at each timeout (decision 018), so this bounds what a long stall holds.
 */
export const CLAIM_WITH_STORE_MAX_BODY_CHARS = 8_192;

const UNAVAILABLE = (retryAfterS: number): WebhookResponse => ({
  status: 503,
  body: { error: 'unavailable' },
  retryAfterS,
});

/**
 * The webhook pipeline, step by step: signature (401) → JSON and validation (400), topology references (404),
 * backpressure (503), none of which sends a Redis command → claim the webhook-id and store the events (a repeated,
 * done id: 200; a concurrent delivery of the same id: 503 + Retry-After: 1, then 200 once the first is done; the
 * claim goes out in one script with the first org's store: decision 031; that script also marks the id done when
 * it is the delivery's only store, else the done mark leaves in the same turn as the enqueue: decision 036) → the
 * shared enqueue → 202 once it answered. A delivery refused for its body takes no
 * claim, but reads the id's state first, so that a repeated delivery is a duplicate (200) whatever its body or its
 * region's load, and one in work is still busy.
 * A body over CLAIM_WITH_STORE_MAX_BODY_CHARS claims first and alone, before its body is parsed (decision 018's order).
 * A failure after the claim releases it (compare-and-delete), so a redelivery is not held up.
 * The id is remembered only after the events are stored, so a crash before makes a redelivery re-process them, which
 * the per-key sequence guard turns into duplicates: nothing lost, nothing applied twice. Stored events are in their
 * org's due set, so one whose enqueue failed or never left is enqueued by the sweeper even when the id is done.
 * Past its deadline a delivery stops before its next Redis step (its caller has answered 503 by then).
 * Redis round trips per accepted webhook of one org: the claim-and-store script (which marks it done), then a share
 * of one `addBulk`.
 */
export async function handleWebhook(
  deps: WebhookHandlerDeps,
  rawBody: string,
  headers: SignatureHeaders,
  deadline?: DeliveryDeadline,
): Promise<WebhookResponse> {
  const late = () => deadline?.signal.aborted === true;
  if (!deps.verifier.verify(rawBody, headers)) return { status: 401, body: { error: 'invalid_signature' } };
  // The claim ends with its claimer's deadline, so a delivery whose process died mid-way, or whose claim landed late
  // after a stalled Redis resumed, does not hold up a redelivery; only `done` (events stored) makes a redelivery a
  // duplicate.
  const claim = new WebhookClaim(
    deps.redis,
    webhookIdKey(deps.prefix, headers['webhook-id'] ?? ''),
    deadline?.deadlineMs ?? Date.now() + 30_000,
  );

  // A large delivery claims first, alone, as before decision 031: while Redis stalls, only its small claim waits in
  // the client's queue, not its store's arguments (decision 018), and its body is not even parsed.
  const claimFirst = rawBody.length > CLAIM_WITH_STORE_MAX_BODY_CHARS;
  if (claimFirst) {
    const refused = await askId(deps, late, () => claim.claim());
    if (refused) return refused;
  }

  const checked = checkBody(deps, rawBody);
  if (!checked.ok) {
    // A refused body takes no claim; but a done id is a duplicate whatever its body, and one in work is busy.
    if (!claimFirst) return (await askId(deps, late, () => claim.state())) ?? checked.response;
    // Refused after its claim: give the id back at once (a corrected redelivery is not held up until the deadline).
    if (!late()) await claim.release().catch(() => 0);
    return checked.response;
  }
  const { events } = checked;

  try {
    if (late()) return UNAVAILABLE(5);
    const result = await deps.recorder.record(events, {
      ...(claimFirst ? {} : { claim: claim.request() }),
      // The id is done once the events are stored: with the store, or as the enqueue leaves (decision 036).
      done: {
        ttlS: deps.webhookIdTtlS,
        send: async () => {
          if (late()) throw new Error('deadline passed while recording');
          await claim.markDone(deps.webhookIdTtlS);
        },
      },
    });
    const refused = answerForId(result.claim);
    if (refused) return refused;
    deps.onEvents?.(events, result);
    return {
      status: 202,
      body: { accepted: result.accepted, duplicates: result.duplicates, stale: result.stale },
    };
  } catch (error) {
    deps.logger.warn({ err: error }, 'could not record events: shedding webhook');
    // A claim-and-store that failed may still have claimed (it may even land later, decision 018): give the id back
    // unless the deadline passed, after which the claim is free for a redelivery to take over anyway.
    if (!late()) await claim.release().catch(() => 0);
    return UNAVAILABLE(5);
  }
}

/** What a webhook-id's state dictates before recording: 200 for `done`, 503 + Retry-After: 1 for `busy`, else go on. */
function answerForId(state: string | undefined): WebhookResponse | undefined {
  if (state === 'done') return { status: 200, body: { duplicate: true } };
  if (state === 'busy') return UNAVAILABLE(1);
  return undefined;
}

/** Claims or reads the webhook-id (`ask`): the answer its state dictates, undefined to go on, 503 if Redis fails. */
async function askId(
  deps: WebhookHandlerDeps,
  late: () => boolean,
  ask: () => Promise<string>,
): Promise<WebhookResponse | undefined> {
  if (late()) return UNAVAILABLE(5);
  try {
    return answerForId(await ask());
  } catch (error) {
    deps.logger.warn({ err: error }, 'redis unavailable: shedding webhook');
    return UNAVAILABLE(5);
  }
}

type CheckedBody = { ok: true; events: WfmEvent[] } | { ok: false; response: WebhookResponse };

/** JSON and validation (400), topology references (404), backpressure (503): no Redis command. */
function checkBody(deps: WebhookHandlerDeps, rawBody: string): CheckedBody {
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    return {
      ok: false,
      response: {
        status: 400,
        body: { error: 'invalid_event', issues: [{ index: 0, path: '', message: 'body is not valid JSON' }] },
      },
    };
  }
  const parsed = parseWebhookBody(body, { now: (deps.now ?? Date.now)() });
  if (!parsed.ok)
    return { ok: false, response: { status: 400, body: { error: 'invalid_event', issues: parsed.issues } } };

  const unknown = deps.recorder.unknownReferences(parsed.events);
  if (unknown.length > 0)
    return {
      ok: false,
      response: { status: 404, body: { error: 'unknown_reference', references: unknown } },
    };

  if (parsed.events.some((event) => deps.regionOverLimit(event.orgId)))
    return { ok: false, response: UNAVAILABLE(10) };
  return { ok: true, events: parsed.events };
}
