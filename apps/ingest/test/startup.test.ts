import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestRedis, runToExit, type TestRedis } from '@wfm-sync/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { INGEST_MAIN, type IngestProcess, startIngestProcess } from './support/ingest-process.js';
import { newSecret } from './support/signing.js';
import { testTopology } from './support/topology.js';

/** Runs dist/main.js until it exits by itself (a configuration error), with a topology that needs no secret. */
async function exitOf(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'wfm-ingest-startup-'));
  const topologyFile = join(dir, 'topology.json');
  writeFileSync(topologyFile, JSON.stringify(testTopology().file));
  try {
    const { code, stderr } = await runToExit(INGEST_MAIN, {
      TOPOLOGY_FILE: topologyFile,
      PORT: '0',
      LOG_LEVEL: 'fatal',
      ...env,
    });
    return { code, output: stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('ingest startup', () => {
  let redis: TestRedis | undefined;
  let ingest: IngestProcess | undefined;
  afterEach(async () => {
    await ingest?.stop();
    await redis?.cleanup();
    [ingest, redis] = [undefined, undefined];
  });

  it('starts without any Genesys client secret: it never calls Genesys', async () => {
    redis = await createTestRedis('ingest-startup');
    const topology = testTopology();
    // The org secrets the topology refers to are not in the environment at all.
    ingest = await startIngestProcess({
      redisUrl: redis.url,
      prefix: redis.prefix,
      topology: { ...topology, env: {} },
      secrets: [newSecret()],
    });
    expect((await fetch(`${ingest.url}/readyz`)).status).toBe(200);
    for (const secret of Object.values(topology.env)) expect(ingest.output()).not.toContain(secret);
  });

  it('exits 78 naming WEBHOOK_SECRETS when a secret is shorter than 24 decoded bytes', async () => {
    const short = `whsec_${Buffer.alloc(16, 1).toString('base64')}`;
    const { code, output } = await exitOf({ WEBHOOK_SECRETS: `${newSecret()},${short}` });
    expect(code).toBe(78);
    expect(output).toMatch(/WEBHOOK_SECRETS: entry 2 of 2 is too short: 16 bytes/);
    expect(output).not.toContain(short);
  });

  it('exits 78 naming WEBHOOK_SECRETS when a secret is listed twice', async () => {
    const secret = newSecret();
    const { code, output } = await exitOf({ WEBHOOK_SECRETS: `${secret},${secret}` });
    expect(code).toBe(78);
    expect(output).toMatch(/WEBHOOK_SECRETS: entry 2 of 2 repeats entry 1/);
  });

  it('exits 78 naming WEBHOOK_ID_TTL_S when it is below twice the 5-minute tolerance', async () => {
    const { code, output } = await exitOf({ WEBHOOK_SECRETS: newSecret(), WEBHOOK_ID_TTL_S: '599' });
    expect(code).toBe(78);
    expect(output).toMatch(/WEBHOOK_ID_TTL_S: must be at least 600 seconds/);
  });

  it.each([
    ['INGEST_MAX_IN_FLIGHT', '-1'],
    ['PORT', 'x'],
    ['HOST', ' '],
  ])('exits 78 naming %s=%s, before touching Redis', async (name, value) => {
    const { code, output } = await exitOf({
      WEBHOOK_SECRETS: newSecret(),
      // Nothing listens here: the settings are refused before any connection is tried.
      REDIS_URL: 'redis://127.0.0.1:1',
      [name]: value,
    });
    expect(code).toBe(78);
    expect(output).toContain(`Invalid configuration in environment:\n  - ${name}: `);
    expect(output).not.toMatch(/\n\s+at /);
  });
});
