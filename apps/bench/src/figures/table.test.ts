import { violationKinds } from '@wfm-sync/local-stack/gc-sim';
import { describe, expect, it } from 'vitest';
import { renderMarkdownTable, TABLE_HEADERS, tableRows, violationsCell } from './table.js';
import type { SyncFigures } from './types.js';

const zero = Object.fromEntries(violationKinds.map((k) => [k, 0])) as SyncFigures['violations'];

const figures: SyncFigures = {
  kind: 'sync',
  scenario: 'peak',
  strategy: 'wfm-sync',
  deliveries: 20_000,
  feedSeconds: 60,
  ingest: { eventsPerSecond: 333.3, p50Ms: 4.25, p99Ms: 21 },
  apiCalls: 600,
  appliedChanges: 520,
  conflictsSeen: 3,
  conflictsUnresolved: 0,
  status429: 0,
  callsByRoute: {},
  callsPerMinuteAfterFeed: {},
  keys: 506,
  changedKeys: 506,
  callsPerAppliedChange: 600 / 520,
  callsPerChangedKey: 600 / 506,
  lostUpdates: {},
  lostTotal: 0,
  violations: zero,
  convergedAfterS: 55.5,
  lowerBoundS: 50.6,
  ratioToLowerBound: 55.5 / 50.6,
  timeLimitS: 600,
  stoppedBecause: 'converged',
  administratorEdits: 2,
  strategyReport: {},
  redisUsedBefore: 1_000_000,
  redisUsedAfter: 2_000_000,
  redisBytesPer1000Keys: 1_976_284,
  redisBytesByKeyKind: {},
  workerRssStart: [100 * 1024 * 1024],
  workerRssEnd: [120 * 1024 * 1024],
};

describe('the results table', () => {
  it('shows one row per run with every figure', () => {
    const [row] = tableRows([figures]);
    expect(row).toEqual([
      'peak',
      'wfm-sync',
      '333 (4.3 / 21 ms)',
      '1.15 (600 calls)',
      '1.19',
      '3 / 0',
      '0 of 506',
      '0',
      '55.5 s (1.10× lower bound 50.6 s)',
      '1,930 KB',
      '100.0 MB → 120.0 MB',
    ]);
  });

  it('mentions 429s from Genesys next to the calls', () => {
    expect(tableRows([{ ...figures, status429: 3 }])[0]?.[3]).toBe('1.15 (600 calls, 3 answered 429)');
  });

  it('says when a strategy never converged, and why', () => {
    const [idle] = tableRows([
      { ...figures, convergedAfterS: undefined, ratioToLowerBound: undefined, stoppedBecause: 'idle' },
    ]);
    expect(idle?.[8]).toBe('never (stopped writing); lower bound 50.6 s');
    const [limit] = tableRows([
      { ...figures, convergedAfterS: undefined, ratioToLowerBound: undefined, stoppedBecause: 'time-limit' },
    ]);
    expect(limit?.[8]).toBe('not within 600 s; lower bound 50.6 s');
  });

  it('shows agents per schedule update next to the calls per changed key, when there were schedules', () => {
    const scheduleUpdates = { started: 12, agents: 450, rejected: 1, complete: 10, error: 2 };
    const [row] = tableRows([
      { ...figures, scheduleUpdates: { ...scheduleUpdates, meanAgentsPerUpdate: 450 / 12 } },
    ]);
    expect(row?.[4]).toBe('1.19 (37.5 agents per schedule update, 12 updates)');
  });

  it('lists only the violation counters that are not zero', () => {
    expect(violationsCell(zero)).toBe('0');
    expect(violationsCell({ ...zero, unhealthyTrunkWrites: 1_204, concurrentWrites: 3 })).toBe(
      'concurrent writes 3, unhealthy trunk 1,204',
    );
  });

  it('keeps a failed run in the table, without figures', () => {
    const [row] = tableRows([{ kind: 'failed', scenario: 'peak', strategy: 'fixed-delay', error: 'a | b' }]);
    expect(row?.[2]).toBe('FAILED: a / b');
    expect(row).toHaveLength(TABLE_HEADERS.length);
  });

  it('renders an aligned Markdown table', () => {
    expect(renderMarkdownTable(['a', 'bb'], [['xxx', 'y']])).toBe(
      ['| a   | bb |', '|-----|----|', '| xxx | y  |'].join('\n'),
    );
  });
});
