import { describe, expect, it } from 'vitest';
import { callBreakdown, callBreakdownText } from './call-breakdown.js';

describe('callBreakdown', () => {
  it('names the routes BENCHMARKS.md quotes, most calls first, and keeps unknown routes as they are', () => {
    const calls = {
      'PUT /api/v2/routing/users/:userId/utilization': 1_007,
      'GET /api/v2/telephony/providers/edges/trunks': 128,
      'GET /api/v2/telephony/providers/edges/trunks/:trunkId': 10,
      'POST /api/v2/notifications/channels': 2,
      'PUT /api/v2/notifications/channels/:channelId/subscriptions': 2,
      'POST /oauth/token': 2,
      'DELETE /api/v2/something/new': 1,
    };
    expect(callBreakdown(calls)).toEqual([
      { what: 'utilization PUTs', calls: 1_007 },
      { what: 'trunk listings', calls: 128 },
      { what: 'single-trunk reads', calls: 10 },
      { what: 'channel creations', calls: 2 },
      { what: 'subscription PUTs', calls: 2 },
      { what: 'tokens', calls: 2 },
      { what: 'DELETE /api/v2/something/new', calls: 1 },
    ]);
    expect(callBreakdownText(calls)).toMatch(
      /^1,007 utilization PUTs, 128 trunk listings, 10 single-trunk reads, /,
    );
  });

  it('tells a single trunk from the listing, and a read from a write of the same route', () => {
    expect(
      callBreakdown({
        'GET /api/v2/outbound/campaigns/:campaignId': 3,
        'PUT /api/v2/outbound/campaigns/:campaignId': 4,
        'GET /api/v2/telephony/providers/edges/trunks/:trunkId': 5,
      }),
    ).toEqual([
      { what: 'single-trunk reads', calls: 5 },
      { what: 'campaign PUTs', calls: 4 },
      { what: 'campaign GETs', calls: 3 },
    ]);
    expect(callBreakdownText({})).toBe('');
  });
});
