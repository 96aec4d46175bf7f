import { setTimeout as sleep } from 'node:timers/promises';
import { GenesysApiError } from './errors/genesys-api-error.js';
import type { GenesysClientMetrics } from './metrics.js';

/** Throttle time already spent by one call (token wait + budget waits), against maxThrottleWaitMs. */
export interface ThrottleAccount {
  waitedMs: number;
}

export interface ThrottleContext {
  method: string;
  route: string;
  account: ThrottleAccount;
  /** A write's lease end (epoch ms): no point sleeping past it. */
  deadline?: number | undefined;
}

/** Slack so a refused-later write is refused now instead (matches the lease margin). */
export const DEADLINE_MARGIN_MS = 250;

/**
 * Sleeps while `check` returns a wait (ms), until it returns 0. A call that would sleep more than
 * `maxWaitMs` in total, or past its lease, throws `rate-limited` with the wait instead, without
 * sending: the pipeline can requeue it with that delay rather than hold a worker.
 */
export async function waitForTurn(
  check: () => Promise<number>,
  context: ThrottleContext,
  limits: { maxWaitMs: number; orgId: string; metrics: GenesysClientMetrics },
): Promise<void> {
  for (;;) {
    const waitMs = await check();
    if (waitMs <= 0) return;
    const overBudget = context.account.waitedMs + waitMs > limits.maxWaitMs;
    const pastLease =
      context.deadline !== undefined && Date.now() + waitMs > context.deadline - DEADLINE_MARGIN_MS;
    if (overBudget || pastLease) throw throttled(context, waitMs, overBudget);
    // A little jitter so processes woken by the same block do not all ask in the same millisecond.
    const sleepMs = waitMs + Math.floor(Math.random() * 10);
    limits.metrics.throttleWait.observe({ org: limits.orgId }, sleepMs / 1000);
    await sleep(sleepMs);
    context.account.waitedMs += sleepMs;
  }
}

/** The `rate-limited` error of a call that was not sent because its wait would be too long. */
export function throttled(context: ThrottleContext, waitMs: number, overBudget = true): GenesysApiError {
  return new GenesysApiError(
    {
      kind: 'rate-limited',
      status: undefined,
      code: 'throttled',
      genesysMessage: undefined,
      correlationId: undefined,
      retryAfterMs: waitMs,
      method: context.method,
      route: context.route,
    },
    `Genesys ${context.method} ${context.route} not sent: the org's budget or 429 block needs ${waitMs} ms more, ` +
      (overBudget ? 'longer than maxThrottleWaitMs' : 'past the lease deadline'),
  );
}
