import { MAX_EVENTS_PER_BATCH, type WfmEventType, wfmEventSchema } from '@wfm-sync/domain';
import { z } from 'zod';

/** The JSON Schema dialect of every schema below: what zod produces (OpenAPI 3.1 defaults to its own dialect). */
export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/** A JSON Schema object (draft 2020-12) as zod produces it. */
type JsonSchema = Record<string, unknown>;

/** Component name of each event type's schema. */
const EVENT_COMPONENTS = {
  'agent.capacity.updated': 'AgentCapacityUpdated',
  'trunk.status.changed': 'TrunkStatusChanged',
  'timeoff.upserted': 'TimeOffUpserted',
  'schedule.agent.updated': 'ScheduleAgentUpdated',
} as const satisfies Record<WfmEventType, string>;

const EVENT_DESCRIPTIONS: Record<keyof typeof EVENT_COMPONENTS, string> = {
  'agent.capacity.updated':
    "An agent's routing utilization (key: orgId, userId). Written while the agent's trunk is healthy; `available` counts the agent toward outbound pacing.",
  'trunk.status.changed':
    'A hint that a BYOC trunk changed (key: orgId, trunkId): the trunk is read again from Genesys Cloud.',
  'timeoff.upserted':
    'A time-off request (key: orgId, externalId): exactly one exists in Genesys Cloud per externalId. CANCELED cancels it if it exists.',
  'schedule.agent.updated':
    "An agent's shifts in one schedule week (key: orgId, businessUnitId, weekId, scheduleId); agents of one schedule are uploaded together.",
};

/**
 * The JSON Schema of one zod schema, as a request body is validated (input side), without `$schema` (the
 * document declares the dialect once). Refinements JSON Schema cannot express (no control characters in ids,
 * occurredAt at most 5 minutes ahead) are described in the event's description and enforced by ingest (400).
 */
function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    target: 'draft-2020-12',
  }) as JsonSchema;
  return rest;
}

function eventComponents(): Record<string, JsonSchema> {
  const components: Record<string, JsonSchema> = {};
  for (const option of wfmEventSchema.options) {
    const type = option.shape.type.value;
    components[EVENT_COMPONENTS[type]] = { ...jsonSchemaOf(option), description: EVENT_DESCRIPTIONS[type] };
  }
  return components;
}

const eventRefs = Object.values(EVENT_COMPONENTS).map((name) => ({ $ref: `#/components/schemas/${name}` }));

/**
 * OpenAPI 3.1 description of the webhook endpoint, served at GET /openapi.json. Every event schema is generated
 * from the domain's zod schemas (the ones ingest validates with), so the document cannot drift from the code;
 * docs/webhooks.md is the prose, and a test checks its examples against both.
 */
export const openApiDocument = {
  openapi: '3.1.0',
  jsonSchemaDialect: JSON_SCHEMA_DIALECT,
  info: {
    title: 'wfm-sync ingest',
    version: '1.0.0',
    description:
      'Receives WFM webhooks (Standard Webhooks signed) and records the desired state of agents, trunks, time-off and schedules.',
  },
  paths: {
    '/v1/webhooks/wfm': {
      post: {
        summary: `Deliver one event or a batch of up to ${MAX_EVENTS_PER_BATCH} events`,
        parameters: [
          {
            name: 'webhook-id',
            in: 'header',
            required: true,
            description:
              'Unique per delivery, kept by redeliveries (a repeated id is answered 200). Also the request id of log lines, escaped and cut at 128 characters.',
            schema: { type: 'string', minLength: 1 },
          },
          {
            name: 'webhook-timestamp',
            in: 'header',
            required: true,
            schema: { type: 'string', pattern: '^[0-9]+$' },
          },
          {
            name: 'webhook-signature',
            in: 'header',
            required: true,
            description:
              'Space-separated `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{raw body}">` signatures',
            schema: { type: 'string' },
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/WebhookBody' },
            },
          },
        },
        responses: {
          '202': {
            description: 'Accepted: the events are durably in Redis',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Accepted' } } },
          },
          '200': {
            description: 'Same webhook-id seen before',
            content: {
              'application/json': { schema: { type: 'object', properties: { duplicate: { const: true } } } },
            },
          },
          '400': {
            description: 'Not JSON, or an event fails validation; nothing applied',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/InvalidEvent' } } },
          },
          '401': {
            description: 'Signature missing or wrong, or timestamp outside 5 minutes',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
          '404': {
            description: 'An orgId, routingGroupId or trunkId not in the topology',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/UnknownReference' } } },
          },
          '415': {
            description: 'Content-Type is not application/json (charset=utf-8 allowed); the body is not read',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
          '413': {
            description: 'Body over the limit (default 1 MiB)',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
          '503': {
            description:
              'Load shed (Redis down, stalled or full, backlog over its limit, too many webhooks in flight); retry after Retry-After seconds',
            headers: { 'Retry-After': { schema: { type: 'integer' } } },
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      ...eventComponents(),
      Event: {
        description:
          'One WFM event. ids and references: 1 to 256 characters, no control characters; occurredAt: UTC, at most 5 minutes ahead of the receiver; sequence orders the events of one key.',
        oneOf: eventRefs,
        discriminator: {
          propertyName: 'type',
          mapping: Object.fromEntries(
            Object.entries(EVENT_COMPONENTS).map(([type, name]) => [type, `#/components/schemas/${name}`]),
          ),
        },
      },
      Batch: {
        type: 'object',
        required: ['events'],
        properties: {
          events: {
            type: 'array',
            minItems: 1,
            maxItems: MAX_EVENTS_PER_BATCH,
            items: { $ref: '#/components/schemas/Event' },
          },
        },
        additionalProperties: false,
      },
      WebhookBody: {
        description: `One event, or a batch of 1 to ${MAX_EVENTS_PER_BATCH} events.`,
        oneOf: [{ $ref: '#/components/schemas/Event' }, { $ref: '#/components/schemas/Batch' }],
      },
      Accepted: {
        type: 'object',
        properties: {
          accepted: { type: 'integer' },
          duplicates: { type: 'integer' },
          stale: { type: 'integer' },
        },
      },
      InvalidEvent: {
        type: 'object',
        properties: {
          error: { const: 'invalid_event' },
          issues: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                index: { type: 'integer' },
                path: { type: 'string' },
                message: { type: 'string' },
              },
            },
          },
        },
      },
      UnknownReference: {
        type: 'object',
        properties: {
          error: { const: 'unknown_reference' },
          references: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                index: { type: 'integer' },
                field: { type: 'string' },
                value: { type: 'string' },
              },
            },
          },
        },
      },
      Error: { type: 'object', properties: { error: { type: 'string' } } },
    },
  },
};
