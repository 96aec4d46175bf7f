import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { LuaScript, type RedisConnection } from '@wfm-sync/redis-kit';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { RequestBudget } from './budget.js';
import { classifyGenesysError } from './classify.js';
import { readErrorBody } from './error-body.js';
import { GenesysApiError } from './errors/genesys-api-error.js';
import { ResponseValidationError } from './errors/response-validation-error.js';
import type { HttpSender } from './http.js';
import type { GenesysKeys } from './keys.js';
import { COMPARE_AND_DELETE_SCRIPT } from './lua/compare-and-delete.lua.js';
import type { GenesysClientMetrics, TokenFetchOutcome } from './metrics.js';
import type { TokenResponse } from './models/token.js';
import type { GenesysOrgConfig } from './options.js';
import type { RequestRecorder } from './request-recorder.js';
import { correlationIdOf, retryAfterMsOf } from './response-headers.js';
import { GENESYS_ROUTE_MODELS } from './route-models.js';
import type { ThrottleAccount } from './throttle.js';
import { joinUrl } from './urls.js';

export const TOKEN_ROUTE = '/oauth/token';
const TOKEN_METHOD = 'POST';
/** How often a process waiting for another's token fetch looks for the result. */
const TOKEN_POLL_MS = 25;
/** Refresh this long before expiry: 10% of the lifetime, at most a minute. */
const MAX_REFRESH_MARGIN_MS = 60_000;

const compareAndDelete = new LuaScript('compare-and-delete', COMPARE_AND_DELETE_SCRIPT);

export interface TokenProviderDeps {
  redis: RedisConnection;
  keys: GenesysKeys;
  org: GenesysOrgConfig;
  http: HttpSender;
  budget: RequestBudget;
  requestTimeoutMs: number;
  metrics: GenesysClientMetrics;
  logger: Logger;
  recorder: RequestRecorder;
}

/**
 * The org's access token, shared by every process through Redis. On a miss one process fetches
 * (single flight under a short Redis lock) while the others poll the cache; within a process
 * concurrent callers share one promise. The cache entry expires before the token does, so a
 * token is refreshed before Genesys would reject it.
 */
export class TokenProvider {
  private inflight: Promise<string> | undefined;
  private readonly lockTtlMs: number;

  constructor(private readonly deps: TokenProviderDeps) {
    // Long enough for one token request; short enough that a crashed holder delays others little.
    this.lockTtlMs = deps.requestTimeoutMs + 2_000;
  }

  async current(account: ThrottleAccount): Promise<string> {
    const cached = await this.deps.redis.get(this.deps.keys.token);
    if (cached) return cached;
    this.inflight ??= this.obtain(account).finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /** Drops the cached token only if it is still `rejected` (another process may have stored a new one). */
  async invalidate(rejected: string): Promise<void> {
    await compareAndDelete.runNumber(this.deps.redis, [this.deps.keys.token], [rejected]);
  }

  private async obtain(account: ThrottleAccount): Promise<string> {
    const { redis, keys } = this.deps;
    const giveUpAt = Date.now() + this.lockTtlMs + 1_000;
    for (;;) {
      const cached = await redis.get(keys.token);
      if (cached) return cached;
      await this.deps.budget.acquireTokenFetch({ method: TOKEN_METHOD, route: TOKEN_ROUTE, account });
      const owner = randomUUID();
      const locked = await redis.set(keys.tokenLock, owner, 'PX', this.lockTtlMs, 'NX');
      if (locked === 'OK') return this.fetchUnderLock(owner);
      if (Date.now() > giveUpAt) {
        throw new GenesysApiError(
          {
            kind: 'transient',
            status: undefined,
            code: 'token.wait.timeout',
            genesysMessage: undefined,
            correlationId: undefined,
            method: TOKEN_METHOD,
            route: TOKEN_ROUTE,
          },
          'timed out waiting for another process to fetch the Genesys token',
        );
      }
      await sleep(TOKEN_POLL_MS);
    }
  }

  private async fetchUnderLock(owner: string): Promise<string> {
    const { redis, keys } = this.deps;
    let token: string;
    try {
      // Someone may have stored a token between our miss and our lock.
      token = (await redis.get(keys.token)) ?? (await this.fetch());
    } catch (error) {
      await this.releaseLock(owner);
      throw error;
    }
    await this.releaseLock(owner);
    return token;
  }

  private async releaseLock(owner: string): Promise<void> {
    try {
      await compareAndDelete.runNumber(this.deps.redis, [this.deps.keys.tokenLock], [owner]);
    } catch (error) {
      // The lock expires by itself; others only wait a little longer.
      this.deps.logger.warn(
        { org: this.deps.org.id, err: error },
        'could not release the Genesys token lock',
      );
    }
  }

  private async fetch(): Promise<string> {
    const { org, http, metrics } = this.deps;
    const credentials = Buffer.from(`${org.clientId}:${org.clientSecret}`).toString('base64');
    const started = performance.now();
    const outcome = await http.send({
      method: TOKEN_METHOD,
      url: joinUrl(org.loginBaseUrl, TOKEN_ROUTE),
      headers: {
        authorization: `Basic ${credentials}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: 'grant_type=client_credentials',
      timeoutMs: this.deps.requestTimeoutMs,
    });
    const durationMs = performance.now() - started;

    if (outcome.kind === 'failure') {
      this.deps.recorder.record(
        TOKEN_METHOD,
        TOKEN_ROUTE,
        { failure: outcome.timeout ? 'timeout' : 'network' },
        durationMs,
      );
      this.count('error');
      throw new GenesysApiError(
        {
          kind: 'transient',
          status: undefined,
          code: outcome.code,
          genesysMessage: undefined,
          correlationId: undefined,
          method: TOKEN_METHOD,
          route: TOKEN_ROUTE,
        },
        `Genesys token request got no answer (${outcome.timeout ? 'timed out' : 'connection failed'}: ${outcome.code})`,
      );
    }

    const { response } = outcome;
    this.deps.recorder.record(TOKEN_METHOD, TOKEN_ROUTE, { status: response.status }, durationMs);
    const correlationId = correlationIdOf(response.headers);
    if (response.status === 200) {
      const parsed = parseTokenResponse(response.body);
      if (!parsed.success) {
        this.count('error');
        throw new ResponseValidationError({
          method: TOKEN_METHOD,
          route: TOKEN_ROUTE,
          status: response.status,
          correlationId,
          model: 'OAuth token response',
          issues: parsed.issues,
        });
      }
      const lifetimeMs = parsed.data.expires_in * 1000;
      const cacheMs = Math.max(1, Math.floor(lifetimeMs - Math.min(MAX_REFRESH_MARGIN_MS, lifetimeMs * 0.1)));
      await this.deps.redis.set(this.deps.keys.token, parsed.data.access_token, 'PX', cacheMs);
      this.count('ok');
      return parsed.data.access_token;
    }

    const body = readErrorBody(response.body);
    const kind = classifyGenesysError({ status: response.status, code: body.code, message: body.message });
    let retryAfterMs: number | undefined;
    if (kind === 'rate-limited') {
      retryAfterMs = retryAfterMsOf(response.headers);
      metrics.rateLimited.inc({ org: org.id });
      await this.deps.budget.blockTokenFetches(retryAfterMs);
    }
    this.count(kind === 'rate-limited' ? 'rate-limited' : kind === 'unauthorized' ? 'unauthorized' : 'error');
    throw new GenesysApiError({
      kind,
      status: response.status,
      code: body.code,
      genesysMessage: body.message,
      correlationId,
      retryAfterMs,
      method: TOKEN_METHOD,
      route: TOKEN_ROUTE,
    });
  }

  private count(outcome: TokenFetchOutcome): void {
    this.deps.metrics.tokenFetches.inc({ org: this.deps.org.id, outcome });
  }
}

function parseTokenResponse(
  body: string,
): { success: true; data: TokenResponse } | { success: false; issues: string } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { success: false, issues: 'body is not JSON' };
  }
  const parsed = GENESYS_ROUTE_MODELS.token.POST.schema.safeParse(json);
  // The issues name fields only; the token itself never lands in an error message.
  return parsed.success
    ? { success: true, data: parsed.data }
    : { success: false, issues: z.prettifyError(parsed.error) };
}
