import { z } from 'zod';
import { genesysObject } from './genesys-object.js';
import { AsyncOperationStatusSchema } from './schedule.js';

/** SDK `Channel`: `POST /api/v2/notifications/channels`. */
export const ChannelSchema = genesysObject({
  id: z.string().min(1),
  connectUri: z.string().min(1),
  /** ISO-8601; 24 h after creation unless the subscriptions are renewed by a PUT. */
  expires: z.string().optional(),
});
export type Channel = z.infer<typeof ChannelSchema>;

/** SDK `ChannelTopic`: one topic of a subscription answer (`state` is `"Rejected"` for a refused one). */
export const ChannelTopicSchema = genesysObject({
  id: z.string(),
  state: z.string().optional(),
  rejectionReason: z.string().optional(),
  missingPermissions: z.array(z.string()).optional(),
  selfUri: z.string().optional(),
});
export type ChannelTopic = z.infer<typeof ChannelTopicSchema>;

/** SDK `ChannelTopicEntityListing`: the answer of GET/PUT/POST `.../subscriptions`. */
export const ChannelTopicEntityListingSchema = genesysObject({
  entities: z.array(ChannelTopicSchema).optional(),
});
export type ChannelTopicEntityListing = z.infer<typeof ChannelTopicEntityListingSchema>;

/** A topic the answer says was refused: keyed on `state === "Rejected"` only (decision 021). */
export function isRejectedTopic(topic: ChannelTopic): boolean {
  return topic.state?.toLowerCase() === 'rejected';
}

export const TrunkInstanceTopicTrunkErrorInfoSchema = genesysObject({
  text: z.string().optional(),
  code: z.string().optional(),
});

/** SDK `TrunkInstanceTopicTrunk`: connection, REGISTER and OPTIONS states; no `state`/`inService`/`enabled`. */
export const TrunkInstanceTopicTrunkSchema = genesysObject({
  id: z.string().optional(),
  connectedStatus: genesysObject({
    connected: z.boolean().optional(),
    connectedStateTime: z.string().optional(),
  }).optional(),
  registersStatus: z
    .array(
      genesysObject({
        proxyAddress: z.string().optional(),
        registerState: z.boolean().optional(),
        registerStateTime: z.string().optional(),
        errorInfo: TrunkInstanceTopicTrunkErrorInfoSchema.optional(),
      }),
    )
    .optional(),
  optionsStatus: z
    .array(
      genesysObject({
        proxyAddress: z.string().optional(),
        optionState: z.boolean().optional(),
        optionStateTime: z.string().optional(),
        errorInfo: TrunkInstanceTopicTrunkErrorInfoSchema.optional(),
      }),
    )
    .optional(),
  ipStatus: genesysObject({}).optional(),
});
export type TrunkInstanceTopicTrunk = z.infer<typeof TrunkInstanceTopicTrunkSchema>;

/** SDK `WfmBuScheduleTopicBuScheduleNotification`: the state of an asynchronous schedule operation. */
export const WfmBuScheduleTopicBuScheduleNotificationSchema = genesysObject({
  status: AsyncOperationStatusSchema,
  operationId: z.string().optional(),
  eventType: z.string().optional(),
  result: genesysObject({
    id: z.string().optional(),
    weekDate: z.string().optional(),
    metadata: genesysObject({ version: z.number().int().optional() }).optional(),
  }).optional(),
});
export type WfmBuScheduleTopicBuScheduleNotification = z.infer<
  typeof WfmBuScheduleTopicBuScheduleNotificationSchema
>;

/** The frame every server message comes in (heartbeat and pong carry neither `version` nor `metadata`). */
export const NotificationEnvelopeSchema = genesysObject({
  topicName: z.string().min(1),
  version: z.string().optional(),
  eventBody: z.unknown().optional(),
  metadata: genesysObject({ CorrelationId: z.string().optional() }).optional(),
});

const MetadataBodySchema = genesysObject({ message: z.string().optional() });

export const CHANNEL_METADATA_TOPIC = 'channel.metadata';
export const SOCKET_CLOSING_TOPIC = 'v2.system.socket_closing';
const TRUNK_TOPIC = /^v2\.telephony\.providers\.edges\.trunks\.([^.]+)$/;
const BU_SCHEDULES_TOPIC = /^v2\.workforcemanagement\.businessunits\.([^.]+)\.schedules$/;

export function trunkTopic(trunkId: string): string {
  return `v2.telephony.providers.edges.trunks.${trunkId}`;
}

export function buSchedulesTopic(businessUnitId: string): string {
  return `v2.workforcemanagement.businessunits.${businessUnitId}.schedules`;
}

/** A message from a notification WebSocket, parsed and classified. */
export type NotificationMessage =
  | { kind: 'heartbeat' }
  | { kind: 'pong' }
  | { kind: 'socket-closing'; correlationId: string | undefined }
  | {
      kind: 'trunk';
      topic: string;
      trunkId: string;
      body: TrunkInstanceTopicTrunk;
      correlationId: string | undefined;
    }
  | {
      kind: 'schedule';
      topic: string;
      businessUnitId: string;
      body: WfmBuScheduleTopicBuScheduleNotification;
      correlationId: string | undefined;
    }
  /** A topic this client does not read (or a `channel.metadata` message it does not know). */
  | { kind: 'other'; topic: string }
  /** Not JSON, or a known topic whose body does not match its model: `issues` says why. */
  | { kind: 'invalid'; topic: string | undefined; issues: string };

/** Parses one text frame of a notification WebSocket; never throws. */
export function parseNotificationMessage(text: string): NotificationMessage {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'invalid', topic: undefined, issues: 'the frame is not JSON' };
  }
  const envelope = NotificationEnvelopeSchema.safeParse(json);
  if (!envelope.success)
    return { kind: 'invalid', topic: undefined, issues: z.prettifyError(envelope.error) };
  const { topicName: topic, eventBody } = envelope.data;
  const correlationId = envelope.data.metadata?.CorrelationId;
  if (topic === CHANNEL_METADATA_TOPIC) {
    const body = MetadataBodySchema.safeParse(eventBody ?? {});
    const message = body.success ? body.data.message : undefined;
    if (message === 'WebSocket Heartbeat') return { kind: 'heartbeat' };
    if (message === 'pong') return { kind: 'pong' };
    return { kind: 'other', topic };
  }
  if (topic === SOCKET_CLOSING_TOPIC) return { kind: 'socket-closing', correlationId };
  const trunk = TRUNK_TOPIC.exec(topic);
  if (trunk) {
    const body = TrunkInstanceTopicTrunkSchema.safeParse(eventBody);
    if (!body.success) return { kind: 'invalid', topic, issues: z.prettifyError(body.error) };
    return { kind: 'trunk', topic, trunkId: trunk[1] as string, body: body.data, correlationId };
  }
  const bu = BU_SCHEDULES_TOPIC.exec(topic);
  if (bu) {
    const body = WfmBuScheduleTopicBuScheduleNotificationSchema.safeParse(eventBody);
    if (!body.success) return { kind: 'invalid', topic, issues: z.prettifyError(body.error) };
    return { kind: 'schedule', topic, businessUnitId: bu[1] as string, body: body.data, correlationId };
  }
  return { kind: 'other', topic };
}

/** The client's ping frame; the answer is a `channel.metadata` pong. */
export const NOTIFICATION_PING = JSON.stringify({ message: 'ping' });
