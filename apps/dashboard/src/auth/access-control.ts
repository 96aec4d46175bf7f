import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DashboardAuth } from '../env.js';
import { type ConstantTimeEqual, CredentialCheck, parseBasicAuthorization } from './credentials.js';

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
  /** Route patterns served without credentials (probes and the Prometheus scrape). */
  publicRoutes: ReadonlySet<string>;
  onAuthFailure?: () => void;
  /** @defaultValue crypto.timingSafeEqual */
  constantTimeEqual?: ConstantTimeEqual;
}

/**
 * Guards every route of the app (pages, JSON, bull-board and unknown paths alike) except `publicRoutes`:
 * HTTP Basic against the configured credentials, or nothing in loopback-only mode. State-changing
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

  app.decorateRequest('actor', '');
  app.addHook('onRequest', async (request, reply) => {
    const route = request.routeOptions.url;
    if (route !== undefined && options.publicRoutes.has(route)) return;
    if (check === undefined) {
      request.actor = LOOPBACK_ACTOR;
    } else {
      const presented = parseBasicAuthorization(request.headers.authorization);
      if (presented === undefined || !check.matches(presented)) {
        options.onAuthFailure?.();
        request.log.warn({ ip: request.ip, url: request.url }, 'dashboard: authentication failed');
        return deny(reply, 401, 'authentication required', { 'www-authenticate': REALM });
      }
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
