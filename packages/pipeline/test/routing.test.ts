import { parseTopology, TopologyIndex } from '@wfm-sync/config';
import { generateFixture, topologyFromFixture } from '@wfm-sync/gc-sim';
import { describe, expect, it } from 'vitest';
import {
  agentQueueName,
  orgQueueName,
  queueForKey,
  queueOfStoredKey,
  queuesOfRegion,
  regionQueueName,
} from '../src/index.js';

function twoOrgsInOneRegion(): TopologyIndex {
  const fixture = generateFixture({ seed: 3, orgs: 2, trunks: 2, agents: 4, regions: ['ap-southeast-1'] });
  const { topology, env } = topologyFromFixture(fixture, { baseUrl: 'http://127.0.0.1:9' });
  return new TopologyIndex(parseTopology(topology, { source: 'routing test', env }).topology);
}

describe('queue routing between orgs of one region (decision 025)', () => {
  const topology = twoOrgsInOneRegion();
  const [a, b] = topology.topology.orgs;
  const region = 'ap-southeast-1';

  it('sends each org-wide key to its own org queue, agents to their routing group', () => {
    for (const kind of ['campaign', 'trunk', 'timeoff', 'schedule'] as const) {
      expect(queueForKey(topology, { orgId: a!.id, kind, id: 'x' })).toBe(orgQueueName(region, a!.id));
      expect(queueForKey(topology, { orgId: b!.id, kind, id: 'x' })).toBe(orgQueueName(region, b!.id));
    }
    expect(queueForKey(topology, { orgId: a!.id, kind: 'agent', id: 'u' }, 'rg')).toBe(
      agentQueueName(region, a!.id, 'rg'),
    );
    expect(orgQueueName(region, a!.id)).not.toBe(orgQueueName(region, b!.id));
  });

  it('lets workers consume every org queue of the region and the shared queue of before', () => {
    const [only] = queuesOfRegion(topology, region);
    expect(only!.legacy).toBe(regionQueueName(region));
    expect(only!.queues).toContain(regionQueueName(region));
    for (const org of [a!, b!]) {
      const own = only!.byOrg.get(org.id)!;
      expect(own[0]).toBe(orgQueueName(region, org.id));
      expect(own.every((q) => only!.queues.includes(q))).toBe(true);
      expect(own).not.toContain(regionQueueName(region));
    }
  });

  it('moves a key recorded with the shared region queue to its org queue when swept; agents keep theirs', () => {
    const timeoff = { orgId: b!.id, kind: 'timeoff' as const, id: 't1' };
    expect(queueOfStoredKey(topology, timeoff, regionQueueName(region))).toBe(orgQueueName(region, b!.id));
    const agent = { orgId: b!.id, kind: 'agent' as const, id: 'u1' };
    expect(queueOfStoredKey(topology, agent, agentQueueName(region, b!.id, 'rg'))).toBe(
      agentQueueName(region, b!.id, 'rg'),
    );
  });
});
