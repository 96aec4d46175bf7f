import { parseTopology, TopologyIndex } from '@wfm-sync/config';
import {
  type FixtureAgent,
  generateFixture,
  type SimFixture,
  type SimTopology,
  topologyFromFixture,
} from '@wfm-sync/gc-sim';

/** Ingest never calls Genesys, so tests without a simulator point the orgs at a port nothing listens on. */
const NO_SIMULATOR_URL = 'http://127.0.0.1:9';

export interface TestTopology {
  fixture: SimFixture;
  /** The topology file as an operator writes it (secrets as `env:` references). */
  file: SimTopology;
  /** The org secrets the file refers to, by variable name. */
  env: Record<string, string>;
  index: TopologyIndex;
}

/** Two orgs in two regions (so load shedding can be shown to be per region), two trunks and four agents each. */
export function testFixture(): SimFixture {
  return generateFixture({ seed: 11, orgs: 2, trunks: 4, agents: 8 });
}

export function testTopology(fixture: SimFixture = testFixture(), simUrl = NO_SIMULATOR_URL): TestTopology {
  const { topology: file, env } = topologyFromFixture(fixture, { baseUrl: simUrl, requestsPerMinute: 6000 });
  const index = new TopologyIndex(parseTopology(file, { source: 'ingest test', env }).topology);
  return { fixture, file, env, index };
}

export interface OrgAgent {
  orgId: string;
  region: string;
  agent: FixtureAgent;
}

export function agentOf(topology: TestTopology, orgIndex: number, agentIndex: number): OrgAgent {
  const org = topology.fixture.orgs[orgIndex];
  const agent = org?.agents[agentIndex];
  if (!org || !agent) throw new Error(`the test fixture has no agent ${agentIndex} in org ${orgIndex}`);
  return { orgId: org.id, region: org.region, agent };
}
