import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { badRequest, notFound } from '../errors.js';
import { requestOrg } from '../server/context.js';
import { parseOr400 } from '../server/validate.js';
import type { Simulator } from '../simulator.js';
import { campaignPatchSchema, campaignPutSchema } from '../state/campaign-schema.js';

const PATH = '/outbound/campaigns/:campaignId';
const campaignParams = z.object({ campaignId: z.string().min(1) });

function campaignIdOf(params: unknown): string {
  return parseOr400(campaignParams, params, 'path').campaignId;
}

const write = {
  sim: {
    stateChanging: true,
    resources: (request: { params: unknown }, orgId: string) => [
      `campaign:${orgId}:${campaignIdOf(request.params)}`,
    ],
  },
};

/** Outbound campaigns: GET, whole-object PUT with version check, PATCH without one. */
export function campaignRoutes(app: FastifyInstance, sim: Simulator): void {
  const { engine } = sim;

  app.get(PATH, { config: { sim: { stateChanging: false } } }, async (request) => {
    const org = requestOrg(engine, request);
    const campaignId = campaignIdOf(request.params);
    const campaign = org.campaigns.get(campaignId);
    if (!campaign) throw notFound(`Campaign ${campaignId}`);
    return campaign;
  });

  app.put(PATH, { config: write }, async (request) => {
    const org = requestOrg(engine, request);
    const campaignId = campaignIdOf(request.params);
    if (!org.campaigns.has(campaignId)) throw notFound(`Campaign ${campaignId}`);
    const body = parseOr400(campaignPutSchema, request.body);
    if (body.id !== undefined && body.id !== campaignId) {
      throw badRequest(`The campaign id in the body (${body.id}) does not match the path (${campaignId})`);
    }
    const result = engine.putCampaign(org, campaignId, body);
    if (!result) throw notFound(`Campaign ${campaignId}`);
    return result.campaign;
  });

  app.patch(PATH, { config: write }, async (request, reply) => {
    const org = requestOrg(engine, request);
    const campaignId = campaignIdOf(request.params);
    if (!org.campaigns.has(campaignId)) throw notFound(`Campaign ${campaignId}`);
    const patch = parseOr400(campaignPatchSchema, request.body);
    if (!engine.patchCampaign(org, campaignId, patch)) throw notFound(`Campaign ${campaignId}`);
    return reply.code(204).send();
  });
}
