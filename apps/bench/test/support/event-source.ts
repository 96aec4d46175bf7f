import { generateFixture } from '@wfm-sync/local-stack/gc-sim';
import { SignedEventSource } from '../../src/ingest/signed-events.js';
import { BENCH_WEBHOOK_SECRET } from '../../src/strategies/wfm-sync.js';

/** Signed webhooks of a small fixture (one org, five agents), the same for every test that drives a server. */
export function testEventSource(): SignedEventSource {
  const fixture = generateFixture({ seed: 7, orgs: 1, agentsPerOrg: 5, trunksPerOrg: 1 });
  return new SignedEventSource(fixture, BENCH_WEBHOOK_SECRET, 7);
}
