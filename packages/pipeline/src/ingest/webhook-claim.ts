import { randomUUID } from 'node:crypto';
import { LuaScript, type RedisConnection } from '@wfm-sync/redis-kit';
import {
  CLAIM_WEBHOOK_ID_LUA,
  RELEASE_WEBHOOK_ID_LUA,
  WEBHOOK_ID_STATE_LUA,
} from '../store/lua/webhook-id.js';

/** The webhook-id value once a delivery's events are stored (decision 036): a later delivery of the id is a duplicate. */
const WEBHOOK_ID_DONE = 'done';
const PROCESSING = 'processing';
/** Redis-side backstop only; a claim is abandoned as soon as its claimer's deadline has passed (webhook-id.ts). */
const CLAIM_TTL_MS = 30_000;

export type ClaimOutcome = 'claimed' | 'busy' | 'done';
export type WebhookIdState = 'free' | 'busy' | 'done';

/** What claims a webhook-id: its key and the claim script's arguments (value, now ms, ttl ms). */
export interface WebhookIdClaim {
  key: string;
  args: readonly [value: string, nowMs: number, ttlMs: number];
}

const claimScript = new LuaScript('claim-webhook-id', CLAIM_WEBHOOK_ID_LUA);
const stateScript = new LuaScript('webhook-id-state', WEBHOOK_ID_STATE_LUA);
const releaseScript = new LuaScript('release-webhook-id', RELEASE_WEBHOOK_ID_LUA);

/**
 * One delivery's hold on its webhook-id (decisions 018 and 031): of concurrent deliveries of one id, one records (the
 * others get 503). The claim itself goes out with the delivery's first store (`EventRecorder.record`), or on its own
 * where one script cannot touch both (`claimWebhookId`).
 */
export class WebhookClaim {
  private readonly value: string;

  constructor(
    private readonly redis: RedisConnection,
    readonly key: string,
    /** Epoch ms after which this delivery no longer works on the id (its answer deadline). */
    deadlineMs: number,
  ) {
    // randomUUID draws from a cached pool of random bytes; randomBytes(8) was one getrandom call per webhook.
    this.value = `${PROCESSING}:${Math.ceil(deadlineMs)}:${randomUUID()}`;
  }

  /** The claim, as of `now`, for `EventRecorder.record`. */
  request(now = Date.now()): WebhookIdClaim {
    return { key: this.key, args: [this.value, now, CLAIM_TTL_MS] };
  }

  /** Claims the id in a script of its own (a large delivery; `EventRecorder.record` sends a small one's). */
  claim(now = Date.now()): Promise<ClaimOutcome> {
    return claimWebhookId(this.redis, this.request(now));
  }

  /** The id's state without claiming it (a delivery refused for its body still answers `done` and `busy`). */
  async state(now = Date.now()): Promise<WebhookIdState> {
    const state = await stateScript.run(this.redis, [this.key], [now]);
    if (state === 'free' || state === 'busy' || state === 'done') return state;
    throw new Error(`webhook-id-state returned ${String(state)}`);
  }

  /** The events are stored: a redelivery is a duplicate from now on (also when this lands late: they are stored). */
  async markDone(ttlS: number): Promise<void> {
    await this.redis.set(this.key, WEBHOOK_ID_DONE, 'EX', ttlS);
  }

  /** Gives the id back if this delivery still holds it (a late release must not free someone else's claim). */
  async release(): Promise<void> {
    await releaseScript.run(this.redis, [this.key], [this.value]);
  }
}

/** Claims a webhook-id in a script of its own. */
export async function claimWebhookId(redis: RedisConnection, claim: WebhookIdClaim): Promise<ClaimOutcome> {
  return claimOutcome(await claimScript.run(redis, [claim.key], claim.args));
}

export function claimOutcome(reply: unknown): ClaimOutcome {
  if (reply === 'claimed' || reply === 'busy' || reply === 'done') return reply;
  throw new Error(`webhook-id claim returned ${String(reply)}`);
}
