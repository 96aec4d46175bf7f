import { z } from 'zod';

/** Gap reasons the owner publishes (the machine's) plus the consumer's own. */
export const FEED_GAP_REASONS = [
  'first-connect',
  'closed',
  'heartbeats-missed',
  'pong-missing',
  'expired',
  'channel-gone',
  'replacement-late',
  'topics-rejected',
  'owner-changed',
  'feed-reconnected',
] as const;
export type FeedGapReason = (typeof FEED_GAP_REASONS)[number];

/** A trunk's pushed connection, REGISTER and OPTIONS states (no state/inService/enabled: those come from reads). */
export const TrunkUpdateSchema = z.object({
  kind: z.literal('trunk'),
  orgId: z.string(),
  trunkId: z.string(),
  connectedStatus: z.object({ connected: z.boolean().optional() }).optional(),
  registersStatus: z
    .array(z.object({ proxyAddress: z.string().optional(), registerState: z.boolean().optional() }))
    .optional(),
  optionsStatus: z
    .array(z.object({ proxyAddress: z.string().optional(), optionState: z.boolean().optional() }))
    .optional(),
  /** When the owner received it (epoch ms). */
  receivedAt: z.number(),
});
export type TrunkUpdate = z.infer<typeof TrunkUpdateSchema>;

/** The end of an asynchronous schedule operation (Processing is not published). */
export const OperationEndSchema = z.object({
  kind: z.literal('operation'),
  orgId: z.string(),
  businessUnitId: z.string(),
  operationId: z.string(),
  status: z.enum(['Complete', 'Error', 'Canceled']),
  /** The schedule's version after a Complete update, when the message gave it. */
  scheduleVersion: z.number().int().optional(),
  receivedAt: z.number(),
});
export type OperationEnd = z.infer<typeof OperationEndSchema>;

/**
 * Pushes may have been lost (`topics` were not listened to for a while): one listing read must re-sync, and an
 * operation in flight on those topics is observed by reading. `id` is unique (the stream entry id on the consumer
 * side), so a re-sync job can be deduplicated across workers.
 */
export const FeedGapSchema = z.object({
  kind: z.literal('gap'),
  orgId: z.string(),
  reason: z.enum(FEED_GAP_REASONS),
  topics: z.array(z.string()),
  at: z.number(),
});
export type FeedGap = z.infer<typeof FeedGapSchema> & { id: string };

/** Whether the org's pushes flow now (workers switch their poll cadence on it). */
export const ListeningChangeSchema = z.object({
  kind: z.literal('listening'),
  orgId: z.string(),
  listening: z.boolean(),
  status: z.string(),
  at: z.number(),
});
export type ListeningChange = z.infer<typeof ListeningChangeSchema>;

export const FeedMessageSchema = z.discriminatedUnion('kind', [
  TrunkUpdateSchema,
  OperationEndSchema,
  FeedGapSchema,
  ListeningChangeSchema,
]);
export type FeedMessage = z.infer<typeof FeedMessageSchema>;

/** The stream entry's one field. */
export const FEED_FIELD = 'm';
