import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { notFound } from '../errors.js';
import { requestOrg } from '../server/context.js';
import { parseOr400 } from '../server/validate.js';
import type { Simulator } from '../simulator.js';

const CHANNELS = '/notifications/channels';
const channelParams = z.object({ channelId: z.string().min(1) });
/** SDK `Array<ChannelTopic>`: only `id` matters in a request. */
const topicsBody = z.array(z.looseObject({ id: z.string().min(1) }));
/** Accepted and ignored: the simulator always answers per topic (docs/genesys-api.md; decision 021). */
const subscriptionQuery = z.object({ ignoreErrors: z.enum(['true', 'false']).optional() });

/**
 * Notification channels and their subscriptions (SDK `NotificationsApi`, models `Channel`,
 * `ChannelTopicEntityListing`). They change no Genesys configuration, so they are not state-changing writes
 * (no publishing-window 409), but they pass the whole API pipeline: token, budget, latency, transport faults.
 */
export function notificationRoutes(app: FastifyInstance, sim: Simulator): void {
  const { engine } = sim;
  const hub = engine.notifications;
  const config = { sim: { stateChanging: false } };

  // The SDK posts a channel with `Content-Type: application/json` and no body, which fastify refuses by default.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      done(Object.assign(error as Error, { statusCode: 400 }), undefined);
    }
  });

  app.post(CHANNELS, { config }, async (request) => {
    const org = requestOrg(engine, request);
    hub.assertServed(org.id);
    const scheme = request.protocol === 'https' ? 'wss' : 'ws';
    return hub.createChannel(org, `${scheme}://${request.host}`);
  });

  app.head(`${CHANNELS}/:channelId`, { config }, async (request, reply) => {
    const org = requestOrg(engine, request);
    hub.assertServed(org.id);
    const { channelId } = parseOr400(channelParams, request.params, 'path');
    if (!hub.hasChannel(org.id, channelId)) throw notFound(`Channel ${channelId}`);
    return reply.code(200).send();
  });

  app.get(`${CHANNELS}/:channelId/subscriptions`, { config }, async (request) => {
    const org = requestOrg(engine, request);
    hub.assertServed(org.id);
    const { channelId } = parseOr400(channelParams, request.params, 'path');
    return { entities: hub.subscriptions(org.id, channelId) };
  });

  app.put(`${CHANNELS}/:channelId/subscriptions`, { config }, async (request) => {
    const org = requestOrg(engine, request);
    hub.assertServed(org.id);
    const { channelId } = parseOr400(channelParams, request.params, 'path');
    parseOr400(subscriptionQuery, request.query, 'query');
    const topics = parseOr400(topicsBody, request.body).map((t) => t.id);
    return { entities: hub.replaceSubscriptions(org, channelId, topics) };
  });

  app.post(`${CHANNELS}/:channelId/subscriptions`, { config }, async (request) => {
    const org = requestOrg(engine, request);
    hub.assertServed(org.id);
    const { channelId } = parseOr400(channelParams, request.params, 'path');
    parseOr400(subscriptionQuery, request.query, 'query');
    const topics = parseOr400(topicsBody, request.body).map((t) => t.id);
    return { entities: hub.addSubscriptions(org, channelId, topics) };
  });
}
