import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Stack, startStack } from '@wfm-sync/local-stack';
import { type SimFixture, topologyFromFixture } from '@wfm-sync/local-stack/gc-sim';
import { BENCH_WEBHOOK_SECRET } from '../strategies/wfm-sync.js';

/** Ingest never calls Genesys, so its topology may point anywhere. */
const UNUSED_GENESYS_URL = 'http://127.0.0.1:9';

/** The topology of `fixture` written into `dir`, with the org secrets it names: what every ingest of a run shares. */
export interface IngestTopology {
  topologyFile: string;
  env: Record<string, string>;
}

export function writeIngestTopology(fixture: SimFixture, dir: string): IngestTopology {
  const { topology, env } = topologyFromFixture(fixture, { baseUrl: UNUSED_GENESYS_URL });
  const topologyFile = join(dir, 'ingest-topology.json');
  writeFileSync(topologyFile, JSON.stringify(topology));
  return { topologyFile, env };
}

export interface IngestAloneOptions {
  redisUrl: string;
  prefix: string;
  topology: IngestTopology;
  logDir: string;
  ingestEnv: Record<string, string>;
  /** Another build of ingest than `apps/ingest/dist/main.js`. */
  ingestScript?: string | undefined;
  ingestNodeArgs?: string[] | undefined;
}

/**
 * Ingest as a process of its own, with the bench's webhook secret and no workers (their CPU would be the load
 * generator's), logging warnings only.
 */
export function startIngestAlone(options: IngestAloneOptions): Promise<Stack> {
  return startStack({
    redisUrl: options.redisUrl,
    prefix: options.prefix,
    topologyFile: options.topology.topologyFile,
    env: options.topology.env,
    webhookSecret: BENCH_WEBHOOK_SECRET,
    logDir: options.logDir,
    logLevel: 'warn',
    workers: [],
    ingestEnv: options.ingestEnv,
    ...(options.ingestScript ? { ingestScript: resolve(options.ingestScript) } : {}),
    ...(options.ingestNodeArgs ? { ingestNodeArgs: options.ingestNodeArgs } : {}),
  });
}
