import { describe, expect, it } from 'vitest';
import { scenarioFor } from './catalog.js';

describe('scenarioFor', () => {
  it("keeps a scenario's own budget unless one is given", () => {
    const own = scenarioFor('timeoff-schedules', 'quick');
    expect(own.kind === 'sync' && own.requestsPerMinute).toBe(600);
  });

  it('replaces the budget of a sync scenario and says so in its summary', () => {
    const scenario = scenarioFor('timeoff-schedules', 'quick', 6_000);
    expect(scenario.kind === 'sync' && scenario.requestsPerMinute).toBe(6_000);
    expect(scenario.summary).toMatch(/budget set to 6000 requests\/min/);
  });

  it('leaves the ingest scenario alone: it makes no Genesys calls', () => {
    expect(scenarioFor('ingest', 'quick', 6_000)).toEqual(scenarioFor('ingest', 'quick'));
  });
});
