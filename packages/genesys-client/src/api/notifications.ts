import { GenesysApiError } from '../errors/genesys-api-error.js';
import {
  type Channel,
  type ChannelTopic,
  type ChannelTopicEntityListing,
  isRejectedTopic,
} from '../models/notifications.js';
import { GENESYS_ROUTE_MODELS } from '../route-models.js';
import { GENESYS_ROUTES } from '../routes.js';
import { invalidRequest } from '../urls.js';
import { type ApiContext, apiCall } from './context.js';

/** Genesys' limit of topics on one channel. */
export const MAX_TOPICS_PER_CHANNEL = 1_000;

/**
 * `POST /api/v2/notifications/channels`. Not a state-changing write (it changes no configuration; decision 021):
 * allowed in dry-run, no lease. A 403/404 means the org has no notifications: see `isNotificationsRefused`.
 */
export async function createNotificationChannel(context: ApiContext): Promise<Channel> {
  return context.transport.callJson(
    apiCall(context, 'POST', GENESYS_ROUTES.notificationChannels, { json: {} }),
    GENESYS_ROUTE_MODELS.notificationChannels.POST,
  );
}

/** `HEAD .../channels/{channelId}`: true while the channel exists, false after (404). */
export async function notificationChannelExists(context: ApiContext, channelId: string): Promise<boolean> {
  try {
    await context.transport.callEmpty(
      apiCall(context, 'HEAD', GENESYS_ROUTES.notificationChannel, { params: { channelId } }),
    );
    return true;
  } catch (error) {
    if (error instanceof GenesysApiError && error.status === 404) return false;
    throw error;
  }
}

export async function getNotificationSubscriptions(
  context: ApiContext,
  channelId: string,
): Promise<ChannelTopicEntityListing> {
  return context.transport.callJson(
    apiCall(context, 'GET', GENESYS_ROUTES.notificationSubscriptions, { params: { channelId } }),
    GENESYS_ROUTE_MODELS.notificationSubscriptions.GET,
  );
}

/**
 * `PUT .../subscriptions`: replaces the channel's list and renews its 24 h lifetime. At most 1,000 topics (checked
 * before sending). `ignoreErrors=true` so that a refused topic comes back per topic, not as a failed call.
 */
export async function replaceNotificationSubscriptions(
  context: ApiContext,
  channelId: string,
  topics: readonly string[],
): Promise<ChannelTopicEntityListing> {
  return subscriptions(context, 'PUT', channelId, topics);
}

/** `POST .../subscriptions`: adds to the list (does not renew the channel). */
export async function addNotificationSubscriptions(
  context: ApiContext,
  channelId: string,
  topics: readonly string[],
): Promise<ChannelTopicEntityListing> {
  return subscriptions(context, 'POST', channelId, topics);
}

async function subscriptions(
  context: ApiContext,
  method: 'PUT' | 'POST',
  channelId: string,
  topics: readonly string[],
): Promise<ChannelTopicEntityListing> {
  const route = GENESYS_ROUTES.notificationSubscriptions;
  if (topics.length > MAX_TOPICS_PER_CHANNEL) {
    throw invalidRequest(
      method,
      route,
      `${topics.length} topics, at most ${MAX_TOPICS_PER_CHANNEL} per channel`,
    );
  }
  return context.transport.callJson(
    apiCall(context, method, route, {
      params: { channelId },
      query: { ignoreErrors: true },
      json: topics.map((id) => ({ id })),
    }),
    GENESYS_ROUTE_MODELS.notificationSubscriptions[method],
  );
}

/** What a subscription answer says about the topics asked for. */
export interface SubscriptionOutcome {
  /** Asked for and on the channel now. */
  permitted: string[];
  /** Asked for and refused (missing permission, unknown topic), with Genesys' sentence. */
  rejected: Array<{ id: string; reason: string | undefined; missingPermissions: string[] }>;
}

/**
 * Splits an answer into permitted and rejected topics. A topic asked for that the answer does not list at all is
 * counted as rejected (it is not on the channel, whatever the reason).
 */
export function subscriptionOutcome(
  requested: readonly string[],
  answer: ChannelTopicEntityListing,
): SubscriptionOutcome {
  const byId = new Map<string, ChannelTopic>();
  for (const topic of answer.entities ?? []) {
    // A topic listed twice: a rejection wins (it is not there for sure).
    const seen = byId.get(topic.id);
    if (!seen || isRejectedTopic(topic)) byId.set(topic.id, topic);
  }
  const outcome: SubscriptionOutcome = { permitted: [], rejected: [] };
  for (const id of new Set(requested)) {
    const topic = byId.get(id);
    if (topic && !isRejectedTopic(topic)) outcome.permitted.push(id);
    else
      outcome.rejected.push({
        id,
        reason: topic?.rejectionReason ?? (topic ? undefined : 'not listed in the answer'),
        missingPermissions: topic?.missingPermissions ?? [],
      });
  }
  return outcome;
}

/**
 * A channel creation the org cannot have: 403 (missing permission, notifications not granted to the client) or
 * 404 (no notification service for it). The caller falls back to polling ("org without notifications") instead of
 * retrying; any other failure is transient or a bug.
 */
export function isNotificationsRefused(error: unknown): boolean {
  return error instanceof GenesysApiError && (error.status === 403 || error.status === 404);
}

/**
 * The `connectUri` an answer gave, checked before a WebSocket goes there (no SSRF through an answer): `wss` on the
 * org's streaming host (`streaming.<host>` of `api.<host>`), or on the host of an overridden `apiBaseUrl` (a
 * simulator or proxy; `ws` only when that override is `http`). Throws a GenesysApiError (`invalid`) otherwise.
 */
export function checkConnectUri(connectUri: string, apiBaseUrl: string): URL {
  const method = 'GET';
  const route = '{connectUri}';
  const refuse = (why: string) =>
    invalidRequest(method, route, `refusing the notification connectUri Genesys issued: ${why}`);
  let url: URL;
  try {
    url = new URL(connectUri);
  } catch {
    throw refuse('not a valid URL');
  }
  const api = new URL(apiBaseUrl);
  const streamingHost = api.hostname.startsWith('api.')
    ? `streaming.${api.hostname.slice('api.'.length)}`
    : undefined;
  const plainAllowed = api.protocol === 'http:';
  if (url.protocol !== 'wss:' && !(plainAllowed && url.protocol === 'ws:')) {
    throw refuse(`${url.protocol}// is not wss://`);
  }
  if (url.username !== '' || url.password !== '') throw refuse('it carries credentials');
  const sameAsApi = url.host === api.host;
  const streaming = streamingHost !== undefined && url.hostname === streamingHost;
  if (!sameAsApi && !streaming) {
    throw refuse(`${url.host} is neither the org's streaming host nor its API host`);
  }
  return url;
}
