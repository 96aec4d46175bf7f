import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestRedis, type TestRedis } from '@wfm-sync/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { bodyOf, capacityEvent } from './support/events.js';
import { WEBHOOK_PATH } from './support/ingest.js';
import { type IngestProcess, startIngestProcess } from './support/ingest-process.js';
import { newSecret, signedHeaders } from './support/signing.js';
import { agentOf, testTopology } from './support/topology.js';

/**
 * Ingest as deploy/kubernetes runs it: its webhook secrets in a mounted file (WEBHOOK_SECRETS_FILE), and none of
 * the orgs' Genesys client secrets (only workers get those), whether the topology names them as env: or file:.
 */
describe('ingest with secrets as files and no Genesys client secret', () => {
  let redis: TestRedis | undefined;
  let ingest: IngestProcess | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'wfm-ingest-deploy-'));
  afterEach(async () => {
    await ingest?.stop();
    await redis?.cleanup();
    [ingest, redis] = [undefined, undefined];
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts, and accepts a webhook signed with a secret of WEBHOOK_SECRETS_FILE', async () => {
    redis = await createTestRedis('ingest-deploy');
    const topology = testTopology();
    const [first, ...others] = topology.file.orgs;
    // One org's secret as a file that is not mounted here, the other's as a variable that is not set.
    const file = {
      ...topology.file,
      orgs: [{ ...first!, clientSecret: `file:${join(dir, 'not-mounted')}` }, ...others],
    };
    const secret = newSecret();
    const secretsFile = join(dir, 'webhook-secrets');
    writeFileSync(secretsFile, `${newSecret()}\n${secret}\n`);
    ingest = await startIngestProcess({
      redisUrl: redis.url,
      prefix: redis.prefix,
      topology: { ...topology, file, env: {} },
      secrets: [],
      env: { WEBHOOK_SECRETS: '', WEBHOOK_SECRETS_FILE: secretsFile },
    });
    const body = JSON.stringify(bodyOf([capacityEvent(agentOf(topology, 0, 0), 3, 1)]));
    const response = await fetch(`${ingest.url}${WEBHOOK_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signedHeaders(secret, body) },
      body,
    });
    expect(response.status, ingest.output()).toBe(202);
  });
});
