import { describe, expect, it } from 'vitest';
import { plannedRuns, runsWithoutFigures } from './completeness.js';
import type { RunResult } from './types.js';

describe('plannedRuns and runsWithoutFigures', () => {
  it('plans every strategy on a sync scenario and wfm-sync alone on ingest and soak', () => {
    expect(plannedRuns(['peak', 'ingest', 'soak'], ['wfm-sync', 'serial-sleep'])).toEqual([
      { scenario: 'peak', strategy: 'wfm-sync' },
      { scenario: 'peak', strategy: 'serial-sleep' },
      { scenario: 'ingest', strategy: 'wfm-sync' },
      { scenario: 'soak', strategy: 'wfm-sync' },
    ]);
    expect(plannedRuns(['ingest'], ['serial-sleep'])).toEqual([]);
  });

  it('plans on the time-off and schedule scenario only the strategies it compares', () => {
    expect(plannedRuns(['timeoff-schedules'], ['wfm-sync', 'serial-sleep', 'conflict-as-success'])).toEqual([
      { scenario: 'timeoff-schedules', strategy: 'wfm-sync' },
      { scenario: 'timeoff-schedules', strategy: 'conflict-as-success' },
    ]);
  });

  it('names the planned runs that failed or never ran', () => {
    const failed: RunResult = { kind: 'failed', scenario: 'peak', strategy: 'serial-sleep', error: 'boom' };
    const planned = plannedRuns(['peak'], ['wfm-sync', 'serial-sleep']);
    expect(runsWithoutFigures(planned, [failed])).toEqual(planned);
  });
});
