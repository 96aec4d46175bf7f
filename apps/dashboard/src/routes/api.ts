import type { SyncKey } from '@wfm-sync/domain';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { z } from 'zod';
import { redactSecrets } from '../html/format.js';
import { runDeadLetterAction, runOrgAction } from './dead-letter-actions.js';
import type { RouteDeps } from './deps.js';
import {
  deadLetterAction,
  deadLetterQuery,
  describeIssues,
  keyQuery,
  keySearchQuery,
  orgAction,
  orgQuery,
  regionQuery,
} from './params.js';

/** The same data as the pages, as JSON under /api (for scripts); same authentication, secrets redacted. */
export function registerApi(app: FastifyInstance, deps: RouteDeps): void {
  const badRequest = (reply: FastifyReply, error: z.ZodError) =>
    reply.code(400).send({ error: 'bad_request', message: describeIssues(error) });

  app.get('/api/status', async (request, reply) => {
    const parsed = regionQuery.safeParse(request.query);
    if (!parsed.success) return badRequest(reply, parsed.error);
    return deps.queries.status(parsed.data.region);
  });

  app.get('/api/keys', async (request, reply) => {
    const parsed = keySearchQuery.safeParse(request.query);
    if (!parsed.success) return badRequest(reply, parsed.error);
    const { org, kind, q, limit } = parsed.data;
    if (org === undefined) return reply.code(400).send({ error: 'bad_request', message: 'org: is required' });
    return { keys: await deps.queries.findKeys(org, q, { kind, limit }) };
  });

  app.get('/api/keys/inspect', async (request, reply) => {
    const parsed = keyQuery.safeParse(request.query);
    if (!parsed.success) return badRequest(reply, parsed.error);
    const key: SyncKey = { orgId: parsed.data.org, kind: parsed.data.kind, id: parsed.data.id };
    const inspection = await deps.queries.inspect(key);
    if (inspection === undefined) return reply.code(404).send({ error: 'not_found', key });
    return redactSecrets(inspection);
  });

  app.get('/api/trunks', async (request, reply) => {
    const parsed = regionQuery.safeParse(request.query);
    if (!parsed.success) return badRequest(reply, parsed.error);
    return { trunks: await deps.queries.trunks(parsed.data.region) };
  });

  app.get('/api/pacing', async (request, reply) => {
    const parsed = orgQuery.safeParse(request.query);
    if (!parsed.success) return badRequest(reply, parsed.error);
    return { groups: await deps.queries.pacing(parsed.data.org) };
  });

  app.get('/api/budgets', async () => ({ orgs: (await deps.queries.status()).orgs }));

  app.get('/api/dead-letters', async (request, reply) => {
    const parsed = deadLetterQuery.safeParse(request.query);
    if (!parsed.success) return badRequest(reply, parsed.error);
    const { region, reason, kind, org } = parsed.data;
    return { deadLetters: await deps.queries.deadLetters({ region, reason, kind, orgId: org }) };
  });

  for (const verb of ['pause', 'resume'] as const) {
    app.post(`/api/orgs/${verb}`, async (request, reply) => {
      const parsed = orgAction.safeParse(request.body ?? {});
      if (!parsed.success) return badRequest(reply, parsed.error);
      return runOrgAction(deps, verb, parsed.data.org, request.actor);
    });
  }

  for (const verb of ['replay', 'purge'] as const) {
    app.post(`/api/dead-letters/${verb}`, async (request, reply) => {
      const parsed = deadLetterAction.safeParse(request.body ?? {});
      if (!parsed.success) return badRequest(reply, parsed.error);
      const count = await runDeadLetterAction(deps, verb, parsed.data, request.actor);
      return { [verb === 'replay' ? 'replayed' : 'purged']: count };
    });
  }
}
