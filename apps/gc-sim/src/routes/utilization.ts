import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { notFound } from '../errors.js';
import { requestOrg } from '../server/context.js';
import { parseOr400 } from '../server/validate.js';
import type { Simulator } from '../simulator.js';
import { utilizationRequestSchema } from '../state/utilization.js';

const PATH = '/routing/users/:userId/utilization';
const userParams = z.object({ userId: z.string().min(1) });

function userIdOf(params: unknown): string {
  return parseOr400(userParams, params, 'path').userId;
}

/** Agent routing utilization (no version: last writer wins). */
export function utilizationRoutes(app: FastifyInstance, sim: Simulator): void {
  const { engine } = sim;

  app.get(PATH, { config: { sim: { stateChanging: false } } }, async (request) => {
    const org = requestOrg(engine, request);
    const userId = userIdOf(request.params);
    if (!org.agents.has(userId)) throw notFound(`User ${userId}`);
    return org.utilization.get(userId);
  });

  app.put(
    PATH,
    {
      config: {
        sim: {
          stateChanging: true,
          resources: (request, orgId) => [`utilization:${orgId}:${userIdOf(request.params)}`],
          onArrival: (eng, org, request) => eng.noteUtilizationWrite(org, userIdOf(request.params)),
        },
      },
    },
    async (request) => {
      const org = requestOrg(engine, request);
      const userId = userIdOf(request.params);
      if (!org.agents.has(userId)) throw notFound(`User ${userId}`);
      const body = parseOr400(utilizationRequestSchema, request.body);
      return org.utilization.put(userId, body);
    },
  );
}
