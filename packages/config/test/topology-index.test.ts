import { describe, expect, it } from 'vitest';
import { parseTopology, TopologyIndex } from '../src/index.js';
import { ENV, SOURCE, validDocument } from './fixtures.js';

function indexOf(document = validDocument()): TopologyIndex {
  return new TopologyIndex(parseTopology(document, { source: SOURCE, env: ENV }).topology);
}

describe('TopologyIndex', () => {
  const index = indexOf();

  it('finds orgs by id and by region', () => {
    expect(index.org('acme-us')?.region).toBe('us-east-1');
    expect(index.org('nobody')).toBeUndefined();
    expect(index.orgsInRegion('ap-southeast-1').map((org) => org.id)).toEqual(['acme-apac']);
    expect(index.orgsInRegion('eu-west-1')).toEqual([]);
  });

  it('lists regions that have orgs, in REGIONS order', () => {
    expect(index.regions()).toEqual(['us-east-1', 'ap-southeast-1']);
  });

  it('scopes trunks and routing groups by org', () => {
    expect(index.trunk('acme-apac', 'trunk-sg-07')?.maxConcurrentCalls).toBe(30);
    expect(index.trunk('acme-us', 'trunk-sg-07')).toBeUndefined();
    expect(index.routingGroup('acme-us', 'us-renewals')?.callsPerAgent).toBe(2);
    expect(index.routingGroup('acme-apac', 'us-renewals')).toBeUndefined();
  });

  it('lists the groups of a trunk, [] for an unused trunk and undefined for an unknown one', () => {
    const document = validDocument();
    document.trunks.push({ id: 'trunk-spare', orgId: 'acme-apac', maxConcurrentCalls: 1 });
    document.routingGroups.push({
      id: 'sg-second',
      orgId: 'acme-apac',
      trunkIds: ['trunk-sg-08'],
      campaignIds: [],
      callsPerAgent: 1,
    });
    const withSpare = indexOf(document);
    expect(withSpare.groupsOfTrunk('acme-apac', 'trunk-sg-08')?.map((group) => group.id)).toEqual([
      'sg-outbound-sales',
      'sg-second',
    ]);
    expect(withSpare.groupsOfTrunk('acme-apac', 'trunk-spare')).toEqual([]);
    expect(withSpare.groupsOfTrunk('acme-apac', 'trunk-none')).toBeUndefined();
  });

  it('finds the group of a campaign within its org', () => {
    expect(index.groupOfCampaign('acme-us', 'camp-us-winback')?.id).toBe('us-renewals');
    expect(index.groupOfCampaign('acme-apac', 'camp-us-winback')).toBeUndefined();
  });

  it('lists routing groups by their org region', () => {
    expect(index.routingGroupsInRegion('ap-southeast-1').map((group) => group.id)).toEqual([
      'sg-outbound-sales',
    ]);
    expect(index.routingGroupsInRegion('us-east-1').map((group) => group.id)).toEqual(['us-renewals']);
    expect(index.routingGroupsInRegion('eu-west-2')).toEqual([]);
  });
});
