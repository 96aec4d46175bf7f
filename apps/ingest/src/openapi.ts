/** OpenAPI 3.1 description of the webhook endpoint, served at GET /openapi.json (wfm-events.md is the source). */
export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'wfm-sync ingest',
    version: '1.0.0',
    description:
      'Receives WFM webhooks (Standard Webhooks signed) and records the desired state of agents, trunks, time-off and schedules.',
  },
  paths: {
    '/v1/webhooks/wfm': {
      post: {
        summary: 'Deliver one event or a batch of up to 1000 events',
        parameters: [
          { name: 'webhook-id', in: 'header', required: true, schema: { type: 'string' } },
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
              schema: {
                oneOf: [
                  { $ref: '#/components/schemas/Event' },
                  {
                    type: 'object',
                    required: ['events'],
                    properties: {
                      events: {
                        type: 'array',
                        minItems: 1,
                        maxItems: 1000,
                        items: { $ref: '#/components/schemas/Event' },
                      },
                    },
                  },
                ],
              },
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
      Event: {
        type: 'object',
        required: ['id', 'type', 'orgId', 'occurredAt', 'sequence', 'data'],
        properties: {
          id: { type: 'string', minLength: 1, maxLength: 256 },
          type: {
            enum: [
              'agent.capacity.updated',
              'trunk.status.changed',
              'timeoff.upserted',
              'schedule.agent.updated',
            ],
          },
          orgId: { type: 'string', minLength: 1, maxLength: 256 },
          occurredAt: { type: 'string', format: 'date-time', description: 'UTC (Z)' },
          sequence: { type: 'integer', minimum: 0, maximum: 9007199254740991 },
          data: { type: 'object', description: 'Per type: see wfm-events.md' },
        },
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
} as const;
