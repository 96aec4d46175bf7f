/** The Redis keys of one org's Genesys client state; all share the `{orgId}` hash tag, so one cluster slot. */
export interface GenesysKeys {
  /** The cached access token (string), expiring before the token does. */
  readonly token: string;
  /** Single-flight lock held by the one process fetching a token. */
  readonly tokenLock: string;
  /** The token endpoint told us to slow down: no token fetch before this (epoch ms, Redis clock). */
  readonly tokenBlockedUntil: string;
  /** GCRA state: the theoretical arrival time (epoch ms, Redis clock). */
  readonly limiter: string;
  /** A 429 told us to stop: no request before this (epoch ms, Redis clock). */
  readonly blockedUntil: string;
  /** The per-minute budget the server advertises when it is lower than configured. */
  readonly allowed: string;
  /** Requests let through the budget in one calendar minute (`Date.now() / 60000`, floored): for operators. */
  usedInMinute(epochMinute: number): string;
}

export function genesysKeys(keyPrefix: string, orgId: string): GenesysKeys {
  const base = `${keyPrefix}:{${orgId}}:gc:`;
  return {
    token: `${base}token`,
    tokenLock: `${base}token-lock`,
    tokenBlockedUntil: `${base}token-blocked-until`,
    limiter: `${base}limiter`,
    blockedUntil: `${base}blocked-until`,
    allowed: `${base}allowed`,
    usedInMinute: (epochMinute) => `${base}used:${epochMinute}`,
  };
}
