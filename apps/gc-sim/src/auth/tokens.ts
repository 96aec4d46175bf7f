import { randomBytes } from 'node:crypto';
import type { SimFixture } from '../fixture/schema.js';
import { FixedWindowBudget, type WindowTake } from './fixed-window.js';

export interface TokenStoreOptions {
  now: () => number;
  tokenLifetimeS: number;
  requestsPerMinute: number;
  tokenRequestsPerMinute: number;
  rateLimitWindowMs: number;
}

export interface IssuedToken {
  accessToken: string;
  orgId: string;
  expiresInS: number;
}

/** An OAuth failure, answered with the token endpoint's own body shape (not ErrorBody). */
export interface OAuthFailure {
  status: 400 | 401;
  body: { error: string; description: string; error_description: string };
}

export type AuthFailureReason = 'missing' | 'unknown' | 'expired' | 'revoked';

export interface TokenRecord {
  readonly orgId: string;
  readonly expiresAt: number;
  revoked: boolean;
  readonly budget: FixedWindowBudget;
  /** Until when (epoch ms) a 429's Retry-After forbids requests on this token. */
  retryAfterUntil: number;
  /** When (epoch ms) the 429 that set `retryAfterUntil` was sent. */
  retryAfterIssuedAt: number;
}

/** Tokens bound to one org each, with the per-token request budget and the token endpoint's own limit. */
export class TokenStore {
  private readonly tokens = new Map<string, TokenRecord>();
  private readonly clients = new Map<string, { orgId: string; secret: string; budget: FixedWindowBudget }>();
  private issuedSincePrune = 0;

  constructor(
    fixture: SimFixture,
    private readonly options: TokenStoreOptions,
  ) {
    for (const org of fixture.orgs) {
      this.clients.set(org.clientId, {
        orgId: org.id,
        secret: org.clientSecret,
        budget: new FixedWindowBudget(options.tokenRequestsPerMinute, options.rateLimitWindowMs),
      });
    }
  }

  /** The org a client id belongs to (for logging a token request), or undefined. */
  orgOfClient(clientId: string): string | undefined {
    return this.clients.get(clientId)?.orgId;
  }

  issue(clientId: string, clientSecret: string): IssuedToken | OAuthFailure {
    const client = this.clients.get(clientId);
    if (!client) return oauthFailure(400, 'invalid_client', 'client not found');
    if (client.secret !== clientSecret) return oauthFailure(401, 'invalid_client', 'authentication failed');
    const now = this.options.now();
    const take = client.budget.take(now);
    if (!take.allowed) {
      return oauthFailure(
        400,
        'invalid_request',
        `rate limit exceeded; retry in ${Math.ceil(take.resetInMs / 1000)} seconds`,
      );
    }
    this.pruneNow(now);
    const accessToken = randomBytes(32).toString('base64url');
    this.tokens.set(accessToken, {
      orgId: client.orgId,
      expiresAt: now + this.options.tokenLifetimeS * 1000,
      revoked: false,
      budget: new FixedWindowBudget(this.options.requestsPerMinute, this.options.rateLimitWindowMs),
      retryAfterUntil: 0,
      retryAfterIssuedAt: 0,
    });
    return { accessToken, orgId: client.orgId, expiresInS: this.options.tokenLifetimeS };
  }

  authenticate(authorization: string | undefined): TokenRecord | AuthFailureReason {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match?.[1]) return 'missing';
    const record = this.tokens.get(match[1]);
    if (!record) return 'unknown';
    if (record.revoked) return 'revoked';
    if (this.options.now() >= record.expiresAt) return 'expired';
    return record;
  }

  /** Counts one request against the token's budget. */
  take(record: TokenRecord): WindowTake {
    return record.budget.take(this.options.now());
  }

  /** Revokes every live token of one org, or of all orgs; returns how many. */
  revoke(orgId?: string): number {
    const now = this.options.now();
    let revoked = 0;
    for (const record of this.tokens.values()) {
      if (!record.revoked && now < record.expiresAt && (orgId === undefined || record.orgId === orgId)) {
        record.revoked = true;
        revoked += 1;
      }
    }
    return revoked;
  }

  private pruneNow(now: number): void {
    // Expired tokens only answer 401 either way; forgetting them keeps memory flat in long load runs.
    if (++this.issuedSincePrune < 1000) return;
    this.issuedSincePrune = 0;
    for (const [token, record] of this.tokens) if (now >= record.expiresAt) this.tokens.delete(token);
  }
}

function oauthFailure(status: 400 | 401, error: string, description: string): OAuthFailure {
  return { status, body: { error, description, error_description: description } };
}

export function isOAuthFailure(value: IssuedToken | OAuthFailure): value is OAuthFailure {
  return 'status' in value;
}
