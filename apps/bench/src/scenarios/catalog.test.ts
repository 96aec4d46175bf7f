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

  it('gives the tenants scenario schedules to change in every org, and says what its lower bound counts', () => {
    const scenario = scenarioFor('tenants', 'full');
    if (scenario.kind !== 'sync') throw new Error('tenants is a sync scenario');
    expect(scenario.fixture.weekIds).toHaveLength(2);
    expect(scenario.summary).toMatch(/Lower bound: the slowest org's changed write units/);
  });
});
