import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { notFound } from '../errors.js';
import { requestOrg } from '../server/context.js';
import { parseOr400 } from '../server/validate.js';
import type { Simulator } from '../simulator.js';
import { toTimeOffListItem, toTimeOffResponse } from '../state/time-off.js';
import {
  adminTimeOffPatchSchema,
  createAdminTimeOffSchema,
  timeOffQuerySchema,
} from '../state/time-off-schema.js';

const MU = '/workforcemanagement/managementunits/:managementUnitId';
const ONE = `${MU}/users/:userId/timeoffrequests/:timeOffRequestId`;
const muParams = z.object({ managementUnitId: z.string().min(1) });
const oneParams = muParams.extend({ userId: z.string().min(1), timeOffRequestId: z.string().min(1) });

/** The users a create names, read leniently: the body is validated properly in the handler. */
function usersOfCreate(request: FastifyRequest): string[] {
  const users = (request.body as { users?: unknown } | null)?.users;
  if (!Array.isArray(users)) return [];
  return users.flatMap((user) =>
    typeof (user as { id?: unknown })?.id === 'string' ? [(user as { id: string }).id] : [],
  );
}

/** WFM time-off requests: create, query, read one, patch (versioned). */
export function timeOffRoutes(app: FastifyInstance, sim: Simulator): void {
  const { engine } = sim;

  app.post(
    `${MU}/timeoffrequests`,
    {
      config: {
        sim: {
          stateChanging: true,
          resources: (request, orgId) =>
            usersOfCreate(request).map((userId) => `timeoff-user:${orgId}:${userId}`),
        },
      },
    },
    async (request, reply) => {
      const org = requestOrg(engine, request);
      const { managementUnitId } = parseOr400(muParams, request.params, 'path');
      const body = parseOr400(createAdminTimeOffSchema, request.body);
      const created = engine.createTimeOff(org, managementUnitId, body);
      if (engine.dropCreateResponse()) {
        // Applied, then lost on the way back: the case that makes a retried create a duplicate.
        request.simContext.fault = 'dropCreateResponse';
        reply.hijack();
        request.raw.socket?.destroy();
        return reply;
      }
      return { timeOffRequests: created.map(toTimeOffResponse) };
    },
  );

  app.post(`${MU}/timeoffrequests/query`, { config: { sim: { stateChanging: false } } }, async (request) => {
    const org = requestOrg(engine, request);
    const { managementUnitId } = parseOr400(muParams, request.params, 'path');
    const query = parseOr400(timeOffQuerySchema, request.body ?? {});
    return { entities: org.timeOff.query(managementUnitId, query).map(toTimeOffListItem) };
  });

  app.get(ONE, { config: { sim: { stateChanging: false } } }, async (request) => {
    const org = requestOrg(engine, request);
    const { managementUnitId, userId, timeOffRequestId } = parseOr400(oneParams, request.params, 'path');
    const record = org.timeOff.get(managementUnitId, userId, timeOffRequestId);
    if (!record) throw notFound(`Time off request ${timeOffRequestId}`);
    return toTimeOffResponse(record);
  });

  app.patch(
    ONE,
    {
      config: {
        sim: {
          stateChanging: true,
          resources: (request, orgId) => [
            `timeoff:${orgId}:${parseOr400(oneParams, request.params, 'path').timeOffRequestId}`,
          ],
        },
      },
    },
    async (request) => {
      const org = requestOrg(engine, request);
      const { managementUnitId, userId, timeOffRequestId } = parseOr400(oneParams, request.params, 'path');
      const patch = parseOr400(adminTimeOffPatchSchema, request.body);
      return toTimeOffResponse(
        org.timeOff.patch(managementUnitId, userId, timeOffRequestId, patch, engine.now()),
      );
    },
  );
}
