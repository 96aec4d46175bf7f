import { z } from 'zod';

/** Genesys' documented media types for routing utilization (docs/genesys-api.md). */
export const MEDIA_TYPES = ['call', 'callback', 'chat', 'email', 'message'] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

/**
 * Ids and references: no control characters (C0, DEL, C1). They end up in Redis keys, log lines, terminals
 * (the CLI) and HTML; a newline or an escape sequence in an id could forge a log line or repaint a terminal.
 */
const CONTROL_CHARACTER = /\p{Cc}/u;
const ref = z
  .string()
  .min(1)
  .max(256)
  .refine((value) => !CONTROL_CHARACTER.test(value), 'must not contain control characters');
const isoUtc = z.iso.datetime({ offset: false, precision: undefined });

export const mediaUtilizationSchema = z
  .object({
    maximumCapacity: z.number().int().min(0).max(25),
    interruptableMediaTypes: z.array(z.enum(MEDIA_TYPES)).optional(),
    includeNonAcd: z.boolean().optional(),
  })
  .strict();
export type MediaUtilization = z.infer<typeof mediaUtilizationSchema>;

export const utilizationMapSchema = z.partialRecord(z.enum(MEDIA_TYPES), mediaUtilizationSchema);
export type UtilizationMap = z.infer<typeof utilizationMapSchema>;

export const agentCapacityDataSchema = z
  .object({
    userId: ref,
    routingGroupId: ref,
    trunkId: ref,
    available: z.boolean(),
    utilization: utilizationMapSchema,
  })
  .strict();
export type AgentCapacityData = z.infer<typeof agentCapacityDataSchema>;

export const trunkStatusDataSchema = z.object({ trunkId: ref }).strict();
export type TrunkStatusData = z.infer<typeof trunkStatusDataSchema>;

const isoDate = z.iso.date();

export const timeOffDataSchema = z
  .object({
    externalId: ref,
    managementUnitId: ref,
    userId: ref,
    activityCodeId: ref,
    status: z.enum(['PENDING', 'APPROVED', 'CANCELED']),
    fullDayManagementUnitDates: z.array(isoDate).min(1).max(366),
    notes: z.string().max(2000).optional(),
  })
  .strict();
export type TimeOffData = z.infer<typeof timeOffDataSchema>;

export const scheduleActivitySchema = z
  .object({
    activityCodeId: ref,
    startDate: isoUtc,
    lengthMinutes: z.number().int().min(1).max(1440),
  })
  .strict();

export const shiftSchema = z
  .object({
    startDate: isoUtc,
    lengthMinutes: z.number().int().min(1).max(1440),
    activities: z.array(scheduleActivitySchema).max(100),
  })
  .strict();
export type Shift = z.infer<typeof shiftSchema>;

export const scheduleAgentDataSchema = z
  .object({
    businessUnitId: ref,
    managementUnitId: ref,
    weekId: isoDate,
    scheduleId: ref,
    userId: ref,
    shifts: z.array(shiftSchema).max(50),
  })
  .strict();
export type ScheduleAgentData = z.infer<typeof scheduleAgentDataSchema>;

const envelope = {
  id: ref,
  orgId: ref,
  occurredAt: isoUtc,
  sequence: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
};

export const wfmEventSchema = z.discriminatedUnion('type', [
  z
    .object({ ...envelope, type: z.literal('agent.capacity.updated'), data: agentCapacityDataSchema })
    .strict(),
  z.object({ ...envelope, type: z.literal('trunk.status.changed'), data: trunkStatusDataSchema }).strict(),
  z.object({ ...envelope, type: z.literal('timeoff.upserted'), data: timeOffDataSchema }).strict(),
  z
    .object({ ...envelope, type: z.literal('schedule.agent.updated'), data: scheduleAgentDataSchema })
    .strict(),
]);
export type WfmEvent = z.infer<typeof wfmEventSchema>;
export type WfmEventType = WfmEvent['type'];

export const MAX_EVENTS_PER_BATCH = 1000;

export interface EventIssue {
  /** Position of the event in the request (0 for a single-event body). */
  index: number;
  /** JSON path inside the event, e.g. `data.utilization.chat.maximumCapacity`. */
  path: string;
  message: string;
}

export type ParsedWebhookBody = { ok: true; events: WfmEvent[] } | { ok: false; issues: EventIssue[] };

function joinPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

/**
 * Parses a webhook body: one event, or `{events: [...]}` of at most 1000.
 * Every issue of every event is reported with its index, so a sender can fix a batch in one round.
 */
export function parseWebhookBody(body: unknown, options: ParseWebhookOptions = {}): ParsedWebhookBody {
  const parsed = parseEvents(body);
  if (!parsed.ok) return parsed;
  // After the schema, so the rule sees valid times only. An event from the future would win every
  // ordering tie-break on occurredAt until the clock caught up.
  const latest = (options.now ?? Date.now()) + MAX_CLOCK_AHEAD_MS;
  const issues: EventIssue[] = [];
  parsed.events.forEach((event, index) => {
    if (Date.parse(event.occurredAt) > latest) {
      issues.push({
        index,
        path: 'occurredAt',
        message: `is more than ${MAX_CLOCK_AHEAD_MS / 60_000} minutes ahead of the receiver's clock`,
      });
    }
  });
  return issues.length > 0 ? { ok: false, issues } : parsed;
}

/** How far `occurredAt` may be ahead of the receiver's clock (docs/webhooks.md): the signature's tolerance. */
export const MAX_CLOCK_AHEAD_MS = 5 * 60_000;

export interface ParseWebhookOptions {
  /** The receiver's clock, in ms since the epoch. @defaultValue Date.now() */
  now?: number;
}

function parseEvents(body: unknown): ParsedWebhookBody {
  const isBatch = typeof body === 'object' && body !== null && !Array.isArray(body) && 'events' in body;
  if (!isBatch) {
    const result = wfmEventSchema.safeParse(body);
    if (result.success) return { ok: true, events: [result.data] };
    return {
      ok: false,
      issues: result.error.issues.map((issue) => ({
        index: 0,
        path: joinPath(issue.path),
        message: issue.message,
      })),
    };
  }
  const events = (body as { events: unknown }).events;
  if (!Array.isArray(events)) {
    return { ok: false, issues: [{ index: 0, path: 'events', message: 'events must be an array' }] };
  }
  if (events.length === 0 || events.length > MAX_EVENTS_PER_BATCH) {
    return {
      ok: false,
      issues: [{ index: 0, path: 'events', message: `a batch holds 1 to ${MAX_EVENTS_PER_BATCH} events` }],
    };
  }
  const extraKeys = Object.keys(body as object).filter((k) => k !== 'events');
  const issues: EventIssue[] = extraKeys.map((k) => ({
    index: 0,
    path: k,
    message: 'unknown field in batch',
  }));
  const parsed: WfmEvent[] = [];
  events.forEach((event, index) => {
    const result = wfmEventSchema.safeParse(event);
    if (result.success) parsed.push(result.data);
    else
      for (const issue of result.error.issues)
        issues.push({ index, path: joinPath(issue.path), message: issue.message });
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, events: parsed };
}
