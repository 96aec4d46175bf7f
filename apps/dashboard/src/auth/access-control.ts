import { setTimeout as sleep } from 'node:timers/promises';
import type { DashboardAuth } from '@wfm-sync/config';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type ConstantTimeEqual, CredentialCheck, parseBasicAuthorization } from './credentials.js';
import type { HostAllowList } from './host-allow-list.js';
import { LoginBackoff } from './login-backoff.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who made the request: the authenticated user, or LOOPBACK_ACTOR. Logged with every change. */
    actor: string;
  }
}

/** The actor of requests in loopback-only mode, where nobody logs in. */
export const LOOPBACK_ACTOR = 'loopback (unauthenticated)';

const REALM = 'Basic realm="wfm-sync dashboard", charset="UTF-8"';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface AccessControlOptions {
  auth: DashboardAuth;
  /** Route patterns served without credentials and to any Host (probes and the Prometheus scrape). */
  publicRoutes: ReadonlySet<string>;
  /** Host header values answered; any other gets 421 before authentication (DNS rebinding). */
  hosts: HostAllowList;
  /** @defaultValue a LoginBackoff of its own */
  backoff?: LoginBackoff;
  /** How a backed-off attempt waits. @defaultValue timers/promises setTimeout */
  wait?: (ms: number) => Promise<unknown>;
  onAuthFailure?: () => void;
  /** @defaultValue crypto.timingSafeEqual */
  constantTimeEqual?: ConstantTimeEqual;
}

/**
 * Guards every route of the app (pages, JSON, bull-board and unknown paths alike) except `publicRoutes`:
 * the Host must be on the allow-list, then HTTP Basic (a bounded delay after failed attempts) against the configured credentials, or nothing in loopback-only mode. State-changing
 * requests must also come from this origin: a browser re-sends Basic credentials on its own, so a
 * cross-site form could otherwise replay or purge with the operator's identity.
 */
export function registerAccessControl(app: FastifyInstance, options: AccessControlOptions): void {
  const check =
    options.auth.mode === 'basic'
      ? new CredentialCheck(
          { user: options.auth.user, password: options.auth.password },
          options.constantTimeEqual,
        )
      : undefined;

  const backoff = options.backoff ?? new LoginBackoff();
  const wait = options.wait ?? sleep;

  app.decorateRequest('actor', '');
  app.addHook('onRequest', async (request, reply) => {
    const route = request.routeOptions.url;
    if (route !== undefined && options.publicRoutes.has(route)) return;
    // Before credentials: a rebinding page runs in the operator's browser, which may hold them.
    if (!options.hosts.allows(request.headers.host)) {
      request.log.warn(
        { ip: request.ip, host: request.headers.host },
        'dashboard: request for a host not allowed',
      );
      return deny(reply, 421, 'this dashboard does not answer for that host name (DASHBOARD_ALLOWED_HOSTS)');
    }
    if (check === undefined) {
      request.actor = LOOPBACK_ACTOR;
    } else {
      const presented = parseBasicAuthorization(request.headers.authorization);
      // A browser's first request carries no credentials: only wrong ones count towards the delay.
      const delay = presented === undefined ? 0 : backoff.delayMs(request.ip, presented.user);
      if (delay > 0) await wait(delay);
      if (presented === undefined || !check.matches(presented)) {
        if (presented !== undefined) backoff.failed(request.ip, presented.user);
        options.onAuthFailure?.();
        request.log.warn({ ip: request.ip, url: request.url }, 'dashboard: authentication failed');
        return deny(reply, 401, 'authentication required', { 'www-authenticate': REALM });
      }
      backoff.succeeded(request.ip, presented.user);
      request.actor = presented.user;
    }
    if (!SAFE_METHODS.has(request.method) && !isSameOrigin(request)) {
      request.log.warn({ actor: request.actor, url: request.url }, 'dashboard: cross-site request refused');
      return deny(reply, 403, 'cross-site request refused');
    }
  });
}

function deny(reply: FastifyReply, status: number, message: string, headers: Record<string, string> = {}) {
  return reply
    .code(status)
    .headers({ ...headers, 'cache-control': 'no-store' })
    .type('text/plain; charset=utf-8')
    .send(message);
}

/**
 * Fetch metadata (Sec-Fetch-Site) decides when the browser sends it; older browsers send Origin on every
 * cross-origin POST. Scripts like curl send neither, and must present credentials explicitly anyway.
 */
function isSameOrigin(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined) return site === 'same-origin' || site === 'none';
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  if (!URL.canParse(origin)) return false;
  return new URL(origin).host === request.headers.host;
}
