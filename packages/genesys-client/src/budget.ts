import type { IncomingHttpHeaders } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { LuaScript, type RedisConnection } from '@wfm-sync/redis-kit';
import type { Logger } from 'pino';
import type { GenesysKeys } from './keys.js';
import { BLOCK_SCRIPT } from './lua/block.lua.js';
import { BLOCK_WAIT_SCRIPT } from './lua/block-wait.lua.js';
import { LIMITER_SCRIPT } from './lua/limiter.lua.js';
import type { GenesysClientMetrics } from './metrics.js';
import { advertisedBudgetOf } from './response-headers.js';
import { DEADLINE_MARGIN_MS, type ThrottleContext, throttled, waitForTurn } from './throttle.js';

/** Largest burst the limiter allows (smaller for small budgets: rpm / 10). */
export const MAX_BURST = 5;
/** How long an advertised lower budget is trusted without being seen again. */
const ADVERTISED_BUDGET_TTL_MS = 10 * 60_000;
/** Each process refreshes the advertised budget in Redis at most this often when it does not change. */
const ADVERTISED_BUDGET_REFRESH_MS = 60_000;

/** A minute's usage counter outlives its minute long enough to be read as "the last minute". */
const USAGE_TTL_MS = 120_000;

const limiter = new LuaScript('limiter', LIMITER_SCRIPT);
const block = new LuaScript('block', BLOCK_SCRIPT);
const blockWait = new LuaScript('block-wait', BLOCK_WAIT_SCRIPT);

export interface RequestBudgetDeps {
  redis: RedisConnection;
  keys: GenesysKeys;
  orgId: string;
  requestsPerMinute: number;
  maxThrottleWaitMs: number;
  metrics: GenesysClientMetrics;
  logger: Logger;
}

/** The org's request budget and 429 block, shared through Redis by every process. */
export class RequestBudget {
  private advertised: { value: number | undefined; syncedAt: number } = { value: undefined, syncedAt: 0 };

  constructor(private readonly deps: RequestBudgetDeps) {}

  /**
   * Returns when one API request may be sent now; throws `rate-limited` rather than wait too long (or past a
   * write's lease). Takes a reserved slot from the shared limiter and sleeps until it, so concurrent callers
   * are served in order; a 429 that blocks the org while it sleeps is honoured before sending.
   */
  async acquire(context: ThrottleContext): Promise<void> {
    const { redis, keys } = this.deps;
    for (;;) {
      const acceptMs = Math.max(0, this.acceptableWaitMs(context));
      const [code, ms] = (await limiter.run(
        redis,
        [keys.limiter, keys.blockedUntil, keys.allowed],
        [this.deps.requestsPerMinute, MAX_BURST, acceptMs],
      )) as [number, number];
      if (code === 2) {
        // Blocked by a 429: wait it out (within the same limits), then ask for a slot again.
        await waitForTurn(() => blockWait.runNumber(redis, [keys.blockedUntil], []), context, this.limits());
        continue;
      }
      if (code === 3) throw throttled(context, ms);
      if (code === 1) {
        this.deps.metrics.throttleWait.observe({ org: this.deps.orgId }, ms / 1000);
        await sleep(ms);
        context.account.waitedMs += ms;
        // The slot is ours, but a 429 may have blocked the org meanwhile: honour it (and take a new slot after).
        if ((await blockWait.runNumber(redis, [keys.blockedUntil], [])) > 0) continue;
      }
      await this.countUse();
      return;
    }
  }

  /** How long this call may still wait: what is left of maxThrottleWaitMs, and never past its lease. */
  private acceptableWaitMs(context: ThrottleContext): number {
    const left = this.deps.maxThrottleWaitMs - context.account.waitedMs;
    if (context.deadline === undefined) return left;
    return Math.min(left, context.deadline - DEADLINE_MARGIN_MS - Date.now());
  }

  /** Counts the request in the current minute, so operators see the budget used by every process. */
  private async countUse(): Promise<void> {
    const key = this.deps.keys.usedInMinute(Math.floor(Date.now() / 60_000));
    await this.deps.redis.multi().incr(key).pexpire(key, USAGE_TTL_MS).exec();
  }

  /** Returns when a token may be fetched: no 429 block on the org, no throttle from the token endpoint. */
  async acquireTokenFetch(context: ThrottleContext): Promise<void> {
    const { redis, keys } = this.deps;
    await waitForTurn(
      () => blockWait.runNumber(redis, [keys.blockedUntil, keys.tokenBlockedUntil], []),
      context,
      this.limits(),
    );
  }

  /** A 429: nobody sends anything for this org for `ms` (an existing later block stays). */
  async blockOrg(ms: number): Promise<void> {
    const remaining = await block.runNumber(this.deps.redis, [this.deps.keys.blockedUntil], [ms]);
    this.deps.logger.warn(
      { org: this.deps.orgId, retryAfterMs: ms, blockedForMs: remaining },
      'Genesys rate limit: org blocked',
    );
  }

  /** The token endpoint throttled us: no token fetch for this org for `ms`. */
  async blockTokenFetches(ms: number): Promise<void> {
    const remaining = await block.runNumber(this.deps.redis, [this.deps.keys.tokenBlockedUntil], [ms]);
    this.deps.logger.warn(
      { org: this.deps.orgId, blockedForMs: remaining },
      'Genesys token endpoint rate limit: token fetches blocked',
    );
  }

  /**
   * Adopts a lower budget the server advertises (`inin-ratelimit-allowed`) for every process;
   * forgets it when the server allows the configured budget again. Writes only on change or
   * once a minute, not on every answer.
   */
  async observe(headers: IncomingHttpHeaders): Promise<void> {
    const allowed = advertisedBudgetOf(headers);
    if (allowed === undefined) return;
    const lower = allowed < this.deps.requestsPerMinute ? allowed : undefined;
    const now = Date.now();
    const changed = lower !== this.advertised.value;
    if (!changed && now - this.advertised.syncedAt < ADVERTISED_BUDGET_REFRESH_MS) return;
    this.advertised = { value: lower, syncedAt: now };
    if (lower === undefined) {
      await this.deps.redis.del(this.deps.keys.allowed);
      return;
    }
    await this.deps.redis.set(this.deps.keys.allowed, String(lower), 'PX', ADVERTISED_BUDGET_TTL_MS);
    if (!changed) return;
    this.deps.logger.info(
      { org: this.deps.orgId, allowed: lower, configured: this.deps.requestsPerMinute },
      'Genesys advertises a lower request budget than configured; using it',
    );
  }

  private limits() {
    return { maxWaitMs: this.deps.maxThrottleWaitMs, orgId: this.deps.orgId, metrics: this.deps.metrics };
  }
}
