import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseOr400 } from '../server/validate.js';
import type { Simulator } from '../simulator.js';

const socketClosingBody = z.object({ orgId: z.string().min(1).optional() });

/** `/__sim/notifications*`: the notification counters, and maintenance on demand. */
export function notificationAdminRoutes(app: FastifyInstance, sim: Simulator): void {
  const { notifications } = sim.admin;

  app.get('/__sim/notifications', async () => notifications.report());
  app.delete('/__sim/notifications', async (_request, reply) => {
    notifications.resetCounters();
    return reply.code(204).send();
  });
  app.post('/__sim/notifications/socket-closing', async (request) => {
    const { orgId } = parseOr400(socketClosingBody, request.body ?? {});
    return { announced: notifications.announceSocketClosing(orgId) };
  });
}
