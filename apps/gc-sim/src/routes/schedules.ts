import { gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { badRequest, notFound } from '../errors.js';
import { requestOrg } from '../server/context.js';
import { parseOr400 } from '../server/validate.js';
import type { Simulator } from '../simulator.js';
import {
  agentSchedulesQuerySchema,
  processUpdateRequestSchema,
  updateScheduleUploadSchema,
  uploadUrlRequestSchema,
} from '../state/schedule-schema.js';

const SCHEDULE = '/workforcemanagement/businessunits/:businessUnitId/weeks/:weekId/schedules/:scheduleId';
const scheduleParams = z.object({
  businessUnitId: z.string().min(1),
  weekId: z.string().min(1),
  scheduleId: z.string().min(1),
});
const scheduleQuery = z.object({ expand: z.string().optional() });

function idsOf(params: unknown) {
  const { businessUnitId: buId, weekId, scheduleId } = parseOr400(scheduleParams, params, 'path');
  return { buId, weekId, scheduleId };
}

/** Where step 2 of a schedule update PUTs its body; stands in for Genesys' pre-signed upload URL. */
export const UPLOAD_PATH = '/__sim/uploads/:uploadKey';

/** WFM schedules: read the schedule and agent schedules; the three-step asynchronous update. */
export function scheduleRoutes(app: FastifyInstance, sim: Simulator): void {
  const { engine } = sim;
  const read = { sim: { stateChanging: false } };

  app.get(SCHEDULE, { config: read }, async (request) => {
    const org = requestOrg(engine, request);
    const { buId, weekId, scheduleId } = idsOf(request.params);
    const { expand } = parseOr400(scheduleQuery, request.query, 'query');
    return org.schedules.metadata(
      buId,
      weekId,
      scheduleId,
      expand?.includes('managementUnits.agents') ?? false,
    );
  });

  app.post(`${SCHEDULE}/agentschedules/query`, { config: read }, async (request) => {
    const org = requestOrg(engine, request);
    const { buId, weekId, scheduleId } = idsOf(request.params);
    const query = parseOr400(agentSchedulesQuerySchema, request.body);
    // Answered inline; the real service may answer large queries with a downloadUrl instead.
    return {
      status: 'Complete',
      operationId: engine.newId(),
      result: org.schedules.queryAgents(buId, weekId, scheduleId, query),
    };
  });

  app.post(`${SCHEDULE}/update/uploadurl`, { config: { sim: { stateChanging: true } } }, async (request) => {
    const org = requestOrg(engine, request);
    const { buId, weekId, scheduleId } = idsOf(request.params);
    const { contentLengthBytes } = parseOr400(uploadUrlRequestSchema, request.body);
    const uploadKey = engine.newId();
    org.schedules.createUpload(buId, weekId, scheduleId, contentLengthBytes, uploadKey, engine.now());
    return {
      uploadKey,
      url: `${request.protocol}://${request.host}${UPLOAD_PATH.replace(':uploadKey', uploadKey)}`,
      headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
    };
  });

  app.post(
    `${SCHEDULE}/update`,
    {
      config: {
        sim: {
          stateChanging: true,
          resources: (request, orgId) => {
            const { buId, weekId, scheduleId } = idsOf(request.params);
            return [`schedule:${orgId}:${buId}/${weekId}/${scheduleId}`];
          },
        },
      },
    },
    async (request) => {
      const org = requestOrg(engine, request);
      const ids = idsOf(request.params);
      const { uploadKey } = parseOr400(processUpdateRequestSchema, request.body);
      const operation = engine.startScheduleUpdate(org, ids, uploadKey);
      return { status: operation.status, operationId: operation.operationId };
    },
  );
}

/** Step 2 of a schedule update: no bearer token (a pre-signed URL), gzip JSON exactly the announced size. */
export function uploadRoutes(app: FastifyInstance, sim: Simulator): void {
  const { engine } = sim;
  // The body is gzip bytes whatever its Content-Type says, so this scope reads every body raw.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.put(
    UPLOAD_PATH,
    { config: { logged: true, sim: { stateChanging: true } }, bodyLimit: 64 * 1024 * 1024 },
    async (request, reply) => {
      const { uploadKey } = parseOr400(z.object({ uploadKey: z.string().min(1) }), request.params, 'path');
      const owner = sim.fixture.orgs
        .map(({ id }) => engine.org(id))
        .find((org) => org?.schedules.uploadLength(uploadKey) !== undefined);
      const expected = owner?.schedules.uploadLength(uploadKey);
      if (!owner || expected === undefined) throw notFound(`Upload ${uploadKey}`);
      request.simContext.orgId = owner.id;
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      if (body.length !== expected) {
        throw badRequest(
          `The upload is ${body.length} bytes; ${expected} were announced (contentLengthBytes)`,
        );
      }
      let json: unknown;
      try {
        json = JSON.parse(gunzipSync(body).toString('utf8'));
      } catch (error) {
        throw badRequest(`The upload is not gzip-compressed JSON: ${(error as Error).message}`);
      }
      owner.schedules.storeUpload(uploadKey, parseOr400(updateScheduleUploadSchema, json, 'upload'));
      return reply.code(200).send();
    },
  );
}
