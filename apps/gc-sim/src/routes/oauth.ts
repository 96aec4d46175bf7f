import type { FastifyInstance } from 'fastify';
import { isOAuthFailure } from '../auth/tokens.js';
import type { Simulator } from '../simulator.js';

function basicCredentials(
  header: string | undefined,
): { clientId: string; clientSecret: string } | undefined {
  const match = /^Basic\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { clientId: decoded.slice(0, colon), clientSecret: decoded.slice(colon + 1) };
}

function oauthError(error: string, description: string) {
  return { error, description, error_description: description };
}

/** `POST /oauth/token`, client-credentials grant: one token bound to one org. */
export function oauthRoutes(app: FastifyInstance, sim: Simulator): void {
  const { engine } = sim;

  app.post('/oauth/token', { config: { logged: true } }, async (request, reply) => {
    const form = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<
      string,
      unknown
    >;
    const credentials =
      basicCredentials(request.headers.authorization) ??
      (typeof form.client_id === 'string' && typeof form.client_secret === 'string'
        ? { clientId: form.client_id, clientSecret: form.client_secret }
        : undefined);
    if (!credentials) {
      return reply.code(401).send(oauthError('invalid_client', 'client authentication is required'));
    }
    request.simContext.orgId = engine.tokens.orgOfClient(credentials.clientId) ?? null;
    if (form.grant_type !== 'client_credentials') {
      return reply
        .code(400)
        .send(oauthError('unsupported_grant_type', 'grant_type must be client_credentials'));
    }
    const orgId = request.simContext.orgId;
    if (orgId !== null && engine.faults().revokedClients.includes(orgId)) {
      request.simContext.fault = 'clientRevoked';
      return reply.code(401).send(oauthError('invalid_client', 'authentication failed'));
    }
    const issued = engine.tokens.issue(credentials.clientId, credentials.clientSecret);
    if (isOAuthFailure(issued)) return reply.code(issued.status).send(issued.body);
    return { access_token: issued.accessToken, token_type: 'bearer', expires_in: issued.expiresInS };
  });
}
