import type { IncomingHttpHeaders } from 'node:http';

export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export function correlationIdOf(headers: IncomingHttpHeaders): string | undefined {
  return headerValue(headers, 'inin-correlation-id');
}

/** When Genesys names no wait, hold the org this long (short: the next 429 will say more). */
export const DEFAULT_RETRY_AFTER_MS = 1_000;

/**
 * How long a rate-limited answer asks us to wait: `Retry-After` (seconds or an HTTP date),
 * else `inin-ratelimit-reset` (seconds until the window resets), else a short default.
 */
export function retryAfterMsOf(headers: IncomingHttpHeaders, now: number = Date.now()): number {
  const retryAfter = headerValue(headers, 'retry-after');
  if (retryAfter !== undefined) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  const reset = Number(headerValue(headers, 'inin-ratelimit-reset'));
  if (Number.isFinite(reset) && reset > 0) return Math.ceil(reset * 1000);
  return DEFAULT_RETRY_AFTER_MS;
}

/** The per-minute budget the server says this token has (`inin-ratelimit-allowed`), if it says. */
export function advertisedBudgetOf(headers: IncomingHttpHeaders): number | undefined {
  const raw = headerValue(headers, 'inin-ratelimit-allowed');
  if (raw === undefined) return undefined;
  const allowed = Number(raw);
  return Number.isInteger(allowed) && allowed > 0 ? allowed : undefined;
}
