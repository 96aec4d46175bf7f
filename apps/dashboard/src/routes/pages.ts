import type { SyncKey } from '@wfm-sync/domain';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { html, query } from '../html/html.js';
import { page, type SectionPath } from '../html/layout.js';
import { budgetsView } from '../views/budgets.js';
import { deadLettersView } from '../views/dead-letters.js';
import { keyDetailView } from '../views/key-detail.js';
import { keysView } from '../views/keys.js';
import { overviewView } from '../views/overview.js';
import { pacingView } from '../views/pacing.js';
import { trunksView } from '../views/trunks.js';
import { runDeadLetterAction, runOrgAction } from './dead-letter-actions.js';
import type { RouteDeps } from './deps.js';
import {
  budgetsQuery,
  deadLetterAction,
  deadLetterQuery,
  describeIssues,
  keyQuery,
  keySearchQuery,
  orgAction,
  orgQuery,
  regionQuery,
} from './params.js';

/** The server-rendered operator views and their POST actions (Post/Redirect/Get). */
export function registerPages(app: FastifyInstance, deps: RouteDeps): void {
  const orgIds = deps.topology.topology.orgs.map((org) => org.id);
  const regions = [...deps.topology.regions()];

  const send = (
    request: FastifyRequest,
    reply: FastifyReply,
    content: { title: string; section: SectionPath; body: ReturnType<typeof html>; notice?: string },
    status = 200,
  ) =>
    reply
      .code(status)
      .type('text/html; charset=utf-8')
      .send(page({ ...content, actor: request.actor, queueBoardPath: deps.queueBoardPath }).value);

  const invalid = (request: FastifyRequest, reply: FastifyReply, section: SectionPath, error: z.ZodError) =>
    reply
      .code(400)
      .type('text/html; charset=utf-8')
      .send(
        page({
          title: 'Bad request',
          section,
          actor: request.actor,
          queueBoardPath: deps.queueBoardPath,
          error: describeIssues(error),
          body: html``,
        }).value,
      );

  app.get('/', async (request, reply) => {
    const status = await deps.queries.status();
    return send(request, reply, {
      title: 'Overview',
      section: '/',
      body: overviewView(status, deps.queueBoardPath, deps.now()),
    });
  });

  app.get('/keys', async (request, reply) => {
    const parsed = keySearchQuery.safeParse(request.query);
    if (!parsed.success) return invalid(request, reply, '/keys', parsed.error);
    const { org, kind, q, limit } = parsed.data;
    const orgId = org ?? (orgIds.length === 1 ? orgIds[0] : undefined);
    const searched = org !== undefined || q !== '';
    let found: SyncKey[] | undefined;
    if (searched && orgId !== undefined) found = await deps.queries.findKeys(orgId, q, { kind, limit });
    return send(request, reply, {
      title: 'Keys',
      section: '/keys',
      body: keysView(orgIds, { orgId, kind, search: q }, found, limit),
    });
  });

  app.get('/keys/inspect', async (request, reply) => {
    const parsed = keyQuery.safeParse(request.query);
    if (!parsed.success) return invalid(request, reply, '/keys', parsed.error);
    const key: SyncKey = { orgId: parsed.data.org, kind: parsed.data.kind, id: parsed.data.id };
    const inspection = await deps.queries.inspect(key);
    if (inspection === undefined) {
      return send(
        request,
        reply,
        {
          title: 'Key not found',
          section: '/keys',
          body: html`<p>wfm-sync holds nothing for <code>${key.orgId}/${key.kind}/${key.id}</code>.</p>
<p><a href="/keys${query({ org: key.orgId, kind: key.kind, q: key.id })}">Search for similar keys</a></p>`,
        },
        404,
      );
    }
    return send(request, reply, {
      title: `${key.kind} ${key.id}`,
      section: '/keys',
      body: keyDetailView(inspection, deps.now()),
    });
  });

  app.get('/trunks', async (request, reply) => {
    const parsed = regionQuery.safeParse(request.query);
    if (!parsed.success) return invalid(request, reply, '/trunks', parsed.error);
    const trunks = await deps.queries.trunks(parsed.data.region);
    return send(request, reply, {
      title: 'Trunks',
      section: '/trunks',
      body: trunksView(trunks, deps.now()),
    });
  });

  app.get('/pacing', async (request, reply) => {
    const parsed = orgQuery.safeParse(request.query);
    if (!parsed.success) return invalid(request, reply, '/pacing', parsed.error);
    const groups = await deps.queries.pacing(parsed.data.org);
    return send(request, reply, { title: 'Pacing', section: '/pacing', body: pacingView(groups) });
  });

  app.get('/budgets', async (request, reply) => {
    const parsed = budgetsQuery.safeParse(request.query);
    if (!parsed.success) return invalid(request, reply, '/budgets', parsed.error);
    const { done, org } = parsed.data;
    const { orgs } = await deps.queries.status();
    return send(request, reply, {
      title: 'Budgets',
      section: '/budgets',
      notice:
        done === undefined || org === undefined
          ? undefined
          : `${done === 'pause' ? 'Paused' : 'Resumed'} ${org}.`,
      body: budgetsView(orgs, deps.now()),
    });
  });

  for (const verb of ['pause', 'resume'] as const) {
    app.post(`/budgets/${verb}`, async (request, reply) => {
      const parsed = orgAction.safeParse(request.body ?? {});
      if (!parsed.success) return invalid(request, reply, '/budgets', parsed.error);
      await runOrgAction(deps, verb, parsed.data.org, request.actor);
      return reply.redirect(`/budgets${query({ done: verb, org: parsed.data.org })}`, 303);
    });
  }

  app.get('/dead-letters', async (request, reply) => {
    const parsed = deadLetterQuery.safeParse(request.query);
    if (!parsed.success) return invalid(request, reply, '/dead-letters', parsed.error);
    const { region, reason, kind, org, done, count } = parsed.data;
    const filter = { region, reason, kind, orgId: org };
    const letters = await deps.queries.deadLetters(filter);
    const notice =
      done === undefined
        ? undefined
        : `${done === 'replay' ? 'Replayed' : 'Removed'} ${count ?? 0} dead letter${count === 1 ? '' : 's'}.`;
    return send(request, reply, {
      title: 'Dead letters',
      section: '/dead-letters',
      notice,
      body: deadLettersView(letters, filter, { regions, orgIds, now: deps.now() }),
    });
  });

  for (const verb of ['replay', 'purge'] as const) {
    app.post(`/dead-letters/${verb}`, async (request, reply) => {
      const parsed = deadLetterAction.safeParse(request.body ?? {});
      if (!parsed.success) return invalid(request, reply, '/dead-letters', parsed.error);
      const count = await runDeadLetterAction(deps, verb, parsed.data, request.actor);
      const back =
        parsed.data.scope === 'filter'
          ? {
              region: parsed.data.region,
              reason: parsed.data.reason,
              kind: parsed.data.kind,
              org: parsed.data.org,
            }
          : { region: parsed.data.region };
      return reply.redirect(`/dead-letters${query({ ...back, done: verb, count })}`, 303);
    });
  }
}
