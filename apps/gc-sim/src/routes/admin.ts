import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { notFound } from '../errors.js';
import { faultProfileSchema } from '../faults/profile.js';
import { parseOr400 } from '../server/validate.js';
import type { Simulator } from '../simulator.js';
import { adminCampaignEditSchema } from '../state/campaign-schema.js';
import { degradedVariants, offlineVariants, trunkHealths } from '../state/trunks.js';

const orgParams = z.object({ orgId: z.string().min(1) });
const scheduleParams = orgParams.extend({
  buId: z.string().min(1),
  weekId: z.string().min(1),
  scheduleId: z.string().min(1),
});
const requestsQuery = z.object({
  since: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(100_000).optional(),
});
const trunkHealthBody = z.object({
  health: z.enum(trunkHealths),
  variant: z.enum([...offlineVariants, ...degradedVariants]).optional(),
});
const revokeBody = z.object({ orgId: z.string().min(1).optional() });

function found<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw notFound(what);
  return value;
}

/** `/__sim/*`: the admin API of sim.admin as JSON, for tests, demos and load rehearsals. */
export function adminRoutes(app: FastifyInstance, sim: Simulator): void {
  const { admin } = sim;

  app.get('/__sim/fixture', async () => sim.fixture);
  app.get('/__sim/violations', async () => admin.violations());
  app.get('/__sim/schedule-updates', async () => admin.scheduleUpdates());
  app.get('/__sim/garbled-answers', async () => admin.garbledAnswers());
  app.delete('/__sim/violations', async (_request, reply) => {
    admin.resetViolations();
    return reply.code(204).send();
  });

  app.get('/__sim/requests', async (request) => {
    const query = parseOr400(requestsQuery, request.query, 'query');
    const entries = admin.requestLog(query);
    return { entries, nextSince: entries.at(-1)?.seq ?? query.since ?? 0 };
  });
  app.delete('/__sim/requests', async (_request, reply) => {
    admin.clearRequestLog();
    return reply.code(204).send();
  });

  app.get('/__sim/faults', async () => admin.faults());
  app.put('/__sim/faults', async (request) =>
    admin.setFaults(parseOr400(faultProfileSchema, request.body ?? {})),
  );
  app.patch('/__sim/faults', async (request) => {
    const changes = parseOr400(z.record(z.string(), z.unknown()), request.body ?? {});
    return admin.setFaults(parseOr400(faultProfileSchema, { ...admin.faults(), ...changes }));
  });

  app.put('/__sim/trunks/:orgId/:trunkId', async (request) => {
    const { orgId, trunkId } = parseOr400(
      orgParams.extend({ trunkId: z.string().min(1) }),
      request.params,
      'path',
    );
    const { health, variant } = parseOr400(trunkHealthBody, request.body);
    return admin.setTrunkHealth(orgId, trunkId, health, variant);
  });

  app.post('/__sim/campaigns/:orgId/:campaignId/admin-edit', async (request) => {
    const { orgId, campaignId } = parseOr400(
      orgParams.extend({ campaignId: z.string().min(1) }),
      request.params,
      'path',
    );
    return admin.editCampaignAsAdmin(orgId, campaignId, parseOr400(adminCampaignEditSchema, request.body));
  });

  app.post('/__sim/tokens/revoke', async (request) => {
    const { orgId } = parseOr400(revokeBody, request.body ?? {});
    return { revoked: admin.revokeTokens(orgId) };
  });

  app.get('/__sim/state/:orgId/utilization/:userId', async (request) => {
    const { orgId, userId } = parseOr400(orgParams.extend({ userId: z.string() }), request.params, 'path');
    return found(admin.utilization(orgId, userId), `User ${userId} of org ${orgId}`);
  });
  app.get('/__sim/state/:orgId/campaigns/:campaignId', async (request) => {
    const { orgId, campaignId } = parseOr400(
      orgParams.extend({ campaignId: z.string() }),
      request.params,
      'path',
    );
    return found(admin.campaign(orgId, campaignId), `Campaign ${campaignId} of org ${orgId}`);
  });
  app.get('/__sim/state/:orgId/trunks/:trunkId', async (request) => {
    const { orgId, trunkId } = parseOr400(orgParams.extend({ trunkId: z.string() }), request.params, 'path');
    const trunk = found(admin.trunk(orgId, trunkId), `Trunk ${trunkId} of org ${orgId}`);
    return { health: admin.trunkHealth(orgId, trunkId), trunk };
  });
  app.get('/__sim/state/:orgId/timeoffrequests', async (request) => {
    const { orgId } = parseOr400(orgParams, request.params, 'path');
    return { entities: admin.timeOffRequests(orgId) };
  });
  app.get('/__sim/state/:orgId/schedules/:buId/:weekId/:scheduleId', async (request) => {
    const { orgId, buId, weekId, scheduleId } = parseOr400(scheduleParams, request.params, 'path');
    return found(admin.schedule(orgId, buId, weekId, scheduleId), `Schedule ${scheduleId} of org ${orgId}`);
  });
  app.get('/__sim/state/:orgId/schedules/:buId/:weekId/:scheduleId/agents/:userId', async (request) => {
    const { orgId, buId, weekId, scheduleId, userId } = parseOr400(
      scheduleParams.extend({ userId: z.string() }),
      request.params,
      'path',
    );
    return found(admin.agentSchedule(orgId, buId, weekId, scheduleId, userId), `Agent schedule of ${userId}`);
  });
  app.get('/__sim/state/:orgId/operations/:operationId', async (request) => {
    const { orgId, operationId } = parseOr400(
      orgParams.extend({ operationId: z.string() }),
      request.params,
      'path',
    );
    return found(admin.scheduleOperation(orgId, operationId), `Operation ${operationId}`);
  });
}
