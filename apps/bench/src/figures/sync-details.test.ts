import { violationKinds } from '@wfm-sync/local-stack/gc-sim';
import { describe, expect, it } from 'vitest';
import { notificationFigures } from '../notifications/figures.js';
import { syncDetailLines } from './sync-details.js';
import type { SyncFigures } from './types.js';

const zero = Object.fromEntries(violationKinds.map((k) => [k, 0])) as SyncFigures['violations'];

const run = (strategy: SyncFigures['strategy'], more: Partial<SyncFigures> = {}): SyncFigures => ({
  kind: 'sync',
  scenario: 'peak',
  strategy,
  deliveries: 20_000,
  feedSeconds: 60,
  apiCalls: 1_203,
  appliedChanges: 1_042,
  conflictsSeen: 0,
  conflictsUnresolved: 0,
  status429: 0,
  callsByRoute: {
    'PUT /api/v2/routing/users/:userId/utilization': 1_007,
    'GET /api/v2/telephony/providers/edges/trunks': 128,
    'POST /oauth/token': 2,
  },
  callsPerMinuteAfterFeed: {},
  keys: 506,
  changedKeys: 506,
  callsPerAppliedChange: 1.16,
  callsPerChangedKey: 2.38,
  lostUpdates: {},
  lostTotal: 0,
  violations: zero,
  convergedAfterS: 64.3,
  lowerBoundS: 50.6,
  ratioToLowerBound: 1.27,
  timeLimitS: 600,
  stoppedBecause: 'converged',
  administratorEdits: 0,
  strategyReport: {},
  redisUsedBefore: 0,
  redisUsedAfter: 0,
  redisBytesPer1000Keys: 0,
  redisBytesByKeyKind: {},
  ...more,
});

describe('syncDetailLines', () => {
  it("gives each wfm-sync run its calls by what they were for, and the notification service's counters", () => {
    const notifications = notificationFigures({ orgs: {}, topics: {} }, []);
    expect(
      syncDetailLines([run('wfm-sync', { notifications }), run('retry-backoff'), run('wfm-sync')]),
    ).toEqual([
      '- calls of peak, wfm-sync (1,203): 1,007 utilization PUTs, 128 trunk listings, 2 tokens',
      '- notifications of peak, wfm-sync: 0 channels created, 0 connections opened, 0 cut, 0 socket_closing sent, 0 heartbeats; topic messages: 0 published, 0 sent, 0 dropped, 0 due while not connected',
      '- calls of peak, wfm-sync (1,203): 1,007 utilization PUTs, 128 trunk listings, 2 tokens',
    ]);
  });
});
